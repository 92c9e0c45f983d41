import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Breadcrumb, Button, Card, Col, Row, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { ApartmentOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDateTime } from '../../../../../shared/format.ts';
import { translateOptional } from '../../../../../shared/i18n/index.ts';
import { useSession } from '../../../session.tsx';
import { membersApi, type MembersStats, type StatsRow } from '../api.ts';
import { STAT_KEYS, withDirectRow, type StatsTableRow } from '../rules.ts';
import { useMembersContext } from '../context.ts';

type StatKey = (typeof STAT_KEYS)[number];

interface StatCard {
  key: StatKey;
  label: string;
  extra?: string;
  link?: string;
}

const PLACEHOLDER_CARDS: StatCard[] = STAT_KEYS.map((key) => ({ key, label: '' }));

function percent(part: number, whole: number): string {
  if (whole <= 0) return '0';
  return ((part / whole) * 100).toFixed(1).replace(/\.0$/, '');
}

/**
 * Roll statistics of one union and its direct children. Clicking a child drills down; the trail of
 * unions passed through is kept in the address (?org=…&trail=a,b) so the breadcrumb and the
 * browser's back button lead back up.
 */
export function StatsOverview() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const orgId = params.get('org') ?? undefined;
  const trail = (params.get('trail') ?? '').split(',').filter(Boolean);
  const [stats, setStats] = useState<MembersStats | null>(null);
  const [loadedAt, setLoadedAt] = useState<Date | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [names, setNames] = useState<Record<string, string>>({ [me.org.id]: me.org.name });

  const remember = useCallback((rows: StatsRow[]) => {
    setNames((previous) => {
      const next = { ...previous };
      for (const row of rows) next[row.orgId] = row.orgName;
      return next;
    });
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      const found = await membersApi.stats(orgId);
      setStats(found);
      setLoadedAt(new Date());
      remember([found.node, ...found.children]);
    } catch (error) {
      setStats(null);
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, [orgId, remember]);

  useEffect(() => {
    void load();
  }, [load]);

  // After a reload of a drilled-down page, the trail's names are looked up once.
  const trailKey = trail.join(',');
  const namesRef = useRef(names);
  namesRef.current = names;
  useEffect(() => {
    for (const id of trailKey.split(',').filter(Boolean)) {
      if (namesRef.current[id]) continue;
      membersApi
        .stats(id)
        .then((found) => remember([found.node]))
        .catch(() => undefined);
    }
  }, [trailKey, remember]);

  const drill = (child: StatsRow) => {
    if (!stats) return;
    setParams({ org: child.orgId, trail: [...trail, stats.node.orgId].join(',') });
  };

  const goTo = (index: number) => {
    const id = trail[index];
    if (!id) return;
    const before = trail.slice(0, index);
    setParams(before.length > 0 || id !== me.org.id ? { org: id, ...(before.length ? { trail: before.join(',') } : {}) } : {});
  };

  const node = stats?.node;
  const rows = useMemo(() => (stats ? withDirectRow(stats) : []), [stats]);
  const cards: StatCard[] = node
    ? [
        { key: 'members', label: t('consoleMembers.stats.members'), link: `/members/roll?orgId=${node.orgId}` },
        {
          key: 'newFormMembers',
          label: t('consoleMembers.stats.newFormMembers'),
          extra: t('consoleMembers.stats.newFormShare', { percent: percent(node.newFormMembers, node.members) }),
        },
        { key: 'joinsThisMonth', label: t('consoleMembers.stats.joinsThisMonth') },
        { key: 'joinsThisYear', label: t('consoleMembers.stats.joinsThisYear') },
        {
          key: 'pendingApplications',
          label: t('consoleMembers.stats.pendingApplications'),
          link: `/members/applications?orgId=${node.orgId}`,
        },
      ]
    : [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="members-stats">
      <div className="gh-toolbar" style={{ marginBottom: 0 }}>
        <Breadcrumb
          data-testid="members-stats-breadcrumb"
          items={[
            ...trail.map((id, i) => ({
              key: id,
              title: (
                <Typography.Link onClick={() => goTo(i)} data-testid="members-stats-crumb">
                  {names[id] ?? t('common.loading')}
                </Typography.Link>
              ),
            })),
            {
              key: 'current',
              title: (
                <Space size={6}>
                  <ApartmentOutlined />
                  <Typography.Text strong>{node?.orgName ?? (orgId ? (names[orgId] ?? '') : me.org.name)}</Typography.Text>
                </Space>
              ),
            },
          ]}
        />
        <Space>
          {loadedAt && (
            <Typography.Text type="secondary">{t('consoleMembers.stats.asOf', { time: formatDateTime(loadedAt) })}</Typography.Text>
          )}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading} data-testid="members-stats-refresh" />
          </Tooltip>
        </Space>
      </div>

      {problem && <Alert type="error" showIcon title={problem} />}

      <Row gutter={[16, 16]}>
        {(node ? cards : PLACEHOLDER_CARDS).map((card) => (
          <Col key={card.key} flex="1 1 200px">
            <Card size="small" loading={loading && !node} className="gh-stat-card" data-testid={`members-stat-${card.key}`}>
              {node && (
                <Statistic
                  title={card.label}
                  value={node[card.key]}
                  groupSeparator=","
                  suffix={card.extra ? <span className="gh-stat-extra">{card.extra}</span> : undefined}
                />
              )}
              {node && card.link && (
                <Link to={card.link} className="gh-stat-link">
                  {t('consoleMembers.common.view')} <RightOutlined />
                </Link>
              )}
            </Card>
          </Col>
        ))}
      </Row>

      {trail.length === 0 && !orgId && <TodoCard />}

      <Card
        size="small"
        title={t('consoleMembers.stats.children')}
        extra={<Typography.Text type="secondary">{t('consoleMembers.stats.drillHint')}</Typography.Text>}
      >
        <Table<StatsTableRow>
          rowKey={(row) => (row.direct ? 'direct' : row.orgId)}
          size="small"
          loading={loading}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{ emptyText: t('consoleMembers.stats.childrenEmpty') }}
          data-testid="members-stats-children"
          onRow={(row) =>
            ({
              'data-testid': row.direct ? 'members-stats-direct' : 'members-stats-child',
              'data-org-id': row.orgId,
            }) as React.HTMLAttributes<HTMLElement>
          }
          summary={() =>
            node && rows.length > 0 ? (
              <Table.Summary.Row className="gh-stats-total">
                <Table.Summary.Cell index={0} colSpan={2}>
                  {t('consoleMembers.stats.total')}
                </Table.Summary.Cell>
                {STAT_KEYS.map((key, i) => (
                  <Table.Summary.Cell key={key} index={i + 2} align="right">
                    {node[key].toLocaleString('zh-CN')}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={STAT_KEYS.length + 2} />
              </Table.Summary.Row>
            ) : null
          }
          columns={[
            {
              title: t('consoleMembers.stats.org'),
              key: 'name',
              render: (_, row) =>
                row.direct ? (
                  <Tooltip title={t('consoleMembers.stats.directHint')}>
                    <Typography.Text>{t('consoleMembers.stats.direct', { name: row.orgName })}</Typography.Text>
                  </Tooltip>
                ) : (
                  <Typography.Link onClick={() => drill(row)} data-testid="members-stats-drill">
                    {row.orgName}
                  </Typography.Link>
                ),
            },
            {
              title: t('consoleMembers.stats.kind'),
              dataIndex: 'kind',
              width: 160,
              render: (kind: string) => translateOptional(`enums.orgKind.${kind}`) ?? kind,
            },
            ...STAT_KEYS.map((key) => ({
              title: t(`consoleMembers.stats.${key}`),
              dataIndex: key,
              width: 130,
              align: 'right' as const,
              sorter: (a: StatsTableRow, b: StatsTableRow) => a[key] - b[key],
              render: (value: number) => value.toLocaleString('zh-CN'),
            })),
            {
              title: t('common.actions'),
              key: 'actions',
              width: 120,
              render: (_, row) => (
                <Space size={12}>
                  <Link to={`/members/roll?orgId=${row.orgId}${row.direct ? '&orgOnly=1' : ''}`}>{t('consoleMembers.stats.viewRoll')}</Link>
                  <Link to={`/members/applications?orgId=${row.orgId}`}>{t('consoleMembers.stats.viewApplications')}</Link>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** What waits for the staff member across their subtree: reviews and transfers, each a link to its list. */
function TodoCard() {
  const { t } = useTranslation();
  const { counts } = useMembersContext();
  const [transfers, setTransfers] = useState<{ in: number; out: number } | null>(null);

  useEffect(() => {
    let cancelled = false;
    Promise.all([membersApi.transfers('in', 'requested'), membersApi.transfers('out', 'requested')])
      .then(([incoming, outgoing]) => {
        if (cancelled) return;
        setTransfers({
          in: incoming.items.filter((tr) => !tr.acceptedAt).length,
          out: outgoing.items.filter((tr) => !tr.releasedAt).length,
        });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  const items: { key: string; label: string; value: number | undefined; link: string; danger?: boolean }[] = [
    { key: 'pending', label: t('consoleMembers.stats.todoPending'), value: counts?.pending, link: '/members/applications' },
    {
      key: 'held',
      label: t('consoleMembers.stats.todoHeld'),
      value: counts?.held_duplicate,
      link: '/members/applications?status=held_duplicate',
    },
    {
      key: 'overdue',
      label: t('consoleMembers.stats.todoOverdue'),
      value: counts?.overdue,
      link: '/members/applications?overdue=1',
      danger: (counts?.overdue ?? 0) > 0,
    },
    { key: 'transfers-in', label: t('consoleMembers.stats.todoTransfersIn'), value: transfers?.in, link: '/members/transfers' },
    {
      key: 'transfers-out',
      label: t('consoleMembers.stats.todoTransfersOut'),
      value: transfers?.out,
      link: '/members/transfers?direction=out',
    },
  ];

  return (
    <Card
      size="small"
      title={t('consoleMembers.stats.todo')}
      extra={<Typography.Text type="secondary">{t('consoleMembers.stats.todoScope')}</Typography.Text>}
      data-testid="members-todo"
    >
      <div className="gh-todo">
        {items.map((item) => (
          <Link key={item.key} to={item.link} className="gh-todo-item" data-testid={`members-todo-${item.key}`}>
            <span className={item.danger ? 'gh-todo-value gh-todo-danger' : 'gh-todo-value'}>{item.value ?? t('common.none')}</span>
            <span className="gh-todo-label">
              {item.label} <RightOutlined />
            </span>
          </Link>
        ))}
      </div>
    </Card>
  );
}
