import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDateTime } from '../../../../../shared/format.ts';
import { useSession } from '../../../session.tsx';
import { membersApi, TRANSFER_STATUSES, type Transfer, type TransferDirection, type TransferStatus } from '../api.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { codeLabel, TransferStatusTag } from './tags.tsx';

type Dialog = { kind: 'accept' | 'release' | 'reject'; transfer: Transfer };

/**
 * Transfers into the staff member's unions (to accept) and out of them (to release). A transfer is
 * done when both sides have agreed; either side may reject it with a reason.
 */
export function TransfersTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const [params, setParams] = useSearchParams();
  const direction: TransferDirection = params.get('direction') === 'out' ? 'out' : 'in';
  const rawStatus = params.get('status');
  const status: TransferStatus | undefined =
    rawStatus === 'all' ? undefined : TRANSFER_STATUSES.includes(rawStatus as TransferStatus) ? (rawStatus as TransferStatus) : 'requested';
  const [items, setItems] = useState<Transfer[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setItems((await membersApi.transfers(direction, status)).items);
    } catch (error) {
      setItems([]);
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, [direction, status]);

  useEffect(() => {
    void load();
  }, [load]);

  const setParam = (changes: Record<string, string | undefined>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  // The server says what this staff member may do to each transfer (its side in their subtree, their role).
  const reviewer = access.canReviewMembers;

  const memberColumn = {
    title: t('consoleMembers.transfers.member'),
    key: 'member',
    width: 180,
    render: (_: unknown, tr: Transfer) =>
      tr.memberId ? (
        <div>
          <Link to={`/members/${tr.memberId}`} className="gh-mono">
            {tr.memberNo ?? t('consoleMembers.common.view')}
          </Link>
          {tr.memberNameMasked && <div>{tr.memberNameMasked}</div>}
        </div>
      ) : (
        t('common.none')
      ),
  };

  const table = (
    <>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Table<Transfer>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={items}
        pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('consoleMembers.transfers.empty') }}
        data-testid="transfers-table"
        onRow={(tr) => ({ 'data-testid': 'transfers-row', 'data-transfer-id': tr.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          // The list does not say which member moves yet; the column shows once it does.
          ...(items.some((tr) => tr.memberId) ? [memberColumn] : []),
          { title: t('consoleMembers.transfers.from'), dataIndex: 'fromOrgName', width: 210, ellipsis: true },
          {
            title: t('consoleMembers.transfers.to'),
            key: 'to',
            width: 210,
            ellipsis: true,
            render: (_, tr) => (
              <div>
                <div>{tr.toOrgName}</div>
                {tr.placementRule && <Typography.Text type="secondary">{codeLabel('placementRule', tr.placementRule)}</Typography.Text>}
              </div>
            ),
          },
          {
            title: t('consoleMembers.transfers.initiatedBy'),
            dataIndex: 'initiatedBy',
            width: 110,
            render: (by: string) => codeLabel('initiatedBy', by),
          },
          {
            title: t('consoleMembers.transfers.reason'),
            dataIndex: 'reason',
            ellipsis: true,
            render: (reason: string | null) => reason ?? t('common.none'),
          },
          {
            title: t('consoleMembers.transfers.createdAt'),
            dataIndex: 'createdAt',
            width: 150,
            render: (at: string) => formatDateTime(at).slice(0, 16),
          },
          {
            title: t('consoleMembers.transfers.progress'),
            key: 'progress',
            width: 150,
            render: (_, tr) =>
              tr.status === 'requested' ? (
                <Space orientation="vertical" size={2}>
                  <Tag color={tr.releasedAt ? 'green' : 'default'}>
                    {tr.releasedAt ? t('consoleMembers.transfers.released') : t('consoleMembers.transfers.notReleased')}
                  </Tag>
                  <Tag color={tr.acceptedAt ? 'green' : 'default'}>
                    {tr.acceptedAt ? t('consoleMembers.transfers.accepted') : t('consoleMembers.transfers.notAccepted')}
                  </Tag>
                </Space>
              ) : (
                <Space orientation="vertical" size={2}>
                  <TransferStatusTag status={tr.status} />
                  {tr.decisionReason && <Typography.Text type="secondary">{tr.decisionReason}</Typography.Text>}
                </Space>
              ),
          },
          ...(reviewer
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 150,
                  fixed: 'right' as const,
                  render: (_: unknown, tr: Transfer) =>
                    tr.status === 'requested' ? (
                      <Space size={0}>
                        {tr.canAccept && (
                          <Button
                            type="link"
                            size="small"
                            onClick={() => setDialog({ kind: 'accept', transfer: tr })}
                            data-testid="transfer-accept"
                          >
                            {t('consoleMembers.transfers.accept')}
                          </Button>
                        )}
                        {tr.canRelease && (
                          <Button
                            type="link"
                            size="small"
                            onClick={() => setDialog({ kind: 'release', transfer: tr })}
                            data-testid="transfer-release"
                          >
                            {t('consoleMembers.transfers.release')}
                          </Button>
                        )}
                        {tr.canReject && (
                          <Button
                            type="link"
                            size="small"
                            danger
                            onClick={() => setDialog({ kind: 'reject', transfer: tr })}
                            data-testid="transfer-reject"
                          >
                            {t('consoleMembers.transfers.reject')}
                          </Button>
                        )}
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </>
  );

  return (
    <Card>
      <Tabs
        activeKey={direction}
        onChange={(key) => setParam({ direction: key === 'out' ? 'out' : undefined })}
        tabBarExtraContent={
          <Space>
            <Select<string>
              value={status ?? 'all'}
              style={{ width: 140 }}
              onChange={(value) => setParam({ status: value === 'requested' ? undefined : value })}
              options={[
                { value: 'all', label: t('consoleMembers.common.all') },
                ...TRANSFER_STATUSES.map((s) => ({ value: s, label: t(`consoleMembers.enums.transferStatus.${s}`) })),
              ]}
              data-testid="transfers-status"
            />
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={() => void load()} />
            </Tooltip>
          </Space>
        }
        items={[
          { key: 'in', label: <span data-testid="transfers-tab-in">{t('consoleMembers.transfers.in')}</span>, children: table },
          { key: 'out', label: <span data-testid="transfers-tab-out">{t('consoleMembers.transfers.out')}</span>, children: table },
        ]}
        destroyOnHidden
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('consoleMembers.transfers.bothSidesHint')}
      </Typography.Paragraph>

      {dialog && (
        <ReasonDialog
          title={t(`consoleMembers.transfers.${dialog.kind}Title`, { from: dialog.transfer.fromOrgName, to: dialog.transfer.toOrgName })}
          optional={dialog.kind !== 'reject'}
          danger={dialog.kind === 'reject'}
          okText={t(`consoleMembers.transfers.${dialog.kind}`)}
          testId={`transfer-${dialog.kind}-reason`}
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            const id = dialog.transfer.id;
            if (dialog.kind === 'accept') await membersApi.acceptTransfer(id, reason);
            else if (dialog.kind === 'release') await membersApi.releaseTransfer(id, reason);
            else await membersApi.rejectTransfer(id, reason ?? '');
            setDialog(null);
            void message.success(t(`consoleMembers.transfers.${dialog.kind}Done`));
            void load();
          }}
        />
      )}
    </Card>
  );
}
