import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ApartmentOutlined, DownloadOutlined, SlidersOutlined, SyncOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFen } from '../../../../../shared/format.ts';
import { problemText } from '../../../components/problem-text.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { useSession } from '../../../session.tsx';
import { crumbsOf, type Crumb } from '../../funds/rules.ts';
import { rankingApi, type Competition, type RankedArea, type Ranking } from './api.ts';
import {
  columnsOf,
  formatIndicatorValue,
  formatPoints,
  partOf,
  tiedRanks,
  totalWeight,
  weightsPending,
  weightsSource,
  weightsSourceText,
  type Column,
} from './rules.ts';
import { WeightsForm } from './weights-form.tsx';
import './ranking.css';

/**
 * 竞赛排名 (安徽 专项劳动竞赛): the areas directly below a union (?org=, the staff member's own by
 * default) ranked on the indicators its competition weighs — each area's score, rank (ties share one),
 * every indicator's value and points, and the counts behind them in an expanded row. An area drills
 * down to its own areas; the breadcrumb leads back up. 重新计算 ranks the subtree again now; 导出 Excel
 * writes what is on screen. 设置指标权重 sets the union's own weights, or drops them to inherit again (an
 * admin; others read them): the legend shows the weights that apply now, and says so while the kept
 * ranking was scored by others.
 */
