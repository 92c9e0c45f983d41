import { useCallback, useEffect, useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Col, Row, Select, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatFen } from '../../../../../shared/format.ts';
import { mutualAidApi, type Dashboard, type DashboardArea } from '../api.ts';
import { canDrill, drillTrail, type Crumb } from '../rules.ts';
import { PlanSelect, useChosenPlan, usePlans } from '../use-plans.tsx';
import { Money } from '../words.tsx';

/**
 * 互助金看板 of a plan and a cycle: how many are enrolled (by their own payment or their union's list), what
 * came in, the claims filed and waiting, what was paid in batches and settled at hospitals, what is still
 * to pay, and the balance — over the staff member's area and for each union just below it; an area
 * opens to the unions below it (and the breadcrumb goes back up).
 */
export function DashboardTab() {
  const { t } = useTranslation();
  const { plans, problem: plansProblem } = usePlans();
  const [plan, choose] = useChosenPlan(plans);
  const [cycleStart, setCycleStart] = useState<string | undefined>(undefined);
  const [trail, setTrail] = useState<Crumb[]>([]);
  const [data, setData] = useState<Dashboard | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const k = 'consoleMutualAid.dashboard';
  const planId = plan?.id;
  const orgId = trail.length > 1 ? trail[trail.length - 1]?.id : undefined;

  const load = useCallback(async (query: { planId: string; cycleStart?: string | undefined; orgId?: string | undefined }) => {
    setLoading(true);
    setProblem(null);
    try {
      const found = await mutualAidApi.dashboard(query);
      setData(found);
      // The first answer names the staff member's own area: the trail starts there.
      setTrail((previous) => (previous.length === 0 ? [{ id: found.area.id, name: found.area.name }] : previous));
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (planId) void load({ planId, cycleStart, orgId });
  }, [load, planId, cycleStart, orgId]);

  const total = data?.total;
  const card = (key: string, title: string, value: string, extra?: string, strong?: boolean) => (
    <Col xs={12} md={8} xl={6} key={key}>
      <Card size="small" className="gh-stat-card gh-ma-stat" data-testid={`mutual-aid-dashboard-${key}`}>
        <Statistic title={title} value={value} styles={{ content: strong ? { color: '#c8102e', fontWeight: 600 } : undefined }} />
        {extra && (
          <Typography.Text type="secondary" className="gh-ma-small">
            {extra}
          </Typography.Text>
        )}
      </Card>
    </Col>
  );
  const money = (key: keyof DashboardArea, strong = false) => ({
    key,
    align: 'right' as const,
    width: 118,
    render: (_: unknown, row: DashboardArea) => <Money fen={row[key] as number} strong={strong} />,
  });
  const count = (key: keyof DashboardArea) => ({
    key,
    align: 'right' as const,
    width: 72,
    render: (_: unknown, row: DashboardArea) => (row[key] as number).toLocaleString('zh-CN'),
  });

  return (
    <div data-testid="mutual-aid-dashboard">
      <div className="gh-toolbar">
        <Space size={8} wrap>
          <PlanSelect
            plans={plans}
            value={planId}
            onChange={(id) => {
              choose(id);
              setCycleStart(undefined);
              setTrail([]);
            }}
            testId="mutual-aid-dashboard-plan"
          />
          <Select<string>
            style={{ width: 260 }}
            value={data?.cycle.start}
            onChange={setCycleStart}
            disabled={!data}
            options={(data?.cycles.length ? data.cycles : data ? [{ start: data.cycle.start, end: data.cycle.end ?? '' }] : []).map(
              (c) => ({
                value: c.start,
                label: c.end ? t(`${k}.cycle`, { start: c.start, end: c.end }) : t(`${k}.cycleOpen`, { start: c.start }),
              }),
            )}
            data-testid="mutual-aid-dashboard-cycle"
          />
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              loading={loading}
              disabled={!planId}
              onClick={() => planId && void load({ planId, cycleStart, orgId })}
              data-testid="mutual-aid-dashboard-refresh"
            />
          </Tooltip>
        </Space>
        {trail.length > 0 && (
          <Breadcrumb
            data-testid="mutual-aid-dashboard-breadcrumb"
            items={trail.map((c, i) => ({
              key: c.id,
              title:
                i === trail.length - 1 ? (
                  <span data-testid="mutual-aid-dashboard-area">{c.name}</span>
                ) : (
                  <Typography.Link onClick={() => setTrail(drillTrail(trail, c))} data-testid="mutual-aid-dashboard-crumb">
                    {c.name}
                  </Typography.Link>
                ),
            }))}
          />
        )}
      </div>
      {(plansProblem ?? problem) && (
        <Alert type="error" showIcon title={plansProblem ?? problem} className="gh-form-alert" data-testid="mutual-aid-dashboard-error" />
      )}
      {plans?.length === 0 && <Alert type="info" showIcon title={t(`${k}.noPlans`)} className="gh-form-alert" />}
      {data && total && (
        <>
          <Typography.Paragraph type="secondary" className="gh-ma-hint" data-testid="mutual-aid-dashboard-caption">
            {t(`${k}.caption`, {
              plan: data.plan.name,
              org: data.plan.orgName,
              area: data.area.name,
              cycle: data.cycle.end
                ? t(`${k}.cycle`, { start: data.cycle.start, end: data.cycle.end })
                : t(`${k}.cycleOpen`, { start: data.cycle.start }),
            })}
          </Typography.Paragraph>
          <Row gutter={[12, 12]} className="gh-ma-stats">
            {card(
              'enrolled',
              t(`${k}.enrolled`),
              total.enrolled.toLocaleString('zh-CN'),
              t(`${k}.byGroup`, { people: total.byGroup.toLocaleString('zh-CN') }),
            )}
            {card('contributions', t(`${k}.contributions`), formatFen(total.contributionsFen))}
            {card('claims', t(`${k}.claims`), total.claims.toLocaleString('zh-CN'), t(`${k}.underReview`, { count: total.underReview }))}
            {card('paid', t(`${k}.paid`), formatFen(total.paidFen), t(`${k}.paidClaims`, { count: total.paidClaims }))}
            {card('payable', t(`${k}.payable`), formatFen(total.payableFen), t(`${k}.payableHint`))}
            {card('settled', t(`${k}.settled`), formatFen(total.settledFen), t(`${k}.settlements`, { count: total.settlements }))}
            {card('paidOut', t(`${k}.paidOut`), formatFen(total.paidOutFen), t(`${k}.paidOutHint`))}
            {data.fund
              ? card(
                  'balance',
                  t(`${k}.fundAvailable`),
                  formatFen(data.fund.availableFen),
                  t(`${k}.fundHint`, { received: formatFen(data.fund.receivedFen), spent: formatFen(data.fund.spentFen) }),
                  true,
                )
              : card('balance', t(`${k}.balance`), formatFen(total.balanceFen), t(`${k}.balanceHint`), true)}
          </Row>
          <Card
            size="small"
            className="gh-ma-card"
            title={t(`${k}.areas.title`, { area: data.area.name })}
            extra={<Typography.Text type="secondary">{t(`${k}.areas.hint`)}</Typography.Text>}
          >
            <Table<DashboardArea>
              rowKey="orgId"
              size="small"
              loading={loading}
              dataSource={data.areas}
              pagination={data.areas.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
              locale={{ emptyText: t(`${k}.areas.empty`) }}
              scroll={{ x: 1080 }}
              data-testid="mutual-aid-dashboard-areas"
              rowClassName={(row) => (canDrill(data, row) ? 'gh-ma-drill' : '')}
              onRow={(row) =>
                ({
                  'data-testid': 'mutual-aid-dashboard-area-row',
                  'data-org-id': row.orgId,
                  onClick: () => canDrill(data, row) && setTrail(drillTrail(trail, { id: row.orgId, name: row.orgName })),
                }) as React.HTMLAttributes<HTMLElement>
              }
              columns={[
                {
                  key: 'org',
                  title: t(`${k}.areas.col.org`),
                  fixed: 'left',
                  width: 170,
                  render: (_, row) =>
                    canDrill(data, row) ? (
                      <Typography.Link data-testid="mutual-aid-dashboard-drill">{row.orgName}</Typography.Link>
                    ) : (
                      <span>{row.orgName}</span>
                    ),
                },
                {
                  key: 'enrolment',
                  title: t(`${k}.areas.group.enrolment`),
                  children: [
                    { ...count('enrolled'), title: t(`${k}.areas.col.enrolled`) },
                    { ...count('byGroup'), title: t(`${k}.areas.col.byGroup`) },
                    { ...money('contributionsFen'), title: t(`${k}.areas.col.contributions`) },
                  ],
                },
                {
                  key: 'claims',
                  title: t(`${k}.areas.group.claims`),
                  children: [
                    { ...count('claims'), title: t(`${k}.areas.col.claims`) },
                    { ...count('underReview'), title: t(`${k}.areas.col.underReview`) },
                  ],
                },
                {
                  key: 'paid',
                  title: t(`${k}.areas.group.paid`),
                  children: [
                    { ...count('paidClaims'), title: t(`${k}.areas.col.paidClaims`) },
                    { ...money('paidFen', true), title: t(`${k}.areas.col.paid`) },
                    { ...money('payableFen'), title: t(`${k}.areas.col.payable`) },
                  ],
                },
                {
                  key: 'settled',
                  title: t(`${k}.areas.group.settled`),
                  children: [
                    { ...count('settlements'), title: t(`${k}.areas.col.settlements`) },
                    { ...money('settledFen'), title: t(`${k}.areas.col.settled`) },
                  ],
                },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
