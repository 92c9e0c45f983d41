import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import { ApartmentOutlined, QuestionCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { translateOptional } from '../../../../../shared/i18n/index.ts';
import { TRADES, type Trade } from '../../../../../shared/trades.ts';
import { problemText } from '../../../components/problem-text.ts';
import { useSession } from '../../../session.tsx';
import { censusAbilities, countText, NONE, percentText, shanghaiYear } from '../outreach/rules.ts';
import { MAX_TARGET, targetsApi, type TargetNode, type TargetReport } from './api.ts';
import {
  childrenTotals,
  climbTo,
  drillDown,
  isYear,
  parseTarget,
  progressPercent,
  readView,
  shortOfChildren,
  splitOver,
  viewParams,
  type TargetsView,
} from './rules.ts';

/** Joined ÷ target as a bar with its percentage (one decimal); '—' and an empty bar without a target. */
function ProgressBar({ progress, testId }: { progress: number | null; testId?: string }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 140 }} data-testid={testId}>
      <Progress
        percent={progressPercent(progress)}
        size="small"
        showInfo={false}
        status={progress !== null && progress >= 1 ? 'success' : 'normal'}
        style={{ flex: 1, margin: 0 }}
      />
      <span style={{ minWidth: 52, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{percentText(progress)}</span>
    </div>
  );
}

/**
 * A target that an admin edits in place: the number (empty = no target) and 保存, enabled once it
 * differs from the saved one; `warning` says what the server is likely to refuse.
 */
