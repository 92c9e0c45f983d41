import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Descriptions, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../../../shared/format.ts';
import { useSession } from '../../../session.tsx';
import { mutualAidApi, type Reconciliation } from '../api.ts';
import { reconciliationKey, shanghaiDayOf } from '../rules.ts';
import { PlanSelect, useChosenPlan, usePlans } from '../use-plans.tsx';
import { Money, Small } from '../words.tsx';

const DAY = 'YYYY-MM-DD';

/**
 * 医院结算对账: the hospitals' 一单式 settlements of the plans the staff member's union runs, one line per
 * hospital, plan and day — settled, cancelled (re-settled), the sum — reconciled every night for the day
 * before, or now for a chosen day (对账). An admin pays a hospital its day (拨付) from the plan's fund,
 * once, after a confirmation naming the sum.
 */
export function ReconciliationsTab() {
  const { t } = useTranslation();
  const { access } = useSession();
  const { message } = App.useApp();
  const { plans } = usePlans();
  const [plan, choose] = useChosenPlan(plans, false);
  const [items, setItems] = useState<Reconciliation[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [day, setDay] = useState<Dayjs>(() => dayjs(shanghaiDayOf(new Date(), -1)));
  const [running, setRunning] = useState(false);
  const [paying, setPaying] = useState<Reconciliation | null>(null);
  const [payProblem, setPayProblem] = useState<string | null>(null);
  const [payBusy, setPayBusy] = useState(false);
  const k = 'consoleMutualAid.reconciliations';
  const planId = plan?.id;

  const load = useCallback(async (id: string | undefined) => {
    setLoading(true);
    setProblem(null);
    try {
      setItems((await mutualAidApi.reconciliations(id)).items);
    } catch (error) {
      setItems([]);
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(planId);
  }, [load, planId]);

  const run = async () => {
    setRunning(true);
    setProblem(null);
    const chosen = day.format(DAY);
    try {
      const { lines } = await mutualAidApi.reconcile(chosen);
      void message.success(lines > 0 ? t(`${k}.ran`, { day: chosen, count: lines }) : t(`${k}.ranNone`, { day: chosen }));
      await load(planId);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setRunning(false);
    }
  };

  const pay = async (r: Reconciliation) => {
    setPayBusy(true);
    setPayProblem(null);
    try {
      await mutualAidApi.payHospital({ partnerId: r.partnerId, planId: r.planId, day: r.day });
      setPaying(null);
      void message.success(t(`${k}.payDialog.done`, { hospital: r.hospital, day: r.day, amount: formatFen(r.totalFen) }));
      void load(planId);
    } catch (error) {
      setPayProblem(errorText(error));
    } finally {
      setPayBusy(false);
    }
  };

  const today = shanghaiDayOf(new Date());
  return (
    <div data-testid="mutual-aid-reconciliations">
      <div className="gh-toolbar">
        <Space size={8} wrap>
          <PlanSelect
            plans={plans}
            value={planId}
            onChange={choose}
            allowClear
            placeholder={t(`${k}.allPlans`)}
            testId="mutual-aid-reconciliations-plan"
          />
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              loading={loading}
              onClick={() => void load(planId)}
              data-testid="mutual-aid-reconciliations-refresh"
            />
          </Tooltip>
        </Space>
        {access.canEditMutualAid && (
          <Space size={8}>
            <Typography.Text>{t('common.labelSuffix', { label: t(`${k}.day`) })}</Typography.Text>
            <DatePicker
              value={day}
              format={DAY}
              allowClear={false}
              disabledDate={(d) => d.format(DAY) > today}
              onChange={(d) => d && setDay(d)}
              data-testid="mutual-aid-reconcile-day"
            />
            <Button
              type="primary"
              icon={<SyncOutlined />}
              loading={running}
              onClick={() => void run()}
              data-testid="mutual-aid-reconcile-run"
            >
              {t(`${k}.run`)}
            </Button>
          </Space>
        )}
      </div>
      <Typography.Paragraph type="secondary" className="gh-ma-hint">
        {t(`${k}.hint`)}
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="mutual-aid-reconciliations-error" />}
      <Table<Reconciliation>
        rowKey={reconciliationKey}
        size="middle"
        loading={items === null || loading}
        dataSource={items ?? []}
        pagination={(items?.length ?? 0) > 30 ? { pageSize: 30, showSizeChanger: false } : false}
        locale={{ emptyText: t(`${k}.empty`) }}
        data-testid="mutual-aid-reconciliation-table"
        onRow={(r) =>
          ({
            'data-testid': `mutual-aid-reconciliation-row`,
            'data-day': r.day,
            'data-hospital': r.hospital,
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          { key: 'day', title: t(`${k}.col.day`), width: 120, render: (_, r) => <span className="gh-mono">{r.day}</span> },
          { key: 'hospital', title: t(`${k}.col.hospital`), render: (_, r) => <Typography.Text strong>{r.hospital}</Typography.Text> },
          { key: 'plan', title: t(`${k}.col.plan`), dataIndex: 'planName' },
          {
            key: 'settled',
            title: t(`${k}.col.settled`),
            width: 100,
            align: 'right',
            render: (_, r) => t(`${k}.count`, { count: r.settled }),
          },
          {
            key: 'cancelled',
            title: t(`${k}.col.cancelled`),
            width: 100,
            align: 'right',
            render: (_, r) =>
              r.cancelled > 0 ? (
                <Typography.Text type="warning">{t(`${k}.count`, { count: r.cancelled })}</Typography.Text>
              ) : (
                t(`${k}.count`, { count: 0 })
              ),
          },
          {
            key: 'total',
            title: t(`${k}.col.total`),
            width: 150,
            align: 'right',
            render: (_, r) => (
              <span data-testid="mutual-aid-reconciliation-total">
                <Money fen={r.totalFen} strong />
              </span>
            ),
          },
          {
            key: 'status',
            title: t(`${k}.col.status`),
            width: 170,
            render: (_, r) => (
              <div>
                <Tag bordered={false} color={r.status === 'paid' ? 'green' : 'orange'} data-testid="mutual-aid-reconciliation-status">
                  {t(`${k}.status.${r.status}`)}
                </Tag>
                <div>
                  <Small>
                    {r.paidAt
                      ? t(`${k}.paidAt`, { at: formatDateTime(r.paidAt).slice(0, 16) })
                      : t(`${k}.computedAt`, { at: formatDateTime(r.computedAt).slice(0, 16) })}
                  </Small>
                </div>
              </div>
            ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            width: 110,
            render: (_, r) =>
              access.canAdminMutualAid && r.status === 'open' ? (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => {
                    setPayProblem(null);
                    setPaying(r);
                  }}
                  data-testid="mutual-aid-reconciliation-pay"
                >
                  {t(`${k}.pay`)}
                </Button>
              ) : null,
          },
        ]}
      />
      {paying && (
        <Modal
          open
          title={t(`${k}.payDialog.title`, { hospital: paying.hospital, day: paying.day })}
          okText={t(`${k}.payDialog.submit`, { amount: formatFen(paying.totalFen) })}
          okButtonProps={{ loading: payBusy, ...({ 'data-testid': 'mutual-aid-reconciliation-pay-ok' } as object) }}
          cancelText={t('common.cancel')}
          onOk={() => void pay(paying)}
          onCancel={() => setPaying(null)}
          mask={{ closable: false }}
        >
          <Typography.Paragraph data-testid="mutual-aid-reconciliation-pay-sentence">
            {t(`${k}.payDialog.sentence`, {
              hospital: paying.hospital,
              day: paying.day,
              amount: formatFen(paying.totalFen),
              count: paying.settled,
              plan: paying.planName,
            })}
          </Typography.Paragraph>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'settled', label: t(`${k}.col.settled`), children: t(`${k}.count`, { count: paying.settled }) },
              { key: 'cancelled', label: t(`${k}.col.cancelled`), children: t(`${k}.count`, { count: paying.cancelled }) },
              { key: 'total', label: t(`${k}.col.total`), children: <Money fen={paying.totalFen} strong /> },
            ]}
          />
          <Typography.Paragraph type="secondary" className="gh-ma-pay-note">
            {t(`${k}.payDialog.note`)}
          </Typography.Paragraph>
          {payProblem && <Alert type="error" showIcon title={payProblem} data-testid="mutual-aid-reconciliation-pay-error" />}
        </Modal>
      )}
    </div>
  );
}
