import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Badge, Button, Card, Checkbox, Modal, Select, Space, Table, Tooltip, Typography } from 'antd';
import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../../shared/format.ts';
import { useSession } from '../../../session.tsx';
import { useMembersContext } from '../context.ts';
import {
  APPLICATION_STATUSES,
  membersApi,
  type Application,
  type ApplicationPage,
  type ApplicationQuery,
  type ApplicationStatus,
  type BulkApproveResult,
} from '../api.ts';
import { useCursorList } from '../../../components/use-cursor-list.ts';
import { ApplicationDrawer, rejectTemplates } from './application-drawer.tsx';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { ApplicationStatusTag, codeLabel, OverdueTag, tradeLabel } from './tags.tsx';
import { UnionPicker } from './union-picker.tsx';

type Dialog = { kind: 'bulk'; ids: string[] } | { kind: 'approve'; app: Application } | { kind: 'reject'; app: Application };

function readQuery(params: URLSearchParams): ApplicationQuery {
  const status = params.get('status');
  return {
    status:
      status === 'all' ? undefined : APPLICATION_STATUSES.includes(status as ApplicationStatus) ? (status as ApplicationStatus) : 'pending',
    orgId: params.get('orgId') ?? undefined,
    overdue: params.get('overdue') === '1' || undefined,
  };
}

