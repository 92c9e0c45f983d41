import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Statistic, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFen } from '../../../../../shared/format.ts';
import { problemText } from '../../../components/problem-text.ts';
import { campaignsApi, type Campaign, type CampaignStats, type StatsLine } from '../api.ts';
import { percentText } from '../rules.ts';
import { DailyLines, HorizontalBars } from './charts.tsx';

const CLAIMED = '#1677ff';
const REDEEMED = '#52c41a';

/** The campaign's 统计 tab: KPI cards, claimed vs redeemed by day, by trade, and the table by area. */
export function CampaignStatsTab({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const [stats, setStats] = useState<CampaignStats | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    setProblem(null);
    try {
      setStats(await campaignsApi.stats(campaign.id));
    } catch (error) {
      setProblem(problemText(error));
    }
  }, [campaign.id]);

  useEffect(() => {
    void load();
  }, [load]);

  if (problem) return <Alert type="error" showIcon title={problem} />;
  const totals = stats?.totals;

  const kpis = [
    {
      key: 'claimed',
      title: t('consoleCampaigns.stats.claimed'),
      value: totals?.claimed.toLocaleString('zh-CN'),
      extra: totals && t('consoleCampaigns.stats.members', { n: totals.members }),
    },
    {
      key: 'redeemed',
      title: t('consoleCampaigns.stats.redeemed'),
      value: totals?.redeemed.toLocaleString('zh-CN'),
      extra: totals && t('consoleCampaigns.stats.expired', { n: totals.expired }),
    },
    { key: 'rate', title: t('consoleCampaigns.stats.redemptionRate'), value: totals && percentText(totals.redemptionRate), extra: null },
    { key: 'discount', title: t('consoleCampaigns.stats.discount'), value: totals && formatFen(totals.discountFen), extra: null },
    {
      key: 'joined',
      title: t('consoleCampaigns.stats.joinedDuring'),
      value: totals?.joinedDuring.toLocaleString('zh-CN'),
      extra: t('consoleCampaigns.stats.joinedDuringHint'),
    },
  ];

  return (
    <div data-testid="campaign-stats">
      <div className="gh-campaign-kpis" style={{ display: 'grid', gridTemplateColumns: 'repeat(5, 1fr)', gap: 12, marginBottom: 16 }}>
        {kpis.map((k) => (
          <Card key={k.key} size="small" data-testid={`campaign-kpi-${k.key}`}>
            <Statistic title={k.title} value={k.value ?? '—'} loading={!stats} />
            {k.extra && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {k.extra}
              </Typography.Text>
            )}
          </Card>
        ))}
      </div>
      {stats && stats.totals.claimed === 0 ? (
        <Card>
          <Empty description={t('consoleCampaigns.stats.empty')} />
        </Card>
      ) : (
        stats && (
          <>
            <Row gutter={16} style={{ marginBottom: 16 }}>
              <Col span={14}>
                <Card
                  size="small"
                  title={t('consoleCampaigns.stats.byDay')}
                  extra={
                    <Button size="small" type="text" icon={<ReloadOutlined />} onClick={() => void load()}>
                      {t('consoleCampaigns.stats.refresh')}
                    </Button>
                  }
                  data-testid="campaign-chart-days"
                >
                  <DailyLines
                    labels={stats.byDay.map((d) => d.key)}
                    series={[
                      { name: t('consoleCampaigns.stats.claimed'), color: CLAIMED, values: stats.byDay.map((d) => d.claimed) },
                      { name: t('consoleCampaigns.stats.redeemed'), color: REDEEMED, values: stats.byDay.map((d) => d.redeemed) },
                    ]}
                  />
                </Card>
              </Col>
              <Col span={10}>
                <Card size="small" title={t('consoleCampaigns.stats.byTrade')} data-testid="campaign-chart-trades">
                  <div className="gh-chart-legend">
                    <span>
                      <i style={{ background: CLAIMED }} />
                      {t('consoleCampaigns.stats.claimed')}
                    </span>
                    <span>
                      <i style={{ background: REDEEMED }} />
                      {t('consoleCampaigns.stats.redeemed')}
                    </span>
                  </div>
                  <HorizontalBars
                    color={CLAIMED}
                    innerColor={REDEEMED}
                    items={stats.byTrade.map((r) => ({
                      key: r.key,
                      label: r.label,
                      value: r.claimed,
                      inner: r.redeemed,
                      text: t('consoleCampaigns.stats.barValue', { claimed: r.claimed, redeemed: r.redeemed }),
                    }))}
                  />
                </Card>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={14}>
                <Card size="small" title={t('consoleCampaigns.stats.byArea')}>
                  <LinesTable rows={stats.byArea} keyTitle={t('consoleCampaigns.stats.area')} testId="campaign-areas" />
                </Card>
              </Col>
              <Col span={10}>
                <Card size="small" title={t('consoleCampaigns.stats.dailyTable')}>
                  <Table
                    rowKey="key"
                    size="small"
                    pagination={{ pageSize: 7, hideOnSinglePage: true, size: 'small' }}
                    dataSource={stats.byDay}
                    columns={[
                      { key: 'day', title: t('consoleCampaigns.stats.day'), dataIndex: 'key' },
                      { key: 'claimed', title: t('consoleCampaigns.stats.claimed'), dataIndex: 'claimed', align: 'right' },
                      {
                        key: 'soldOutAt',
                        title: t('consoleCampaigns.stats.soldOutAt'),
                        render: (_, d) => (d.soldOutAt ? formatDateTime(d.soldOutAt).slice(11) : t('consoleCampaigns.stats.notSoldOut')),
                      },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </>
        )
      )}
    </div>
  );
}

function LinesTable({ rows, keyTitle, testId }: { rows: StatsLine[]; keyTitle: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table<StatsLine>
      rowKey="key"
      size="small"
      data-testid={testId}
      pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
      dataSource={rows}
      columns={[
        { key: 'label', title: keyTitle, render: (_, r) => r.label || t('consoleCampaigns.stats.unknownArea') },
        { key: 'claimed', title: t('consoleCampaigns.stats.claimed'), dataIndex: 'claimed', align: 'right' },
        { key: 'redeemed', title: t('consoleCampaigns.stats.redeemed'), dataIndex: 'redeemed', align: 'right' },
        { key: 'rate', title: t('consoleCampaigns.stats.redemptionRate'), align: 'right', render: (_, r) => percentText(r.redemptionRate) },
        { key: 'discount', title: t('consoleCampaigns.stats.discount'), align: 'right', render: (_, r) => formatFen(r.discountFen) },
      ]}
    />
  );
}
