import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../../shared/format.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { useSession } from '../../../session.tsx';
import { mutualAidApi, type Plan } from '../api.ts';
import { usePlans } from '../use-plans.tsx';
import { BenefitList, PlanTerms, Small } from '../words.tsx';

/**
 * 计划: the plans the staff member sees — their subtree's and those of unions above covering it — each
 * with its price and conditions, what it pays in words, and who reviews a claim twice. An admin sets up
 * a new one (举办计划), from one of the published schemes or from scratch, and stops one their union runs
 * (停办: no new enrolments; who is enrolled stays covered to the cycle's end), giving the reason.
 */
export function PlansTab() {
  const { t } = useTranslation();
  const { access } = useSession();
  const navigate = useNavigate();
  const { plans, problem, reload } = usePlans();
  const [closing, setClosing] = useState<Plan | null>(null);
  const k = 'consoleMutualAid.plans';

  return (
    <div data-testid="mutual-aid-plans">
      <div className="gh-toolbar">
        <Space>
          <Typography.Text type="secondary">{t(`${k}.hint`)}</Typography.Text>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void reload()} data-testid="mutual-aid-plans-refresh" />
          </Tooltip>
        </Space>
        {access.canAdminMutualAid && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => void navigate('/mutual-aid/plans/new')}
            data-testid="mutual-aid-plan-new"
          >
            {t(`${k}.new`)}
          </Button>
        )}
      </div>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Table<Plan>
        rowKey="id"
        size="middle"
        loading={plans === null}
        dataSource={plans ?? []}
        pagination={false}
        locale={{ emptyText: t(`${k}.empty`) }}
        onRow={(p) => ({ 'data-testid': `mutual-aid-plan-row-${p.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t(`${k}.col.name`),
            width: 240,
            render: (_, p) => (
              <div>
                <Space size={4} wrap>
                  <Typography.Text strong data-testid="mutual-aid-plan-name">
                    {p.name}
                  </Typography.Text>
                  <Tag bordered={false} color={p.status === 'open' ? 'green' : 'default'}>
                    {t(`${k}.status.${p.status}`)}
                  </Tag>
                </Space>
                <div>
                  <Small>
                    <span className="gh-mono">{p.code}</span> · {p.orgName}
                  </Small>
                </div>
                <div>
                  <Small>{t(`${k}.startOn`, { day: p.startOn })}</Small>
                </div>
              </div>
            ),
          },
          { key: 'terms', title: t(`${k}.col.terms`), width: 300, render: (_, p) => <PlanTerms plan={p} /> },
          { key: 'benefits', title: t(`${k}.col.benefits`), render: (_, p) => <BenefitList plan={p} /> },
          {
            key: 'review',
            title: t(`${k}.col.review`),
            width: 210,
            render: (_, p) => (
              <div className="gh-ma-small-lines">
                <div>{t(`${k}.secondReview`, { amount: formatFen(p.secondReviewAboveFen) })}</div>
                <div>{t(`${k}.sample`, { pct: p.samplePct })}</div>
              </div>
            ),
          },
          {
            key: 'links',
            title: t('common.actions'),
            width: 150,
            render: (_, p) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/mutual-aid/claims?plan=${p.id}`}>{t(`${k}.claims`)}</Link>
                <Link to={`/mutual-aid/dashboard?plan=${p.id}`} data-testid={`mutual-aid-plan-dashboard-${p.id}`}>
                  {t(`${k}.dashboard`)}
                </Link>
                {access.canAdminMutualAid && p.runs && p.status === 'open' && (
                  <Typography.Link type="danger" onClick={() => setClosing(p)} data-testid={`mutual-aid-plan-close-${p.id}`}>
                    {t(`${k}.close`)}
                  </Typography.Link>
                )}
              </Space>
            ),
          },
        ]}
      />
      {closing && (
        <ReasonDialog
          title={t(`${k}.closeDialog.title`, { plan: closing.name })}
          hint={t(`${k}.closeDialog.hint`)}
          danger
          templates={[t(`${k}.closeDialog.templates.ended`), t(`${k}.closeDialog.templates.replaced`)]}
          okText={t(`${k}.closeDialog.submit`)}
          testId="mutual-aid-plan-close-reason"
          onClose={() => setClosing(null)}
          onSubmit={async (reason) => {
            await mutualAidApi.closePlan(closing.id, reason);
            setClosing(null);
            await reload();
          }}
        />
      )}
    </div>
  );
}
