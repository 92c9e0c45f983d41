import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../../shared/format.ts';
import { LoadMore } from '../../../components/load-more.tsx';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { useCursorList } from '../../../components/use-cursor-list.ts';
import { CLAIM_STATUSES, mutualAidApi, type Claim, type ClaimFilters, type ClaimPage, type ClaimSource, type ClaimStatus } from '../api.ts';
import { PlanSelect, usePlans } from '../use-plans.tsx';
import { ClaimStatusTag, Money, Small, SourceTag } from '../words.tsx';

const SOURCES: readonly ClaimSource[] = ['member', 'hospital'];

/**
 * 理赔审核: the claims of the staff member's subtree and the hospitals' settlements, newest first, filtered
 * by plan, status (待审核 first of all), source and union, a page at a time. The claim number opens the
 * claim and its review. The status filter and the plan are kept in the address (?plan=&status=).
 */
export function ClaimList() {
  const { t } = useTranslation();
  const { plans } = usePlans();
  const [search, setSearch] = useSearchParams();
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const [source, setSource] = useState<ClaimSource | undefined>(undefined);
  const planId = search.get('plan') ?? undefined;
  const statusParam = search.get('status');
  const status = (CLAIM_STATUSES as readonly string[]).includes(statusParam ?? '') ? (statusParam as ClaimStatus) : undefined;
  const filters: ClaimFilters = { planId, status, source, orgId };
  const list = useCursorList<Claim, ClaimFilters, ClaimPage>(filters, (query, cursor) => mutualAidApi.claims(query, cursor));
  const setParam = (name: string, value: string | undefined) =>
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const filtered = Boolean(planId ?? status ?? source ?? orgId);
  const k = 'consoleMutualAid.claims';

  return (
    <div data-testid="mutual-aid-claims">
      <div className="gh-toolbar">
        <Space wrap size={8}>
          <PlanSelect
            plans={plans}
            value={planId}
            onChange={(id) => setParam('plan', id)}
            allowClear
            placeholder={t(`${k}.allPlans`)}
            testId="mutual-aid-claims-plan"
            width={280}
          />
          <Select<ClaimStatus | 'all'>
            style={{ width: 150 }}
            value={status ?? 'all'}
            onChange={(value) => setParam('status', value === 'all' ? undefined : value)}
            options={[
              { value: 'all', label: t(`${k}.allStatuses`) },
              ...CLAIM_STATUSES.map((s) => ({ value: s, label: t(`consoleMutualAid.claimStatus.${s}`) })),
            ]}
            data-testid="mutual-aid-claims-status"
          />
          <Select<ClaimSource | 'all'>
            style={{ width: 130 }}
            value={source ?? 'all'}
            onChange={(value) => setSource(value === 'all' ? undefined : value)}
            options={[
              { value: 'all', label: t(`${k}.allSources`) },
              ...SOURCES.map((s) => ({ value: s, label: t(`consoleMutualAid.source.${s}`) })),
            ]}
            data-testid="mutual-aid-claims-source"
          />
          <div style={{ width: 220 }}>
            <OrgPicker
              allowClear
              value={orgId}
              onChange={(id) => setOrgId(id)}
              placeholder={t(`${k}.unionPlaceholder`)}
              data-testid="mutual-aid-claims-union"
            />
          </div>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} data-testid="mutual-aid-claims-refresh" />
          </Tooltip>
        </Space>
        <Typography.Text type="secondary" data-testid="mutual-aid-claims-shown">
          {t(`${k}.shown`, { count: list.items.length })}
        </Typography.Text>
      </div>
      {list.problem && <Alert type="error" showIcon title={list.problem} className="gh-form-alert" />}
      <Table<Claim>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t(filtered ? `${k}.emptyFiltered` : `${k}.empty`) }}
        onRow={(c) => ({ 'data-testid': `mutual-aid-claim-row-${c.id}` }) as React.HTMLAttributes<HTMLElement>}
        footer={list.hasMore ? () => <LoadMore list={list} testId="mutual-aid-claims-load-more" /> : undefined}
        columns={[
          {
            key: 'claimNo',
            title: t(`${k}.col.claimNo`),
            width: 190,
            render: (_, c) => (
              <div>
                <Link to={`/mutual-aid/claims/${c.id}`} className="gh-mono" data-testid={`mutual-aid-claim-link-${c.id}`}>
                  {c.claimNo}
                </Link>
                <div>
                  <Small>{formatDateTime(c.createdAt).slice(0, 16)}</Small>
                </div>
              </div>
            ),
          },
          {
            key: 'insured',
            title: t(`${k}.col.insured`),
            width: 110,
            render: (_, c) => <span data-testid="mutual-aid-claim-insured">{c.insuredName}</span>,
          },
          {
            key: 'plan',
            title: t(`${k}.col.plan`),
            render: (_, c) => (
              <div>
                <div>{c.planName}</div>
                <Small>{c.orgName}</Small>
              </div>
            ),
          },
          { key: 'source', title: t(`${k}.col.source`), width: 100, render: (_, c) => <SourceTag source={c.source} /> },
          {
            key: 'stay',
            title: t(`${k}.col.stay`),
            width: 190,
            render: (_, c) =>
              c.dischargedOn && c.dischargedOn !== c.admittedOn
                ? t(`${k}.stayRange`, { from: c.admittedOn, to: c.dischargedOn })
                : c.admittedOn,
          },
          { key: 'total', title: t(`${k}.col.total`), width: 130, align: 'right', render: (_, c) => <Money fen={c.figures.totalFen} /> },
          {
            key: 'payout',
            title: t(`${k}.col.payout`),
            width: 130,
            align: 'right',
            render: (_, c) => (
              <span data-testid="mutual-aid-claim-payout">
                <Money fen={c.payoutFen} strong />
              </span>
            ),
          },
          {
            key: 'status',
            title: t(`${k}.col.status`),
            width: 170,
            render: (_, c) => (
              <Space size={[0, 4]} wrap>
                <ClaimStatusTag status={c.status} />
                {c.needsSecondReview && (
                  <Tag bordered={false} color="purple" className="gh-ma-mark">
                    {t(`${k}.aboveAmount`)}
                  </Tag>
                )}
                {c.sampled && (
                  <Tag bordered={false} color="magenta" className="gh-ma-mark">
                    {t(`${k}.sampled`)}
                  </Tag>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