function TargetEditor({
  value,
  onSave,
  warning,
  testId,
}: {
  value: number | null;
  onSave: (target: number | null) => Promise<void>;
  warning: (draft: number | null) => string | null;
  testId: string;
}) {
  const { t } = useTranslation();
  // What the box holds: a number, the digits typed ('' once emptied: no target), or null.
  const [draft, setDraft] = useState<number | string | null>(value);
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(value), [value]);
  const parsed = parseTarget(draft);
  const dirty = parsed !== undefined && parsed !== value;
  const warn = parsed === undefined ? null : warning(parsed);
  const save = async () => {
    if (parsed === undefined) return;
    setSaving(true);
    try {
      await onSave(parsed);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Space orientation="vertical" size={2}>
      <Space.Compact>
        <Tooltip title={t('consoleCensusOutreach.targets.clearHint')}>
          <InputNumber<number | string>
            value={draft}
            min={0}
            max={MAX_TARGET}
            precision={0}
            step={100}
            placeholder={t('consoleCensusOutreach.targets.targetPlaceholder')}
            formatter={(v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}
            // Digits only, as text: an emptied box must read as '' (no target), which a number could not say.
            parser={(v) => (v ?? '').replace(/[^\d]/g, '')}
            onChange={(v) => setDraft(v)}
            onPressEnter={() => dirty && void save()}
            style={{ width: 130 }}
            data-testid={`${testId}-input`}
          />
        </Tooltip>
        <Button
          type={dirty ? 'primary' : 'default'}
          disabled={!dirty}
          loading={saving}
          onClick={() => void save()}
          data-testid={`${testId}-save`}
        >
          {t('consoleCensusOutreach.targets.save')}
        </Button>
      </Space.Compact>
      {warn && (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {warn}
        </Typography.Text>
      )}
    </Space>
  );
}

/**
 * 年度目标: the yearly join target of the staff member's union (or a child's, drilled down by its
 * name; the breadcrumb leads back up), the members who joined that year and how far along it is,
 * and the children's, split from it; «未分配» is what is left of the target. Admins of the census set
 * targets in place. The view lives in the address (?year=&trade=&org=&trail=).
 */
export function TargetsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const can = censusAbilities(me.roles.census);
  const thisYear = useMemo(() => shanghaiYear(new Date()), []);
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params, thisYear), [params, thisYear]);
  const [report, setReport] = useState<TargetReport | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const [names, setNames] = useState<Record<string, string>>({ [me.org.id]: me.org.name });
  const seq = useRef(0);

  const go = (next: TargetsView) => setParams(viewParams(next, thisYear));

  const remember = useCallback((nodes: TargetNode[]) => {
    setNames((previous) => {
      const next = { ...previous };
      for (const n of nodes) next[n.orgId] = n.orgName;
      return next;
    });
  }, []);

  const { year, trade, orgId } = view;
  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setProblem(null);
    try {
      const found = await targetsApi.report(year, trade, orgId);
      if (mine !== seq.current) return;
      setReport(found);
      remember([found.node, ...found.children]);
    } catch (error) {
      if (mine !== seq.current) return;
      setReport(null);
      setProblem(problemText(error));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [year, trade, orgId, remember]);

  useEffect(() => {
    setSaveProblem(null);
    void load();
  }, [load]);

  // After a reload of a drilled-down page, the trail's names are looked up once.
  const trailKey = view.trail.join(',');
  const namesRef = useRef(names);
  namesRef.current = names;
  useEffect(() => {
    for (const id of trailKey.split(',').filter(Boolean)) {
      if (namesRef.current[id]) continue;
      targetsApi
        .report(year, undefined, id)
        .then((found) => remember([found.node]))
        .catch(() => undefined);
    }
  }, [trailKey, year, remember]);

  const save = async (node: TargetNode, target: number | null) => {
    setSaveProblem(null);
    try {
      const answer = await targetsApi.set(node.orgId, year, trade, target);
      // The answer is the report of the union set: the shown one's when it is the node, else read again.
      if (report && node.orgId === report.node.orgId) setReport(answer);
      else await load();
      void message.success(
        t(target === null ? 'consoleCensusOutreach.targets.cleared' : 'consoleCensusOutreach.targets.saved', { name: node.orgName, year }),
      );
    } catch (error) {
      const text = problemText(error);
      setSaveProblem(text);
      void message.error(text);
    }
  };

  const node = report?.node;
  const children = report?.children ?? [];
  const totals = childrenTotals(children);
  const kindName = (kind: string) => translateOptional(`enums.orgKind.${kind}`) ?? kind;
  const tradeScope = trade ? t('consoleCensusOutreach.targets.tradeScope', { trade: t(`enums.trade.${trade}`) }) : null;

  const targetCell = (row: TargetNode, isNode: boolean, testId: string) =>
    can.canAdmin ? (
      <TargetEditor
        value={row.target}
        onSave={(target) => save(row, target)}
        warning={(draft) => {
          if (!report) return null;
          const over = isNode ? shortOfChildren(report, draft) : splitOver(report, row.orgId, draft);
          return over > 0 ? t('consoleCensusOutreach.targets.splitHint') : null;
        }}
        testId={testId}
      />
    ) : (
      <span data-testid={`${testId}-value`}>
        {row.target === null ? t('consoleCensusOutreach.targets.noTarget') : countText(row.target)}
      </span>
    );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="targets-tab">
      <div className="gh-toolbar" style={{ marginBottom: 0 }}>
        <Breadcrumb
          data-testid="targets-breadcrumb"
          items={[
            ...view.trail.map((id, i) => ({
              key: id,
              title: (
                <Typography.Link onClick={() => go(climbTo(view, i, me.org.id))} data-testid="targets-crumb">
                  {names[id] ?? t('common.loading')}
                </Typography.Link>
              ),
            })),
            {
              key: 'current',
              title: (
                <Space size={6}>
                  <ApartmentOutlined />
                  <Typography.Text strong data-testid="targets-node-name">
                    {node?.orgName ?? (orgId ? (names[orgId] ?? '') : me.org.name)}
                  </Typography.Text>
                </Space>
              ),
            },
          ]}
        />
        <Space wrap>
          <DatePicker
            picker="year"
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            disabledDate={(d) => !isYear(d.year())}
            onChange={(d) => d && go({ ...view, year: d.year() })}
            format={(d) => t('consoleCensusOutreach.targets.yearValue', { year: d.year() })}
            style={{ width: 120 }}
            data-testid="targets-year"
          />
          <Select<Trade | 'all'>
            value={trade ?? 'all'}
            style={{ width: 140 }}
            onChange={(value) => go({ ...view, trade: value === 'all' ? undefined : value })}
            options={[
              { value: 'all', label: t('consoleCensusOutreach.targets.allTrades') },
              ...TRADES.map((tr) => ({ value: tr, label: t(`enums.trade.${tr}`) })),
            ]}
            data-testid="targets-trade"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading} data-testid="targets-refresh" />
          </Tooltip>
        </Space>
      </div>

      {problem && <Alert type="error" showIcon title={problem} data-testid="targets-error" />}

      <Card
        size="small"
        loading={loading && !node}
        title={
          node && (
            <Space size={8}>
              <span>{node.orgName}</span>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {kindName(node.kind)}
              </Typography.Text>
              {tradeScope && <Typography.Text type="secondary">{tradeScope}</Typography.Text>}
            </Space>
          )
        }
        extra={!can.canAdmin && <Typography.Text type="secondary">{t('consoleCensusOutreach.targets.adminOnly')}</Typography.Text>}
        data-testid="targets-node"
      >
        {node && (
          <Row gutter={[24, 16]} align="middle">
            <Col flex="0 0 auto">
              <Typography.Text type="secondary">{t('consoleCensusOutreach.targets.target')}</Typography.Text>
              <div style={{ marginTop: 6 }} data-testid="targets-node-target">
                {can.canAdmin ? (
                  targetCell(node, true, 'targets-node')
                ) : (
                  <Typography.Title level={3} style={{ margin: 0 }}>
                    {node.target === null ? t('consoleCensusOutreach.targets.noTarget') : countText(node.target)}
                  </Typography.Title>
                )}
              </div>
            </Col>
            <Col flex="0 0 160px">
              <Statistic
                title={
                  <Tooltip title={t('consoleCensusOutreach.targets.joinedHint', { year })}>
                    <span>
                      {t('consoleCensusOutreach.targets.joined')} <QuestionCircleOutlined />
                    </span>
                  </Tooltip>
                }
                value={countText(node.joined)}
                data-testid="targets-node-joined"
              />
            </Col>
            <Col flex="1 1 260px">
              <Typography.Text type="secondary">{t('consoleCensusOutreach.targets.progress')}</Typography.Text>
              <div style={{ marginTop: 10 }}>
                <ProgressBar progress={node.progress} testId="targets-node-progress" />
              </div>
            </Col>
            <Col flex="0 0 160px">
              <Statistic
                title={
                  <Tooltip title={t('consoleCensusOutreach.targets.unassignedHint')}>
                    <span>
                      {t('consoleCensusOutreach.targets.unassigned')} <QuestionCircleOutlined />
                    </span>
                  </Tooltip>
                }
                value={countText(report?.unassigned)}
                styles={report && report.unassigned !== null && report.unassigned < 0 ? { content: { color: '#cf1322' } } : undefined}
                data-testid="targets-unassigned"
              />
            </Col>
          </Row>
        )}
      </Card>

      {saveProblem && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setSaveProblem(null) }}
          title={saveProblem}
          data-testid="targets-save-error"
        />
      )}

      <Card
        size="small"
        title={t('consoleCensusOutreach.targets.children')}
        extra={<Typography.Text type="secondary">{t('consoleCensusOutreach.targets.drillHint')}</Typography.Text>}
      >
        <Table<TargetNode>
          rowKey="orgId"
          size="small"
          loading={loading}
          dataSource={children}
          pagination={children.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          locale={{ emptyText: t('consoleCensusOutreach.targets.childrenEmpty') }}
          data-testid="targets-children"
          onRow={(row) => ({ 'data-testid': 'targets-child', 'data-org-id': row.orgId }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('consoleCensusOutreach.targets.union'),
              dataIndex: 'orgName',
              // A union with nothing below it would open on an empty table: its name is plain text.
              render: (name: string, row) =>
                row.hasChildren ? (
                  <Typography.Link onClick={() => node && go(drillDown(view, node.orgId, row.orgId))} data-testid="targets-drill">
                    {name}
                  </Typography.Link>
                ) : (
                  <span data-testid="targets-leaf">{name}</span>
                ),
            },
            {
              title: t('consoleCensusOutreach.targets.kind'),
              dataIndex: 'kind',
              width: 150,
              render: (kind: string) => kindName(kind),
            },
            {
              title: t('consoleCensusOutreach.targets.target'),
              key: 'target',
              width: can.canAdmin ? 240 : 120,
              align: can.canAdmin ? 'left' : 'right',
              render: (_, row) => targetCell(row, false, 'targets-child'),
            },
            {
              title: t('consoleCensusOutreach.targets.joined'),
              dataIndex: 'joined',
              width: 120,
              align: 'right',
              render: (n: number) => countText(n),
            },
            {
              title: t('consoleCensusOutreach.targets.progress'),
              key: 'progress',
              width: 240,
              render: (_, row) => <ProgressBar progress={row.progress} />,
            },
          ]}
          summary={() =>
            children.length > 0 && (
              <Table.Summary>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <Typography.Text strong>{t('consoleCensusOutreach.targets.total')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align={can.canAdmin ? 'left' : 'right'}>
                    <span data-testid="targets-children-target">{countText(totals.target)}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {countText(totals.joined)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} />
                </Table.Summary.Row>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <Tooltip title={t('consoleCensusOutreach.targets.unassignedHint')}>
                      <Typography.Text type="secondary">{t('consoleCensusOutreach.targets.unassigned')}</Typography.Text>
                    </Tooltip>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align={can.canAdmin ? 'left' : 'right'}>
                    <span data-testid="targets-children-unassigned">{countText(report?.unassigned)}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {NONE}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} />
                </Table.Summary.Row>
              </Table.Summary>
            )
          }
        />
      </Card>
    </Space>
  );
}