/** The review queue: oldest first, filtered by status, union and deadline, with bulk approval. */
export function ApplicationsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const { counts: sharedCounts, refreshCounts, publishCounts } = useMembersContext();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(params), [params]);
  const list = useCursorList<Application, ApplicationQuery, ApplicationPage>(query, (q, cursor) =>
    membersApi.applications({ ...q, cursor }),
  );
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [bulkResult, setBulkResult] = useState<(BulkApproveResult & { names: Record<string, string> }) | null>(null);
  const [openId, setOpenId] = useState<string | null>(params.get('application'));
  const counts = sharedCounts ?? list.page?.counts ?? null;
  const pageCounts = list.page?.counts;
  useEffect(() => {
    if (pageCounts) publishCounts(pageCounts);
  }, [pageCounts, publishCounts]);

  useEffect(() => setSelected([]), [query.status, query.orgId, query.overdue]);

  const setFilter = (changes: Record<string, string | undefined>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      next.delete('application');
      return next;
    });

  const afterDecision = (changed: Application) => {
    // A decided application leaves a queue filtered by an open status.
    const stays = !query.status || query.status === changed.status;
    list.update((a) => a.id === changed.id, stays ? changed : null);
    setSelected((ids) => ids.filter((id) => id !== changed.id));
    refreshCounts();
  };

  // The names of the chosen applications, kept before the list reloads (the approved ones leave it).
  const namesOf = (ids: string[]) =>
    Object.fromEntries(
      ids.map((id) => {
        const a = list.items.find((x) => x.id === id);
        return [id, a ? t('common.joinDot', { a: a.nameMasked ?? t('common.none'), b: a.idNumberMasked ?? '' }) : id];
      }),
    );
  const statusValue = query.status ?? 'all';
  const reviewer = access.canReviewMembers;

  return (
    <Card>
      <div className="gh-toolbar">
        <Space size={[12, 12]} wrap>
          <Select<string>
            value={statusValue}
            style={{ width: 140 }}
            onChange={(value) => setFilter({ status: value === 'pending' ? undefined : value })}
            options={[
              { value: 'all', label: t('consoleMembers.common.all') },
              ...APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`consoleMembers.enums.applicationStatus.${s}`) })),
            ]}
            data-testid="applications-status"
          />
          <UnionPicker
            value={query.orgId}
            onChange={(id) => setFilter({ orgId: id })}
            allowClear
            placeholder={t('consoleMembers.common.allUnions')}
            style={{ width: 280 }}
            data-testid="applications-org"
          />
          <Checkbox
            checked={!!query.overdue}
            onChange={(e) => setFilter({ overdue: e.target.checked ? '1' : undefined })}
            data-testid="applications-overdue"
          >
            {t('consoleMembers.applications.overdueOnly')}
          </Checkbox>
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                void list.reload();
                refreshCounts();
              }}
            />
          </Tooltip>
        </Space>
        <Space size={8} data-testid="applications-counts">
          <CountChip
            label={t('consoleMembers.applications.counts.pending')}
            count={counts?.pending}
            color="blue"
            active={query.status === 'pending' && !query.overdue}
            onClick={() => setFilter({ status: undefined, overdue: undefined })}
            testId="applications-count-pending"
          />
          <CountChip
            label={t('consoleMembers.applications.counts.held')}
            count={counts?.held_duplicate}
            color="orange"
            active={query.status === 'held_duplicate'}
            onClick={() => setFilter({ status: 'held_duplicate', overdue: undefined })}
            testId="applications-count-held"
          />
          <CountChip
            label={t('consoleMembers.applications.counts.overdue')}
            count={counts?.overdue}
            color="red"
            active={!!query.overdue}
            onClick={() => setFilter({ status: undefined, overdue: '1' })}
            testId="applications-count-overdue"
          />
        </Space>
      </div>

      {reviewer && selected.length > 0 && (
        <Alert
          className="gh-form-alert"
          type="info"
          showIcon
          title={t('consoleMembers.applications.selected', { count: selected.length })}
          action={
            <Space>
              <Button size="small" onClick={() => setSelected([])}>
                {t('consoleMembers.applications.clearSelection')}
              </Button>
              <Button
                size="small"
                type="primary"
                icon={<CheckOutlined />}
                onClick={() => setDialog({ kind: 'bulk', ids: selected })}
                data-testid="bulk-approve"
              >
                {t('consoleMembers.applications.bulkApprove')}
              </Button>
            </Space>
          }
        />
      )}

      {list.problem && <Alert type="error" showIcon title={list.problem} className="gh-form-alert" />}

      <Table<Application>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1080 }}
        locale={{ emptyText: t('consoleMembers.applications.empty') }}
        data-testid="applications-table"
        rowSelection={
          reviewer
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (a) => ({
                  disabled: a.status !== 'pending',
                  title: a.status !== 'pending' ? t('consoleMembers.applications.notSelectable') : undefined,
                  'data-testid': 'application-select',
                }),
              }
            : undefined
        }
        onRow={(a) =>
          ({
            'data-testid': 'applications-row',
            'data-application-id': a.id,
            className: openId === a.id ? 'gh-row-open' : undefined,
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('consoleMembers.applications.submittedAt'),
            dataIndex: 'submittedAt',
            width: 150,
            render: (at: string) => formatDateTime(at).slice(0, 16),
          },
          {
            title: t('consoleMembers.applications.applicant'),
            key: 'applicant',
            width: 170,
            render: (_, a) => (
              <div>
                <Typography.Link onClick={() => setOpenId(a.id)} data-testid="application-open">
                  {a.nameMasked ?? t('common.none')}
                </Typography.Link>
                <div>
                  <Typography.Text type="secondary" className="gh-mono">
                    {a.idNumberMasked ?? ''}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          { title: t('consoleMembers.common.trade'), dataIndex: 'trade', width: 120, render: (trade: string) => tradeLabel(trade) },
          {
            title: t('consoleMembers.applications.placement'),
            key: 'placement',
            render: (_, a) => (
              <div>
                <div>{a.orgName}</div>
                <Typography.Text type="secondary">{codeLabel('placementRule', a.placementRule)}</Typography.Text>
              </div>
            ),
          },
          {
            title: t('consoleMembers.applications.reviewDueAt'),
            key: 'due',
            width: 180,
            render: (_, a) => (
              <Space size={4} wrap>
                <span>{formatDateTime(a.reviewDueAt).slice(0, 16)}</span>
                {a.overdue && <OverdueTag dueAt={a.reviewDueAt} />}
              </Space>
            ),
          },
          {
            title: t('consoleMembers.common.status'),
            dataIndex: 'status',
            width: 110,
            render: (status: ApplicationStatus) => <ApplicationStatusTag status={status} />,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            fixed: 'right',
            render: (_, a) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setOpenId(a.id)} data-testid="application-detail">
                  {t('consoleMembers.common.detail')}
                </Button>
                {reviewer && a.status === 'pending' && (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setDialog({ kind: 'approve', app: a })}
                    data-testid="application-row-approve"
                  >
                    {t('consoleMembers.applications.approve')}
                  </Button>
                )}
                {reviewer && (a.status === 'pending' || a.status === 'held_duplicate') && (
                  <Button
                    type="link"
                    size="small"
                    danger
                    onClick={() => setDialog({ kind: 'reject', app: a })}
                    data-testid="application-row-reject"
                  >
                    {t('consoleMembers.applications.reject')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
        footer={() => (
          <div className="gh-load-more">
            <Typography.Text type="secondary">{t('consoleMembers.common.loaded', { count: list.items.length })}</Typography.Text>
            {list.hasMore ? (
              <Button onClick={() => void list.loadMore()} loading={list.loadingMore} data-testid="applications-load-more">
                {t('common.loadMore')}
              </Button>
            ) : (
              list.items.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
            )}
          </div>
        )}
      />

      {openId && (
        <ApplicationDrawer
          id={openId}
          initial={list.items.find((a) => a.id === openId) ?? null}
          onClose={() => setOpenId(null)}
          onChanged={afterDecision}
        />
      )}

      {dialog?.kind === 'approve' && (
        <ReasonDialog
          title={t('consoleMembers.applications.approveTitle', { name: dialog.app.nameMasked ?? '' })}
          hint={t('consoleMembers.applications.approveHint')}
          optional
          okText={t('consoleMembers.applications.approve')}
          testId="application-approve-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            const changed = await membersApi.approve(dialog.app.id, reason);
            setDialog(null);
            void message.success(t('consoleMembers.applications.approved'));
            afterDecision(changed);
          }}
        />
      )}
      {dialog?.kind === 'reject' && (
        <ReasonDialog
          title={t('consoleMembers.applications.rejectTitle', { name: dialog.app.nameMasked ?? '' })}
          hint={t('consoleMembers.applications.rejectHint')}
          danger
          templates={rejectTemplates()}
          okText={t('consoleMembers.applications.reject')}
          testId="application-reject-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            const changed = await membersApi.reject(dialog.app.id, reason ?? '');
            setDialog(null);
            void message.success(t('consoleMembers.applications.rejected'));
            afterDecision(changed);
          }}
        />
      )}
      {dialog?.kind === 'bulk' && (
        <ReasonDialog
          title={t('consoleMembers.applications.bulkApproveTitle', { count: dialog.ids.length })}
          hint={t('consoleMembers.applications.bulkApproveHint')}
          optional
          okText={t('consoleMembers.applications.bulkApprove')}
          testId="bulk-approve-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            const names = namesOf(dialog.ids);
            const result = await membersApi.bulkApprove(dialog.ids, reason);
            setDialog(null);
            setBulkResult({ ...result, names });
            setSelected([]);
            void list.reload();
            refreshCounts();
          }}
        />
      )}
      {bulkResult && (
        <Modal
          open
          width={640}
          title={t('consoleMembers.applications.bulkResultTitle')}
          onCancel={() => setBulkResult(null)}
          footer={
            <Button type="primary" onClick={() => setBulkResult(null)} data-testid="bulk-approve-result-close">
              {t('common.close')}
            </Button>
          }
        >
          <div data-testid="bulk-approve-result">
            <Alert
              type={bulkResult.failed.length === 0 ? 'success' : 'warning'}
              showIcon
              title={t('consoleMembers.applications.bulkResultSummary', {
                approved: bulkResult.approved.length,
                failed: bulkResult.failed.length,
              })}
              className="gh-form-alert"
              data-testid="bulk-approve-summary"
            />
            {bulkResult.failed.length > 0 && (
              <Table
                size="small"
                rowKey="id"
                title={() => t('consoleMembers.applications.bulkFailedTitle')}
                dataSource={bulkResult.failed}
                pagination={false}
                data-testid="bulk-approve-failed"
                columns={[
                  {
                    title: t('consoleMembers.applications.applicant'),
                    key: 'name',
                    width: 240,
                    render: (_, f) => <span className="gh-mono">{bulkResult.names[f.id] ?? f.id}</span>,
                  },
                  { title: t('common.reason'), dataIndex: 'message' },
                ]}
              />
            )}
          </div>
        </Modal>
      )}
    </Card>
  );
}

function CountChip({
  label,
  count,
  color,
  active,
  onClick,
  testId,
}: {
  label: string;
  count: number | undefined;
  color: string;
  active: boolean;
  onClick: () => void;
  testId: string;
}) {
  return (
    <Button type={active ? 'primary' : 'default'} ghost={active} onClick={onClick} data-testid={testId} className="gh-count-chip">
      {label}
      <Badge count={count ?? 0} showZero color={color} overflowCount={9999} />
    </Button>
  );
}
