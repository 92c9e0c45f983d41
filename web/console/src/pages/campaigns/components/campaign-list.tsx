import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../session.tsx';
import { CAMPAIGN_STATUSES, campaignsApi, type Campaign, type CampaignPage, type CampaignStatus } from '../api.ts';
import { fenToYuan } from '../rules.ts';
import { PhaseTag } from './tags.tsx';
import { LoadMore } from '../../../components/load-more.tsx';
import { useCursorList } from '../../../components/use-cursor-list.ts';

/** The campaigns of the staff member's subtree, newest first, with 新建活动 for operators. */
export function CampaignList() {
  const { t } = useTranslation();
  const { access } = useSession();
  const navigate = useNavigate();
  const [status, setStatus] = useState<CampaignStatus | undefined>(undefined);
  const list = useCursorList<Campaign, { status: CampaignStatus | undefined }, CampaignPage>({ status }, (query, cursor) =>
    campaignsApi.list(query.status, cursor),
  );

  return (
    <div data-testid="campaigns-list">
      <Space className="gh-toolbar" style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Select<CampaignStatus | 'all'>
            style={{ width: 140 }}
            value={status ?? 'all'}
            onChange={(value) => setStatus(value === 'all' ? undefined : value)}
            options={[
              { value: 'all', label: t('consoleCampaigns.list.allStatuses') },
              ...CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`consoleCampaigns.status.${s}`) })),
            ]}
            data-testid="campaigns-status-filter"
          />
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
            {t('consoleCampaigns.list.refresh')}
          </Button>
        </Space>
        {access.canEditCampaigns && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/campaigns/new')} data-testid="campaigns-new">
            {t('consoleCampaigns.list.new')}
          </Button>
        )}
      </Space>
      {list.problem && <Alert type="error" showIcon title={list.problem} style={{ marginBottom: 12 }} />}
      <Table<Campaign>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t('consoleCampaigns.list.empty') }}
        columns={[
          {
            key: 'name',
            title: t('consoleCampaigns.list.name'),
            render: (_, c) => (
              <Link to={`/campaigns/${c.id}`} data-testid={`campaign-link-${c.id}`}>
                {c.name}
              </Link>
            ),
          },
          {
            key: 'phase',
            title: t('consoleCampaigns.list.status'),
            width: 150,
            render: (_, c) => (
              <Space size={4}>
                <PhaseTag phase={c.phase} />
                {/* An approved campaign shows its phase (未开始, 进行中); the approval itself is said once. */}
                {c.status === 'approved' && c.phase !== 'ended' && <Tag bordered={false}>{t('consoleCampaigns.status.approved')}</Tag>}
              </Space>
            ),
          },
          { key: 'owner', title: t('consoleCampaigns.list.owner'), dataIndex: 'orgName' },
          {
            key: 'terms',
            title: t('consoleCampaigns.list.terms'),
            render: (_, c) =>
              c.thresholdFen > 0
                ? t('consoleCampaigns.terms.coupon', { threshold: fenToYuan(c.thresholdFen), discount: fenToYuan(c.discountFen) })
                : t('consoleCampaigns.terms.couponNoThreshold', { discount: fenToYuan(c.discountFen) }),
          },
          {
            key: 'dates',
            title: t('consoleCampaigns.list.dates'),
            render: (_, c) => (
              <Typography.Text style={{ whiteSpace: 'nowrap' }}>
                {c.startsOn} ~ {c.endsOn}
              </Typography.Text>
            ),
          },
          {
            key: 'issued',
            title: t('consoleCampaigns.list.issued'),
            align: 'right',
            render: (_, c) => (
              <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                {c.issuedCount.toLocaleString('zh-CN')} /{' '}
                {c.maxCoupons === null ? t('consoleCampaigns.list.unbounded') : c.maxCoupons.toLocaleString('zh-CN')}
              </span>
            ),
          },
        ]}
        footer={list.hasMore ? () => <LoadMore list={list} testId="campaigns-load-more" /> : undefined}
      />
    </div>
  );
}
