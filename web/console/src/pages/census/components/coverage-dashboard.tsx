import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Breadcrumb, Button, Card, Col, Progress, Row, Select, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined, EnvironmentOutlined, QuestionCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../../shared/format.ts';
import { translateOptional } from '../../../../../shared/i18n/index.ts';
import { TRADES, type Trade } from '../../../../../shared/trades.ts';
import { problemText } from '../../../components/problem-text.ts';
import { rateText } from '../../../components/charts/options.ts';
import { useSession } from '../../../session.tsx';
import { censusApi, type Coverage, type CoverageFigures, type CoverageRow } from '../api.ts';
import { canDrill, childLevel, countText, crumbsOf, isUnplaced, orderedChildren, shareOf } from '../rules.ts';
import { ChildrenChart, FormationChart, TrendChart } from './coverage-charts.tsx';

const KPI_KEYS = ['census', 'members', 'rate', 'probable', 'notYetMembers', 'joinedThisYear', 'rollMembers'] as const;
type KpiKey = (typeof KPI_KEYS)[number];
type CountKey = Exclude<keyof CoverageFigures, 'rate'>;

function isTrade(value: string | null): value is Trade {
  return value !== null && (TRADES as readonly string[]).includes(value);
}

/** A trade code as its name (a code the console does not know yet shows as is). */
export function tradeName(key: string): string {
  return translateOptional(`enums.trade.${key}`) ?? key;
}

/** A rate as a bar with its percentage: '—' and an empty bar where nobody is counted. */
function RateBar({ rate }: { rate: number | null }) {
  return (
    <div className="gh-rate-bar">
      <Progress
        percent={rate === null ? 0 : Math.min(100, rate * 100)}
        size="small"
        showInfo={false}
        status="normal"
        strokeColor={rate !== null && rate >= 0.8 ? '#389e0d' : undefined}
      />
      <span className="gh-rate-text">{rateText(rate)}</span>
    </div>
  );
}

/**
 * 入会覆盖: members ÷ census of an area (the staff member's own by default) with its areas one level
 * down, by trade, month by month, and the unions built. A child drills down (?region=), the
 * breadcrumb leads back up, the trade filter (?trade=) narrows every figure but the by-trade table.
 */
