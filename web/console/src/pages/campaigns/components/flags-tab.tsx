import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Segmented, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../../shared/format.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { campaignsApi, FLAG_STATUSES, type ClaimFlag, type ClaimFlagPage, type FlagStatus } from '../api.ts';
import { flagDetailText } from '../rules.ts';
import { FlagStatusTag } from './tags.tsx';
import { LoadMore } from '../../../components/load-more.tsx';
import { useCursorList } from '../../../components/use-cursor-list.ts';

type Decision = 'clear' | 'block';

/** Accounts that claimed like scripts, for a reviewer to clear (a real person) or block (and void their unused coupons). */
export function FlagsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<FlagStatus>('open');
  const list = useCursorList<ClaimFlag, { status: FlagStatus }, ClaimFlagPage>({ status }, (query, cursor) =>
    campaignsApi.flags(query.status, cursor),
  );
  const [deciding, setDeciding] = useState<{ flag: ClaimFlag; decision: Decision } | null>(null);

  return (
    <div data-testid="campaign-flags">
      <Segmented<FlagStatus>
        style={{ marginBottom: 12 }}
        value={status}
        onChange={setStatus}
        options={FLAG_STATUSES.map((s) => ({ value: s, label: t(`consoleCampaigns.flags.status.${s}`) }))}
      />
      {list.problem && <Alert type="error" showIcon title={list.problem} style={{ marginBottom: 12 }} />}
      <Table<ClaimFlag>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        footer={list.hasMore ? () => <LoadMore list={list} testId="flags-load-more" /> : undefined}
        locale={{ emptyText: t('consoleCampaigns.flags.empty') }}
        columns={[
          {
            key: 'kind',
            title: t('consoleCampaigns.flags.kindLabel'),
            render: (_, f) => (
              <div>
                <Typography.Text strong>{t(`consoleCampaigns.flags.kindShort.${f.kind}`)}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`consoleCampaigns.flags.kind.${f.kind}`)}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          { key: 'details', title: t('consoleCampaigns.flags.details'), render: (_, f) => flagDetailText(f) },
          {
            key: 'account',
            title: t('consoleCampaigns.flags.account'),
            render: (_, f) => (
              <Typography.Text code copyable={{ text: f.accountId }}>
                {f.accountId.slice(0, 8)}
              </Typography.Text>
            ),
          },
          {
            key: 'member',
            title: t('consoleCampaigns.flags.member'),
            render: (_, f) =>
              f.memberId ? (
                <Link to={`/members/${f.memberId}`}>{f.memberNo ?? f.memberId.slice(0, 8)}</Link>
              ) : (
                t('consoleCampaigns.flags.noMember')
              ),
          },
          { key: 'createdAt', title: t('consoleCampaigns.flags.createdAt'), render: (_, f) => formatDateTime(f.createdAt) },
          {
            key: 'decision',
            title: t('consoleCampaigns.flags.decision'),
            render: (_, f) =>
              f.status === 'open' ? (
                <Space>
                  <Button size="small" onClick={() => setDeciding({ flag: f, decision: 'clear' })} data-testid={`flag-clear-${f.id}`}>
                    {t('consoleCampaigns.flags.clear')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setDeciding({ flag: f, decision: 'block' })}
                    data-testid={`flag-block-${f.id}`}
                  >
                    {t('consoleCampaigns.flags.block')}
                  </Button>
                </Space>
              ) : (
                <Space orientation="vertical" size={0}>
                  <FlagStatusTag status={f.status} />
                  {f.decisionReason && <Typography.Text type="secondary">{f.decisionReason}</Typography.Text>}
                </Space>
              ),
          },
        ]}
      />
      {deciding && (
        <ReasonDialog
          title={t(deciding.decision === 'clear' ? 'consoleCampaigns.flags.clearTitle' : 'consoleCampaigns.flags.blockTitle')}
          hint={t(deciding.decision === 'clear' ? 'consoleCampaigns.flags.clearHint' : 'consoleCampaigns.flags.blockHint')}
          danger={deciding.decision === 'block'}
          templates={[t(`consoleCampaigns.flags.reasonTemplates.${deciding.decision}`)]}
          testId={`flag-${deciding.decision}-reason`}
          onClose={() => setDeciding(null)}
          onSubmit={async (reason) => {
            await campaignsApi.decideFlag(deciding.flag.id, deciding.decision, reason);
            void message.success(t(deciding.decision === 'clear' ? 'consoleCampaigns.flags.cleared' : 'consoleCampaigns.flags.blocked'));
            setDeciding(null);
            list.update((f) => f.id === deciding.flag.id, null);
          }}
        />
      )}
    </div>
  );
}