export function RankingTab() {
  const { t } = useTranslation();
  const { me, access } = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const orgId = params.get('org') ?? me.org.id;
  const [ranking, setRanking] = useState<Ranking | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [ancestors, setAncestors] = useState<(Crumb & { depth: number })[] | null>(null);
  const [competition, setCompetition] = useState<(Competition & { askedFor: string }) | null>(null);
  const [competitionProblem, setCompetitionProblem] = useState<string | null>(null);
  const [weightsOpen, setWeightsOpen] = useState(false);
  const [refreshing, setRefreshing] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const seq = useRef(0);
  const shown = useRef(orgId);
  shown.current = orgId;
  const k = 'consoleHardshipRanking';

  const load = useCallback(async (id: string) => {
    const mine = ++seq.current;
    setLoading(true);
    setProblem(null);
    try {
      const found = await rankingApi.get(id);
      if (mine === seq.current) setRanking(found);
    } catch (error) {
      if (mine !== seq.current) return;
      setRanking(null);
      setProblem(problemText(error));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(orgId);
  }, [load, orgId]);

  // The breadcrumb: the union's ancestors from the staff member's own down (the orgs API knows them).
  useEffect(() => {
    let live = true;
    setAncestors(null);
    rankingApi
      .org(orgId)
      .then(({ ancestors: found }) => live && setAncestors(found.map((a) => ({ id: a.id, name: a.name, depth: a.depth }))))
      .catch(() => live && setAncestors(null));
    return () => {
      live = false;
    };
  }, [orgId]);

  // The weights that apply now, which differ from those the kept ranking was scored by once they change.
  useEffect(() => {
    let live = true;
    setCompetitionProblem(null);
    rankingApi
      .competition(orgId)
      .then((found) => live && setCompetition({ ...found, askedFor: orgId }))
      .catch((error: unknown) => live && setCompetitionProblem(problemText(error)));
    return () => {
      live = false;
    };
  }, [orgId]);
  const weights = competition && competition.askedFor === orgId ? competition : null;

  const go = (id: string) => setParams(() => (id === me.org.id ? new URLSearchParams() : new URLSearchParams({ org: id })));

  const refresh = async () => {
    const started = Date.now();
    setRefreshing(0);
    const timer = window.setInterval(() => setRefreshing(Math.floor((Date.now() - started) / 1000)), 500);
    try {
      const fresh = await rankingApi.refresh(orgId);
      // After a drill-down while it ran, the union now on screen has loaded its own ranking: keep that.
      if (fresh.org.id === shown.current) setRanking(fresh);
      void message.success(t(`${k}.refreshed`, { org: fresh.org.name, count: fresh.areas.length }));
    } catch (error) {
      void message.error(problemText(error));
    } finally {
      window.clearInterval(timer);
      setRefreshing(null);
    }
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      const name = await rankingApi.download(orgId);
      void message.success(t(`${k}.exported`, { name }));
    } catch (error) {
      void message.error(problemText(error));
    } finally {
      setExporting(false);
    }
  };

  const current = ranking && ranking.org.id === orgId ? ranking : null;
  const here: Crumb = { id: orgId, name: current?.org.name ?? '' };
  const crumbs = current ? crumbsOf({ id: me.org.id, name: me.org.name }, here, ancestors) : [];
  const columns = useMemo(() => (current ? columnsOf(current, weights?.indicators) : []), [current, weights]);
  // Without the competition (it could not be read) the legend says what the ranking was scored by.
  const legendColumns = useMemo(() => (weights ? columnsOf({ indicators: weights.indicators, areas: [] }) : columns), [weights, columns]);
  // Whose weights: the server names the union even above the staff member's reach; without the
  // competition, the ranking's own id names only the union on screen.
  const setter = weights ? weights.orgId : (current?.indicatorsOrgId ?? null);
  const setterName = weights ? weights.orgName : setter === orgId ? (current?.org.name ?? null) : null;
  const ties = useMemo(() => tiedRanks(current?.areas ?? []), [current]);

  return (
    <div className="gh-ranking" data-testid="hardship-ranking">
      <div className="gh-toolbar">
        <Space size={12} wrap align="center">
          <Typography.Text>{t('common.labelSuffix', { label: t(`${k}.union`) })}</Typography.Text>
          <div style={{ width: 240 }}>
            <OrgPicker value={orgId} onChange={(id) => id && go(id)} data-testid="ranking-union" />
          </div>
          <Breadcrumb
            data-testid="ranking-breadcrumb"
            items={crumbs.map((crumb, i) => ({
              key: crumb.id,
              title:
                i === crumbs.length - 1 ? (
                  <Space size={6}>
                    <ApartmentOutlined />
                    <Typography.Text strong data-testid="ranking-current-org">
                      {crumb.name}
                    </Typography.Text>
                  </Space>
                ) : (
                  <Typography.Link onClick={() => go(crumb.id)} data-testid={`ranking-crumb-${crumb.id}`}>
                    {crumb.name}
                  </Typography.Link>
                ),
            }))}
          />
        </Space>
        <Space size={8} wrap>
          {current && (
            <Typography.Text type="secondary" data-testid="ranking-computed-at">
              {t(`${k}.computedAt`, { time: formatDateTime(current.computedAt) })}
            </Typography.Text>
          )}
          <Button
            icon={<SlidersOutlined />}
            disabled={!weights || !current}
            onClick={() => setWeightsOpen(true)}
            data-testid="ranking-weights"
          >
            {access.canAdminHardship ? t(`${k}.weights.open`) : t(`${k}.weights.view`)}
          </Button>
          {access.canEditHardship && (
            <Button
              icon={<SyncOutlined spin={refreshing !== null} />}
              disabled={refreshing !== null}
              onClick={() => void refresh()}
              data-testid="ranking-refresh"
            >
              {refreshing !== null ? t(`${k}.refreshing`) : t(`${k}.refresh`)}
            </Button>
          )}
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={!current}
            onClick={() => void exportXlsx()}
            data-testid="ranking-export"
          >
            {t(`${k}.export`)}
          </Button>
        </Space>
      </div>

      {refreshing !== null && (
        <Alert
          type="info"
          showIcon
          icon={<Spin size="small" />}
          className="gh-form-alert"
          data-testid="ranking-progress"
          title={t(`${k}.progress`, { org: current?.org.name ?? '', seconds: refreshing })}
        />
      )}
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="ranking-error" />}

      <Card
        size="small"
        className="gh-ranking-card"
        title={current ? t(`${k}.title`, { org: current.org.name }) : t(`${k}.titleLoading`)}
        extra={current && current.areas.length > 0 && <Typography.Text type="secondary">{t(`${k}.drillHint`)}</Typography.Text>}
      >
        <Table<RankedArea>
          rowKey={(area) => area.org.id}
          size="small"
          bordered
          loading={loading || refreshing !== null}
          dataSource={current?.areas ?? []}
          pagination={false}
          scroll={{ x: 400 + columns.length * 124 }}
          locale={{ emptyText: current ? t(`${k}.empty`, { org: current.org.name }) : t('common.empty') }}
          data-testid="ranking-table"
          onRow={(area) => ({ 'data-testid': `ranking-row-${area.org.id}` }) as React.HTMLAttributes<HTMLElement>}
          expandable={{
            expandedRowRender: (area) => <Counts area={area} />,
            expandIcon: ({ expanded, onExpand, record }) => (
              <Button
                type="text"
                size="small"
                className="gh-ranking-expand"
                onClick={(e) => onExpand(record, e)}
                aria-label={t(expanded ? `${k}.hideCounts` : `${k}.showCounts`)}
                data-testid={`ranking-expand-${record.org.id}`}
              >
                {expanded ? '−' : '+'}
              </Button>
            ),
          }}
          columns={[
            {
              key: 'rank',
              title: t(`${k}.col.rank`),
              width: 76,
              fixed: 'left',
              align: 'center',
              render: (_, area) => (
                <Space size={2} orientation="vertical" className="gh-ranking-rank-cell">
                  <span className={area.rank <= 3 ? 'gh-ranking-rank gh-ranking-rank-top' : 'gh-ranking-rank'} data-testid="ranking-rank">
                    {area.rank}
                  </span>
                  {ties.has(area.rank) && (
                    <Tag bordered={false} className="gh-ranking-tie">
                      {t(`${k}.tie`)}
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              key: 'area',
              title: t(`${k}.col.area`),
              width: 160,
              fixed: 'left',
              render: (_, area) => (
                <Typography.Link onClick={() => go(area.org.id)} data-testid={`ranking-drill-${area.org.id}`}>
                  {area.org.name}
                </Typography.Link>
              ),
            },
            {
              key: 'score',
              title: t(`${k}.col.score`),
              width: 84,
              align: 'right',
              fixed: 'left',
              render: (_, area) => (
                <span className="gh-ranking-score" data-testid="ranking-score">
                  {formatPoints(area.score)}
                </span>
              ),
            },
            ...indicatorColumns(columns, t),
          ]}
        />
      </Card>

      {current && (
        <Legend
          columns={legendColumns}
          scored={weights ? columns : null}
          source={weightsSourceText(weightsSource({ orgId: setter }, orgId), setterName)}
          pending={weights !== null && weightsPending(current, weights)}
          canRefresh={access.canEditHardship}
          problem={competitionProblem}
        />
      )}
      {weightsOpen && weights && current && (
        <WeightsForm
          org={current.org}
          competition={weights}
          readOnly={!access.canAdminHardship}
          onSaved={(saved) => {
            setCompetition({ ...saved, askedFor: orgId });
            setWeightsOpen(false);
          }}
          onCleared={(inherited) => setCompetition({ ...inherited, askedFor: orgId })}
          onClose={() => setWeightsOpen(false)}
        />
      )}
    </div>
  );
}

/** One column per indicator: the area's value, and under it the points it earned. */
function indicatorColumns(columns: readonly Column[], t: TFunction): ColumnsType<RankedArea> {
  const k = 'consoleHardshipRanking';
  return columns.map((column) => ({
    key: column.code,
    title: (
      <div className="gh-ranking-head">
        <div>{t(`${k}.short.${column.code}`)}</div>
        {column.weight !== null && <div className="gh-ranking-weight">{t(`${k}.weight`, { weight: column.weight })}</div>}
      </div>
    ),
    width: 124,
    align: 'right' as const,
    render: (_: unknown, area: RankedArea) => {
      const part = partOf(area, column.code);
      return (
        <div data-testid={`ranking-part-${column.code}`}>
          <div className="gh-ranking-figure" data-testid="ranking-value">
            {formatIndicatorValue(part?.value ?? null, column.unit)}
          </div>
          <div className="gh-ranking-points" data-testid="ranking-points">
            {t(`${k}.points`, { points: part ? formatPoints(part.points) : t('common.none') })}
          </div>
        </div>
      );
    },
  }));
}

/** The counts an area's indicators were computed from. */
function Counts({ area }: { area: RankedArea }) {
  const { t } = useTranslation();
  const k = 'consoleHardshipRanking.counts';
  const c = area.counts;
  return (
    <Descriptions
      size="small"
      column={4}
      className="gh-ranking-counts"
      data-testid={`ranking-counts-${area.org.id}`}
      items={[
        { key: 'members', label: t(`${k}.members`), children: t(`${k}.people`, { count: c.members }) },
        { key: 'filesFound', label: t(`${k}.filesFound`), children: t(`${k}.households`, { count: c.filesFound }) },
        { key: 'filed', label: t(`${k}.filed`), children: t(`${k}.households`, { count: c.filed }) },
        { key: 'exited', label: t(`${k}.exitedThisYear`), children: t(`${k}.households`, { count: c.exitedThisYear }) },
        { key: 'received', label: t(`${k}.fundsReceived`), children: formatFen(c.fundsReceivedFen) },
        { key: 'spent', label: t(`${k}.fundsSpent`), children: formatFen(c.fundsSpentFen) },
        { key: 'callbacks', label: t(`${k}.callbacks`), children: t(`${k}.times`, { count: c.callbacks }) },
      ]}
    />
  );
}

/**
 * What each indicator measures, the weight it has now, which way is better and its unit, and how the score is
 * made. Once the weights change, the kept ranking's scores are still the old weights' until the next
 * calculation: the legend says so, and gives an indicator's old weight beside its new one.
 */
function Legend({
  columns,
  scored,
  source,
  pending,
  canRefresh,
  problem,
}: {
  columns: readonly Column[];
  /** The indicators the kept ranking was scored by, when the legend shows the competition's. */
  scored: readonly Column[] | null;
  source: string;
  pending: boolean;
  canRefresh: boolean;
  problem: string | null;
}) {
  const { t } = useTranslation();
  const k = 'consoleHardshipRanking.legend';
  const total = totalWeight(columns);
  const scoredWeight = (code: Column['code']) => scored?.find((c) => c.code === code)?.weight ?? 0;
  return (
    <Card
      size="small"
      title={t(`${k}.title`)}
      extra={
        <Typography.Text type="secondary" data-testid="ranking-legend-source">
          {t(`${k}.source`, { source })}
        </Typography.Text>
      }
      data-testid="ranking-legend"
    >
      {pending && (
        <Alert
          type="warning"
          showIcon
          className="gh-form-alert"
          data-testid="ranking-weights-pending"
          title={canRefresh ? t(`${k}.pendingRefresh`) : t(`${k}.pending`)}
        />
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          className="gh-form-alert"
          data-testid="ranking-weights-error"
          title={t('consoleHardshipRanking.weights.loadFailed', { reason: problem })}
        />
      )}
      <ul className="gh-ranking-legend">
        {columns.map((column) => (
          <li key={column.code} data-testid={`ranking-legend-${column.code}`}>
            <Space size={6} wrap>
              <Typography.Text strong>{t(`consoleHardshipRanking.indicator.${column.code}`)}</Typography.Text>
              {column.weight !== null && (
                <Tag color={column.weight > 0 ? 'red' : 'default'} bordered={false} data-testid="ranking-legend-weight">
                  {column.weight > 0 ? t('consoleHardshipRanking.weight', { weight: column.weight }) : t(`${k}.notCounted`)}
                </Tag>
              )}
              {column.better && <Tag bordered={false}>{t(`${k}.better.${column.better}`)}</Tag>}
              {column.unit && (
                <Tag bordered={false} data-testid="ranking-legend-unit">
                  {t('consoleHardshipRanking.unit.label', { unit: column.unit })}
                </Tag>
              )}
              {pending && scored && scoredWeight(column.code) !== column.weight && (
                <Typography.Text type="secondary" className="gh-ranking-was" data-testid="ranking-legend-was">
                  {t(`${k}.was`, { weight: scoredWeight(column.code) })}
                </Typography.Text>
              )}
            </Space>
            <div>
              <Typography.Text type="secondary">{t(`${k}.about.${column.code}`)}</Typography.Text>
            </div>
          </li>
        ))}
      </ul>
      <Typography.Paragraph type="secondary" className="gh-ranking-formula">
        {total !== null ? t(`${k}.formula`, { total }) : t(`${k}.formulaNoWeights`)}
      </Typography.Paragraph>
    </Card>
  );
}
