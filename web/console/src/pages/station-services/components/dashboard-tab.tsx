import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, DatePicker, Empty, Rate, Row, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { QuestionCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../../components/charts/echart.tsx';
import { rateText } from '../../../components/charts/options.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { problemText } from '../../../components/problem-text.ts';
import { useSession } from '../../../session.tsx';
import { stationServicesApi, type Dashboard } from '../api.ts';
import { categoryBarOption, visitsLineOption } from '../charts.ts';
import { addDays, doneRate, everyDay, lastDays, shanghaiDay } from '../rules.ts';
import { CategoryTag } from './words.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
type AreaRow = Dashboard['byArea'][number];
type TopStation = Dashboard['topStations'][number];
type ServiceRow = Dashboard['byService'][number];

const count = (n: number) => n.toLocaleString('zh-CN');

/**
 * 驿站看板: a union's stations over a span of days (the last 30 by default) — open stations, orders and
 * how many were done, the average rating, orders by service category, by area one level down (with
 * visits and stations), visits per day and the busiest stations. The union and the span live in the
 * address (?org=, ?from=, ?to=).
 */
export function DashboardTab() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const today = shanghaiDay(new Date());
  const fallback = lastDays(today);
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const from = fromParam && DAY.test(fromParam) ? fromParam : fallback.from;
  const to = toParam && DAY.test(toParam) ? toParam : fallback.to;
  const orgId = params.get('org') ?? me.org.id;
  const [data, setData] = useState<Dashboard | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const seq = useRef(0);
  const k = 'consoleStationServices.dashboard';

  const go = (next: { org?: string; from?: string; to?: string }) =>
    setParams(() => {
      const query = new URLSearchParams();
      const org = next.org ?? orgId;
      if (org !== me.org.id) query.set('org', org);
      const f = next.from ?? from;
      const e = next.to ?? to;
      if (f !== fallback.from || e !== fallback.to) {
        query.set('from', f);
        query.set('to', e);
      }
      return query;
    });

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setProblem(null);
    try {
      const found = await stationServicesApi.dashboard({ orgId, from, to });
      if (mine === seq.current) setData(found);
    } catch (error) {
      if (mine !== seq.current) return;
      setData(null);
      setProblem(problemText(error));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [orgId, from, to]);

  useEffect(() => {
    void load();
  }, [load]);

  const categoryOption = useMemo(
    () =>
      categoryBarOption(
        (data?.byCategory ?? []).map((c) => ({ name: t(`consoleStationServices.category.${c.category}`), orders: c.orders, done: c.done })),
        { orders: t(`${k}.categoryOrders`), done: t(`${k}.categoryDone`) },
      ),
    [data, t],
  );
  const days = useMemo(() => (data ? everyDay(data.from, data.to, data.visitsByDay) : []), [data]);
  const visitsOption = useMemo(() => visitsLineOption(days, { series: t(`${k}.visitsSeries`) }), [days, t]);

  const orders = data?.orders;
  const rate = orders ? doneRate(orders) : null;
  const presets = [
    { key: 'week', days: 7 },
    { key: 'month', days: 30 },
    { key: 'quarter', days: 90 },
  ] as const;

  const kpi = (testId: string, title: React.ReactNode, value: string, extra: React.ReactNode, suffix?: React.ReactNode) => (
    <Col xs={24} sm={12} xl={6}>
      <Card size="small" loading={loading && !data} className="gh-stat-card" data-testid={testId}>
        <Statistic title={title} value={value} suffix={suffix} />
        <div className="gh-stat-extra">{extra}</div>
      </Card>
    </Col>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="station-dashboard">
      <div className="gh-toolbar" style={{ marginBottom: 0 }}>
        <Space wrap>
          <Typography.Text>{t(`${k}.union`)}</Typography.Text>
          <OrgPicker value={orgId} onChange={(id) => id && go({ org: id })} style={{ width: 240 }} data-testid="dashboard-org" />
          <Typography.Text>{t(`${k}.range`)}</Typography.Text>
          <DatePicker.RangePicker
            value={[dayjs(from), dayjs(to)]}
            allowClear={false}
            disabledDate={(d) => d.format('YYYY-MM-DD') > today}
            presets={presets.map((p) => ({
              label: t(`${k}.presets.${p.key}`),
              value: [dayjs(addDays(today, -(p.days - 1))), dayjs(today)],
            }))}
            onChange={(value) => {
              if (value?.[0] && value[1]) go({ from: value[0].format('YYYY-MM-DD'), to: value[1].format('YYYY-MM-DD') });
            }}
            data-testid="dashboard-range"
          />
        </Space>
        <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading} data-testid="dashboard-refresh">
          {t(`${k}.refresh`)}
        </Button>
      </div>

      {problem && <Alert type="error" showIcon title={problem} />}

      <Row gutter={[16, 16]}>
        {kpi(
          'dashboard-kpi-stations',
          t(`${k}.stations`),
          count(data?.stations.open ?? 0),
          t(`${k}.stationsOf`, { total: count(data?.stations.total ?? 0) }),
        )}
        {kpi(
          'dashboard-kpi-orders',
          t(`${k}.orders`),
          count(orders?.total ?? 0),
          t(`${k}.ordersBreakdown`, {
            ordered: count(orders?.byStatus.ordered ?? 0),
            accepted: count(orders?.byStatus.accepted ?? 0),
            cancelled: count(orders?.byStatus.cancelled ?? 0),
          }),
        )}
        {kpi(
          'dashboard-kpi-done',
          <Space size={4}>
            {t(`${k}.doneRate`)}
            <Tooltip title={t(`${k}.doneRateHint`)}>
              <QuestionCircleOutlined />
            </Tooltip>
          </Space>,
          rateText(rate),
          t(`${k}.doneOf`, { done: count(orders?.byStatus.done ?? 0) }),
        )}
        {kpi(
          'dashboard-kpi-rating',
          t(`${k}.rating`),
          orders?.averageRating == null ? t('common.none') : orders.averageRating.toFixed(1),
          orders && orders.ratedCount > 0 ? t(`${k}.ratingCount`, { count: orders.ratedCount }) : t(`${k}.noRating`),
          orders?.averageRating == null ? undefined : (
            <Rate disabled allowHalf value={Math.round(orders.averageRating * 2) / 2} className="gh-ss-rate gh-ss-kpi-rate" />
          ),
        )}
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t(`${k}.byCategory`)} style={{ height: '100%' }} data-testid="dashboard-categories">
            {data && data.byCategory.length > 0 ? (
              <EChart option={categoryOption} height={Math.max(220, data.byCategory.length * 44 + 48)} ariaLabel={t(`${k}.byCategory`)} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`${k}.empty`)} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t(`${k}.visitsByDay`)}
            extra={data && <Typography.Text type="secondary">{t(`${k}.asOf`, { from: data.from, to: data.to })}</Typography.Text>}
            style={{ height: '100%' }}
            data-testid="dashboard-visits"
          >
            {data && days.some((d) => d.visits > 0) ? (
              <EChart option={visitsOption} height={260} ariaLabel={t(`${k}.visitsByDay`)} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`${k}.empty`)} />
            )}
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t(`${k}.byArea`)} style={{ height: '100%' }} data-testid="dashboard-areas">
            <Table<AreaRow>
              rowKey="regionCode"
              size="small"
              loading={loading}
              dataSource={data?.byArea ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: t(`${k}.empty`) }}
              columns={[
                { key: 'name', title: t(`${k}.area`), dataIndex: 'name' },
                {
                  key: 'stations',
                  title: t(`${k}.areaStations`),
                  dataIndex: 'stations',
                  align: 'right',
                  width: 90,
                  sorter: (a, b) => a.stations - b.stations,
                  render: count,
                },
                {
                  key: 'orders',
                  title: t(`${k}.areaOrders`),
                  dataIndex: 'orders',
                  align: 'right',
                  width: 90,
                  sorter: (a, b) => a.orders - b.orders,
                  render: count,
                },
                {
                  key: 'visits',
                  title: t(`${k}.areaVisits`),
                  dataIndex: 'visits',
                  align: 'right',
                  width: 90,
                  sorter: (a, b) => a.visits - b.visits,
                  render: count,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t(`${k}.topStations`)} style={{ height: '100%' }} data-testid="dashboard-top-stations">
            <Table<TopStation>
              rowKey="stationId"
              size="small"
              loading={loading}
              dataSource={data?.topStations ?? []}
              pagination={false}
              locale={{ emptyText: t(`${k}.empty`) }}
              columns={[
                {
                  key: 'rank',
                  title: '#',
                  width: 40,
                  render: (_, __, index) => <Typography.Text type="secondary">{index + 1}</Typography.Text>,
                },
                { key: 'name', title: t(`${k}.station`), dataIndex: 'name' },
                { key: 'visits', title: t(`${k}.visits`), dataIndex: 'visits', align: 'right', width: 80, render: count },
                { key: 'orders', title: t(`${k}.ordersCol`), dataIndex: 'orders', align: 'right', width: 80, render: count },
                {
                  key: 'link',
                  width: 80,
                  render: (_, s) => <Link to={`/station-services/check-in/${s.stationId}`}>{t(`${k}.checkInLink`)}</Link>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t(`${k}.byService`)} data-testid="dashboard-services">
        <Table<ServiceRow>
          rowKey="serviceId"
          size="small"
          loading={loading}
          dataSource={data?.byService ?? []}
          pagination={false}
          locale={{ emptyText: t(`${k}.empty`) }}
          columns={[
            { key: 'name', title: t(`${k}.service`), dataIndex: 'name' },
            {
              key: 'category',
              title: t('consoleStationServices.services.category'),
              render: (_, s) => <CategoryTag category={s.category} />,
            },
            { key: 'orders', title: t(`${k}.ordersCol`), dataIndex: 'orders', align: 'right', width: 100, render: count },
            {
              key: 'rating',
              title: t(`${k}.averageRating`),
              width: 200,
              render: (_, s) =>
                s.averageRating === null ? (
                  <Typography.Text type="secondary">{t(`${k}.noRating`)}</Typography.Text>
                ) : (
                  <Space size={8}>
                    <Rate disabled allowHalf value={Math.round(s.averageRating * 2) / 2} className="gh-ss-rate" />
                    <span>{s.averageRating.toFixed(1)}</span>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
