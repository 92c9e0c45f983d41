import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, DatePicker, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../../shared/format.ts';
import { TRADES, type Trade } from '../../orgs/rules.ts';
import {
  MEMBER_STATUSES,
  membersApi,
  type MemberPage,
  type MemberQuery,
  type MemberSort,
  type MemberStatus,
  type RollItem,
} from '../api.ts';
import { useCursorList } from '../../../components/use-cursor-list.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { codeLabel, MemberStatusTag, tradeLabel } from './tags.tsx';
import { UnionPicker } from './union-picker.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function readQuery(params: URLSearchParams): MemberQuery {
  const trade = params.get('trade');
  const status = params.get('status');
  const newForm = params.get('newForm');
  const from = params.get('joinedFrom');
  const to = params.get('joinedTo');
  return {
    orgId: params.get('orgId') ?? undefined,
    orgOnly: (params.get('orgId') && params.get('orgOnly') === '1') || undefined,
    trade: TRADES.includes(trade as Trade) ? (trade as Trade) : undefined,
    status: MEMBER_STATUSES.includes(status as MemberStatus) ? (status as MemberStatus) : undefined,
    newForm: newForm === '1' ? true : newForm === '0' ? false : undefined,
    joinedFrom: from && DAY.test(from) ? from : undefined,
    joinedTo: to && DAY.test(to) ? to : undefined,
    q: params.get('q')?.trim() || undefined,
    sort: params.get('sort') === 'joined_asc' ? 'joined_asc' : undefined,
  };
}