export function CoverageDashboard() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const tradeParam = params.get('trade');
  const trade = isTrade(tradeParam) ? tradeParam : undefined;
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [loadedAt, setLoadedAt] = useState<Date | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setProblem(null);
    try {
      const found = await censusApi.coverage({ region, trade });
      if (mine !== seq.current) return;
      setCoverage(found);
      setLoadedAt(new Date());
    } catch (error) {
      if (mine !== seq.current) return;
      setCoverage(null);
      setProblem(problemText(error));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [region, trade]);

  useEffect(() => {
    void load();
  }, [load]);

  const go = useCallback(
    (next: { region?: string | undefined; trade?: Trade | undefined }) =>
      setParams(() => {
        const query = new URLSearchParams();
        if (next.region && next.region !== me.org.regionCode) query.set('region', next.region);
        if (next.trade) query.set('trade', next.trade);
        return query;
      }),
    [setParams, me.org.regionCode],
  );
  const drill = (code: string) => go({ region: code, trade });

  const area = coverage?.area;
  const totals = coverage?.totals;
  const children = useMemo(() => (coverage ? orderedChildren(coverage) : []), [coverage]);
  const unplacedLabel = area
    ? t('consoleCensus.dashboard.notPlaced', { level: translateOptional(`enums.regionLevel.${childLevel(area.code) ?? ''}`) ?? '' })
    : '';
  const regionName = useCallback((row: CoverageRow) => (area && isUnplaced(row, area) ? unplacedLabel : row.name), [area, unplacedLabel]);
  const crumbs = coverage ? crumbsOf(coverage, me.org.regionCode) : [];

  const kpi = (key: KpiKey, figures: CoverageFigures): { value: string; extra?: string; danger?: boolean } => {
    if (key === 'rate') return { value: rateText(figures.rate) };
    if (key === 'joinedThisYear') {
      const share = rateText(shareOf(figures.joinedNewFormThisYear, figures.joinedThisYear));
      return { value: countText(figures.joinedThisYear), extra: t('consoleCensus.dashboard.newFormShare', { share }) };
    }
    return { value: countText(figures[key]), danger: key === 'probable' && figures.probable > 0 };
  };

  const figureColumns = [
    { key: 'census', title: t('consoleCensus.dashboard.census'), width: 100 },
    { key: 'members', title: t('consoleCensus.dashboard.members'), width: 100 },
  ] as const;
  const afterRate = [
    { key: 'notYetMembers', title: t('consoleCensus.dashboard.notYetMembers'), width: 100 },
    { key: 'rollMembers', title: t('consoleCensus.dashboard.rollMembers'), width: 100 },
    { key: 'joinedThisYear', title: t('consoleCensus.dashboard.joinedThisYear'), width: 110 },
  ] as const;
  const numberColumn = (column: { key: CountKey; title: string; width: number }) => ({
    key: column.key,
    title: column.title,
    dataIndex: column.key,
    width: column.width,
    align: 'right' as const,
    sorter: (a: CoverageRow, b: CoverageRow) => a[column.key] - b[column.key],
    render: (value: number) => countText(value),
  });
  const rateColumn = {
    key: 'rate',
    title: t('consoleCensus.dashboard.rate'),
    width: 180,
    sorter: (a: CoverageRow, b: CoverageRow) => (a.rate ?? -1) - (b.rate ?? -1),
    render: (_: unknown, row: CoverageRow) => <RateBar rate={row.rate} />,
  };
  const summary = () =>
    totals ? (
      <Table.Summary.Row className="gh-stats-total">
        <Table.Summary.Cell index={0}>{t('consoleCensus.dashboard.total')}</Table.Summary.Cell>
        {figureColumns.map((c, i) => (
          <Table.Summary.Cell key={c.key} index={i + 1} align="right">
            {countText(totals[c.key])}
          </Table.Summary.Cell>
        ))}
        <Table.Summary.Cell index={3}>
          <RateBar rate={totals.rate} />
        </Table.Summary.Cell>
        {afterRate.map((c, i) => (
          <Table.Summary.Cell key={c.key} index={i + 4} align="right">
            {countText(totals[c.key])}
          </Table.Summary.Cell>
        ))}
      </Table.Summary.Row>
    ) : null;

  const finest = area?.level === 'township';
  const trendCard = (
    <Card
      size="small"
      title={t('consoleCensus.dashboard.trend')}
      extra={
        coverage && (
          <Typography.Text type="secondary">
            {t('consoleCensus.dashboard.trendJoined', {
              joined: countText(coverage.trend.reduce((sum, p) => sum + p.joined, 0)),
              newForm: countText(coverage.trend.reduce((sum, p) => sum + p.joinedNewForm, 0)),
            })}
          </Typography.Text>
        )
      }
      style={{ height: '100%' }}
      data-testid="census-trend"
    >
      {coverage && <TrendChart trend={coverage.trend} />}
    </Card>
  );
  const formationCard = (
    <Card
      size="small"
      title={t('consoleCensus.dashboard.formation')}
      extra={
        coverage && (
          <Typography.Text type="secondary">
            {t('consoleCensus.dashboard.formationBuilt', { count: coverage.formation.reduce((sum, f) => sum + f.built, 0) })}
          </Typography.Text>
        )
      }
      style={{ height: '100%' }}
      data-testid="census-formation"
    >
      {coverage && <FormationChart formation={coverage.formation} />}
    </Card>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="census-dashboard">
      <div className="gh-toolbar" style={{ marginBottom: 0 }}>
        <Breadcrumb
          data-testid="census-breadcrumb"
          items={crumbs.map((crumb, i) => {
            const name = crumb.name ?? t('consoleCensus.dashboard.nationwide');
            const last = i === crumbs.length - 1;
            return {
              key: crumb.code || 'all',
              title: last ? (
                <Space size={6}>
                  <EnvironmentOutlined />
                  <Typography.Text strong data-testid="census-area">
                    {name}
                  </Typography.Text>
                </Space>
              ) : (
                <Typography.Link onClick={() => go({ region: crumb.code, trade })} data-testid="census-crumb">
                  {name}
                </Typography.Link>
              ),
            };
          })}
        />
        <Space wrap>
          <Select<Trade | 'all'>
            style={{ width: 160 }}
            value={trade ?? 'all'}
            onChange={(value) => go({ region, trade: value === 'all' ? undefined : value })}
            options={[
              { value: 'all', label: t('consoleCensus.dashboard.allTrades') },
              ...TRADES.map((key) => ({ value: key, label: t(`enums.trade.${key}`) })),
            ]}
            aria-label={t('consoleCensus.dashboard.trade')}
            data-testid="census-trade-filter"
          />
          {loadedAt && (
            <Typography.Text type="secondary">{t('consoleCensus.dashboard.asOf', { time: formatDateTime(loadedAt) })}</Typography.Text>
          )}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading} data-testid="census-refresh" />
          </Tooltip>
          <Button icon={<DownloadOutlined />} href={censusApi.coverageExportUrl({ region, trade })} download data-testid="census-export">
            {t('consoleCensus.dashboard.export')}
          </Button>
        </Space>
      </div>

      {problem && <Alert type="error" showIcon title={problem} data-testid="census-error" />}

      <Row gutter={[16, 16]}>
        {KPI_KEYS.map((key) => {
          const shown = totals ? kpi(key, totals) : null;
          return (
            <Col key={key} flex="1 1 150px">
              <Card size="small" loading={loading && !totals} className="gh-stat-card" data-testid={`census-kpi-${key}`}>
                {shown && (
                  <Statistic
                    title={
                      <Space size={4}>
                        {t(`consoleCensus.dashboard.kpi.${key}`)}
                        <Tooltip title={t(`consoleCensus.dashboard.kpiHint.${key}`, { year: coverage?.yearStart.slice(0, 4) ?? '' })}>
                          <QuestionCircleOutlined className="gh-census-hint" />
                        </Tooltip>
                      </Space>
                    }
                    value={shown.value}
                    styles={{ content: { color: shown.danger ? '#d46b08' : key === 'rate' ? '#c8102e' : undefined } }}
                  />
                )}
                {shown?.extra && <div className="gh-stat-extra gh-census-kpi-extra">{shown.extra}</div>}
              </Card>
            </Col>
          );
        })}
      </Row>

      {!finest && (
        <Card
          size="small"
          title={t('consoleCensus.dashboard.children')}
          extra={<Typography.Text type="secondary">{t('consoleCensus.dashboard.drillHint')}</Typography.Text>}
        >
          <Table<CoverageRow>
            rowKey="key"
            size="small"
            loading={loading}
            dataSource={children}
            pagination={children.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            locale={{ emptyText: t('consoleCensus.dashboard.childrenEmpty') }}
            scroll={{ x: 860 }}
            data-testid="census-children"
            onRow={(row) => ({ 'data-testid': 'census-child', 'data-region': row.key }) as React.HTMLAttributes<HTMLElement>}
            summary={() => (children.length > 0 ? summary() : null)}
            columns={[
              {
                key: 'name',
                title: t('consoleCensus.dashboard.region'),
                render: (_, row) =>
                  area && canDrill(row, area) ? (
                    <Typography.Link onClick={() => drill(row.key)} data-testid="census-drill">
                      {row.name}
                    </Typography.Link>
                  ) : area && isUnplaced(row, area) ? (
                    <Tooltip title={t('consoleCensus.dashboard.notPlacedHint')}>
                      <Typography.Text type="secondary" data-testid="census-unplaced">
                        {unplacedLabel}
                      </Typography.Text>
                    </Tooltip>
                  ) : (
                    <Typography.Text>{row.name}</Typography.Text>
                  ),
              },
              ...figureColumns.map(numberColumn),
              rateColumn,
              ...afterRate.map(numberColumn),
            ]}
          />
        </Card>
      )}

      {finest ? (
        // A township has no areas below it: its trend and its unions share the row.
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            {trendCard}
          </Col>
          <Col xs={24} xl={9}>
            {formationCard}
          </Col>
        </Row>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card
              size="small"
              title={t('consoleCensus.dashboard.childrenChart')}
              style={{ height: '100%' }}
              data-testid="census-children-chart"
            >
              {coverage && <ChildrenChart coverage={coverage} rows={children} nameOf={regionName} onDrill={drill} />}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {trendCard}
              {formationCard}
            </Space>
          </Col>
        </Row>
      )}

      <Card
        size="small"
        title={t('consoleCensus.dashboard.byTrade')}
        extra={<Typography.Text type="secondary">{t('consoleCensus.dashboard.byTradeHint')}</Typography.Text>}
      >
        <Table<CoverageRow>
          rowKey="key"
          size="small"
          loading={loading}
          dataSource={coverage?.trades ?? []}
          pagination={false}
          locale={{ emptyText: t('consoleCensus.dashboard.tradesEmpty') }}
          scroll={{ x: 860 }}
          data-testid="census-trades"
          onRow={(row) =>
            ({
              'data-testid': 'census-trade',
              'data-trade': row.key,
              className: row.key === trade ? 'gh-row-open' : undefined,
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              key: 'name',
              title: t('consoleCensus.dashboard.trade'),
              render: (_, row) =>
                isTrade(row.key) ? (
                  <Typography.Link onClick={() => go({ region, trade: row.key === trade ? undefined : (row.key as Trade) })}>
                    {tradeName(row.key)}
                  </Typography.Link>
                ) : (
                  tradeName(row.key)
                ),
            },
            ...figureColumns.map(numberColumn),
            rateColumn,
            ...afterRate.map(numberColumn),
          ]}
        />
      </Card>
    </Space>
  );
}
