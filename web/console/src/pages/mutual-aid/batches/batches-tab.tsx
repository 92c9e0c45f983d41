import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../../../shared/format.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { useSession } from '../../../session.tsx';
import { mutualAidApi, type Batch, type Plan } from '../api.ts';
import { PlanSelect, useChosenPlan, usePlans } from '../use-plans.tsx';
import { Money, Small } from '../words.tsx';
import { BatchForm } from './batch-form.tsx';
import { PayDialog } from './pay-dialog.tsx';

type Dialog = { kind: 'new' } | { kind: 'pay'; batch: Batch } | { kind: 'bank'; batch: Batch };

/**
 * 发放批次 of a plan: the approved claims gathered into batches, each with its bank file (the whole names,
 * 身份证号 and accounts — asked for a reason first, which the server audits) and, for an admin, 确认发放:
 * the money leaves the plan's fund claim by claim and the members are told by SMS. Only the union that
 * runs the plan (or one above it) sees and pays its batches.
 */
export function BatchesTab() {
  const { t } = useTranslation();
  const { access } = useSession();
  const { message } = App.useApp();
  const { plans, problem: plansProblem } = usePlans();
  const [plan, choose] = useChosenPlan(plans);
  const [batches, setBatches] = useState<Batch[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const k = 'consoleMutualAid.batches';

  const load = useCallback(async (chosen: Plan) => {
    setLoading(true);
    setProblem(null);
    try {
      setBatches((await mutualAidApi.batches(chosen.id)).items);
    } catch (error) {
      setBatches([]);
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (plan) void load(plan);
  }, [load, plan]);

  const downloadBankFile = async (batch: Batch, reason: string) => {
    const name = await mutualAidApi.downloadBankFile(batch.id, reason);
    setDialog(null);
    void message.success(t(`${k}.bank.done`, { name }));
  };

  return (
    <div data-testid="mutual-aid-batches">
      <div className="gh-toolbar">
        <Space size={8} wrap>
          <Typography.Text>{t('common.labelSuffix', { label: t(`${k}.plan`) })}</Typography.Text>
          <PlanSelect plans={plans} value={plan?.id} onChange={choose} testId="mutual-aid-batches-plan" />
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              loading={loading}
              disabled={!plan}
              onClick={() => plan && void load(plan)}
              data-testid="mutual-aid-batches-refresh"
            />
          </Tooltip>
        </Space>
        {plan && access.canEditMutualAid && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'new' })} data-testid="mutual-aid-batch-new">
            {t(`${k}.new`)}
          </Button>
        )}
      </div>
      {(plansProblem ?? problem) && (
        <Alert type="error" showIcon title={plansProblem ?? problem} className="gh-form-alert" data-testid="mutual-aid-batches-error" />
      )}
      {plans?.length === 0 && <Alert type="info" showIcon title={t(`${k}.noPlans`)} className="gh-form-alert" />}
      {plan && (
        <Card
          size="small"
          className="gh-ma-card"
          title={t(`${k}.title`, { plan: plan.name })}
          extra={<Small>{t(`${k}.hint`, { org: plan.orgName })}</Small>}
        >
          <Table<Batch>
            rowKey="id"
            size="middle"
            loading={batches === null || loading}
            dataSource={batches ?? []}
            pagination={(batches?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            locale={{ emptyText: t(`${k}.empty`) }}
            data-testid="mutual-aid-batch-table"
            onRow={(b) => ({ 'data-testid': `mutual-aid-batch-row-${b.id}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                key: 'name',
                title: t(`${k}.col.name`),
                render: (_, b) => (
                  <div>
                    <div data-testid="mutual-aid-batch-name">{b.name}</div>
                    <Small>{t(`${k}.createdAt`, { at: formatDateTime(b.createdAt).slice(0, 16) })}</Small>
                  </div>
                ),
              },
              {
                key: 'claims',
                title: t(`${k}.col.claims`),
                width: 110,
                align: 'right',
                render: (_, b) => (
                  <Link to={`/mutual-aid/claims?plan=${b.planId}&status=${b.status === 'paid' ? 'paid' : 'approved'}`}>
                    {t(`${k}.claimsValue`, { count: b.claims })}
                  </Link>
                ),
              },
              {
                key: 'total',
                title: t(`${k}.col.total`),
                width: 150,
                align: 'right',
                render: (_, b) => (
                  <span data-testid="mutual-aid-batch-total">
                    <Money fen={b.totalFen} strong />
                  </span>
                ),
              },
              {
                key: 'status',
                title: t(`${k}.col.status`),
                width: 170,
                render: (_, b) => (
                  <div>
                    <Tag bordered={false} color={b.status === 'paid' ? 'green' : 'orange'} data-testid="mutual-aid-batch-status">
                      {t(`${k}.status.${b.status}`)}
                    </Tag>
                    {b.paidAt && (
                      <div>
                        <Small>{t(`${k}.paidAt`, { at: formatDateTime(b.paidAt).slice(0, 16) })}</Small>
                      </div>
                    )}
                  </div>
                ),
              },
              {
                key: 'actions',
                title: t('common.actions'),
                width: 240,
                render: (_, b) => (
                  <Space size={4} wrap>
                    {access.canEditMutualAid && (
                      <Button
                        size="small"
                        icon={<DownloadOutlined />}
                        onClick={() => setDialog({ kind: 'bank', batch: b })}
                        data-testid={`mutual-aid-batch-bank-${b.id}`}
                      >
                        {t(`${k}.bankFile`)}
                      </Button>
                    )}
                    {access.canAdminMutualAid && b.status === 'draft' && (
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => setDialog({ kind: 'pay', batch: b })}
                        data-testid={`mutual-aid-batch-pay-${b.id}`}
                      >
                        {t(`${k}.pay`)}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}

      {plan && dialog?.kind === 'new' && (
        <BatchForm
          plan={plan}
          onClose={() => setDialog(null)}
          onSaved={(batch) => {
            setDialog(null);
            void message.success(t(`${k}.form.saved`, { name: batch.name, count: batch.claims, amount: formatFen(batch.totalFen) }));
            void load(plan);
          }}
        />
      )}
      {plan && dialog?.kind === 'pay' && (
        <PayDialog
          plan={plan}
          batch={dialog.batch}
          onClose={() => setDialog(null)}
          onPaid={(batch) => {
            setDialog(null);
            void message.success(t(`${k}.payDialog.done`, { name: batch.name, amount: formatFen(batch.totalFen) }));
            void load(plan);
          }}
        />
      )}
      {dialog?.kind === 'bank' && (
        <ReasonDialog
          title={t(`${k}.bank.title`, { batch: dialog.batch.name })}
          hint={t(`${k}.bank.hint`, { count: dialog.batch.claims })}
          okText={t(`${k}.bank.submit`)}
          testId="mutual-aid-bank-reason"
          onSubmit={(reason) => downloadBankFile(dialog.batch, reason)}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