/** The roll: filtered, newest members first (or oldest), 50 at a time, with the total and an audited export. */
export function RollTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(params), [params]);
  const list = useCursorList<RollItem, MemberQuery, MemberPage>(query, (q, cursor) => membersApi.list({ ...q, cursor }));
  const [search, setSearch] = useState(query.q ?? '');
  const [exporting, setExporting] = useState(false);
  const total = list.page?.total ?? null;
  const totalText = total === null ? '' : `${total.toLocaleString('zh-CN')}${list.page?.totalCapped ? '+' : ''}`;
  const sort: MemberSort = query.sort ?? 'joined_desc';

  const setFilter = (changes: Record<string, string | undefined>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  const filtered = Object.entries(query).some(([key, value]) => key !== 'sort' && value !== undefined);

  return (
    <Card>
      <div className="gh-roll-filters">
        <Space size={[12, 12]} wrap>
          <Tooltip title={t('consoleMembers.roll.searchHint')}>
            <Space.Compact style={{ width: 250 }}>
              <Input
                value={search}
                allowClear
                placeholder={t('consoleMembers.roll.searchPlaceholder')}
                onChange={(e) => {
                  setSearch(e.target.value);
                  // Clearing the box (its × button) drops the search at once.
                  if (!e.target.value && query.q) setFilter({ q: undefined });
                }}
                onPressEnter={() => setFilter({ q: search.trim() || undefined })}
                data-testid="members-search"
              />
              <Button
                type="primary"
                icon={<SearchOutlined />}
                onClick={() => setFilter({ q: search.trim() || undefined })}
                data-testid="members-search-submit"
              />
            </Space.Compact>
          </Tooltip>
          <UnionPicker
            value={query.orgId}
            onChange={(id) => setFilter({ orgId: id, orgOnly: undefined })}
            allowClear
            placeholder={t('consoleMembers.common.allUnions')}
            style={{ width: 220 }}
            data-testid="members-filter-org"
          />
          {query.orgId && (
            <Checkbox
              checked={!!query.orgOnly}
              onChange={(e) => setFilter({ orgOnly: e.target.checked ? '1' : undefined })}
              data-testid="members-filter-org-only"
            >
              {t('consoleMembers.roll.orgOnly')}
            </Checkbox>
          )}
          <Select<Trade>
            value={query.trade}
            allowClear
            placeholder={t('consoleMembers.common.trade')}
            style={{ width: 120 }}
            onChange={(value) => setFilter({ trade: value })}
            options={TRADES.map((trade) => ({ value: trade, label: t(`enums.trade.${trade}`) }))}
            data-testid="members-filter-trade"
          />
          <Select<MemberStatus>
            value={query.status}
            allowClear
            placeholder={t('consoleMembers.common.status')}
            style={{ width: 100 }}
            onChange={(value) => setFilter({ status: value })}
            options={MEMBER_STATUSES.map((s) => ({ value: s, label: t(`consoleMembers.enums.memberStatus.${s}`) }))}
            data-testid="members-filter-status"
          />
          <Select<string>
            value={query.newForm === undefined ? undefined : query.newForm ? '1' : '0'}
            allowClear
            placeholder={t('consoleMembers.common.newForm')}
            style={{ width: 120 }}
            onChange={(value) => setFilter({ newForm: value })}
            options={[
              { value: '1', label: t('consoleMembers.roll.newFormYes') },
              { value: '0', label: t('consoleMembers.roll.newFormNo') },
            ]}
            data-testid="members-filter-new-form"
          />
          <DatePicker.RangePicker
            value={[query.joinedFrom ? dayjs(query.joinedFrom) : null, query.joinedTo ? dayjs(query.joinedTo) : null]}
            allowEmpty={[true, true]}
            placeholder={[t('consoleMembers.roll.joinedFrom'), t('consoleMembers.roll.joinedTo')]}
            style={{ width: 250 }}
            onChange={(range) => setFilter({ joinedFrom: range?.[0]?.format('YYYY-MM-DD'), joinedTo: range?.[1]?.format('YYYY-MM-DD') })}
            data-testid="members-filter-joined"
          />
        </Space>
      </div>

      <div className="gh-toolbar">
        <Space size={12}>
          <Typography.Text strong data-testid="members-total">
            {total !== null ? t('consoleMembers.roll.total', { total: totalText }) : list.loading ? t('common.loading') : t('common.none')}
          </Typography.Text>
          <Select<MemberSort>
            value={sort}
            variant="borderless"
            style={{ width: 180 }}
            onChange={(value) => setFilter({ sort: value === 'joined_desc' ? undefined : value })}
            options={[
              { value: 'joined_desc', label: t('consoleMembers.roll.sortNewest') },
              { value: 'joined_asc', label: t('consoleMembers.roll.sortOldest') },
            ]}
            data-testid="members-sort"
          />
        </Space>
        <Space>
          {filtered && (
            <Button
              type="link"
              onClick={() => {
                setSearch('');
                setParams(query.sort ? { sort: query.sort } : {});
              }}
              data-testid="members-filter-reset"
            >
              {t('common.reset')}
            </Button>
          )}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} />
          </Tooltip>
          <Button icon={<DownloadOutlined />} onClick={() => setExporting(true)} disabled={total === 0} data-testid="members-export">
            {t('consoleMembers.roll.export')}
          </Button>
        </Space>
      </div>

      {list.problem && <Alert type="error" showIcon title={list.problem} className="gh-form-alert" />}

      <Table<RollItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('consoleMembers.roll.empty') }}
        data-testid="members-roll-table"
        rowClassName={() => 'gh-row-clickable'}
        onRow={(m) =>
          ({
            'data-testid': 'members-row',
            'data-member-id': m.id,
            onClick: (event: React.MouseEvent) => {
              if ((event.target as HTMLElement).closest('a,button')) return;
              void navigate(`/members/${m.id}`);
            },
          }) as React.HTMLAttributes<HTMLElement>
        }
        onChange={(_, __, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          if (one?.columnKey === 'joinedAt') setFilter({ sort: one.order === 'ascend' ? 'joined_asc' : undefined });
        }}
        columns={[
          {
            title: t('consoleMembers.roll.columns.memberNo'),
            dataIndex: 'memberNo',
            width: 170,
            render: (no: string, m) => (
              <Link to={`/members/${m.id}`} className="gh-mono" data-testid="members-row-link">
                {no}
              </Link>
            ),
          },
          {
            title: t('consoleMembers.roll.columns.name'),
            dataIndex: 'nameMasked',
            width: 100,
            render: (v: string | null) => v ?? t('common.none'),
          },
          {
            title: t('consoleMembers.roll.columns.gender'),
            dataIndex: 'gender',
            width: 64,
            render: (g: string | null) => codeLabel('gender', g),
          },
          {
            title: t('consoleMembers.roll.columns.trade'),
            key: 'trade',
            width: 150,
            render: (_, m) => (
              <Space size={4}>
                <span>{tradeLabel(m.trade)}</span>
                {m.newForm && <Tag color="red">{t('consoleMembers.common.newFormTag')}</Tag>}
              </Space>
            ),
          },
          { title: t('consoleMembers.roll.columns.union'), dataIndex: 'orgName', ellipsis: true },
          {
            title: t('consoleMembers.roll.columns.status'),
            dataIndex: 'status',
            width: 90,
            render: (status: MemberStatus) => <MemberStatusTag status={status} />,
          },
          {
            title: t('consoleMembers.roll.columns.joinedAt'),
            key: 'joinedAt',
            dataIndex: 'joinedAt',
            width: 130,
            sorter: true,
            sortOrder: sort === 'joined_asc' ? 'ascend' : 'descend',
            sortDirections: ['descend', 'ascend', 'descend'],
            render: (at: string) => formatDate(at),
          },
          {
            title: t('consoleMembers.roll.columns.source'),
            dataIndex: 'source',
            width: 100,
            render: (s: string) => codeLabel('source', s),
          },
        ]}
        footer={() => (
          <div className="gh-load-more">
            <Typography.Text type="secondary">
              {total === null
                ? t('consoleMembers.common.loaded', { count: list.items.length })
                : t('consoleMembers.common.loadedOf', { total: totalText, count: list.items.length })}
            </Typography.Text>
            {list.hasMore ? (
              <Button onClick={() => void list.loadMore()} loading={list.loadingMore} data-testid="members-load-more">
                {t('common.loadMore')}
              </Button>
            ) : (
              list.items.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
            )}
          </div>
        )}
      />

      {exporting && (
        <ReasonDialog
          title={t('consoleMembers.roll.exportTitle')}
          hint={
            <>
              {t('consoleMembers.roll.exportHint')}
              {total !== null && (
                <>
                  <br />
                  {t('consoleMembers.roll.exportCount', { total: totalText })}
                </>
              )}
            </>
          }
          okText={t('consoleMembers.roll.export')}
          testId="members-export-reason"
          onClose={() => setExporting(false)}
          onSubmit={async (reason) => {
            // A plain download link: the browser streams the file to disk instead of holding it in
            // memory, and an error answer fails the download instead of replacing the console.
            const link = document.createElement('a');
            link.href = membersApi.exportUrl(query, reason ?? '');
            link.download = '';
            document.body.appendChild(link);
            link.click();
            link.remove();
            setExporting(false);
            void message.success(t('consoleMembers.roll.exportStarted'));
          }}
        />
      )}
    </Card>
  );
}
