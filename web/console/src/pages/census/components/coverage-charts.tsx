// The dashboard's charts, drawn with the console's ECharts components (components/charts): the
// children's coverage as census-and-members bars, the 12-month trend and the unions by formation mode.
// (The console ships no region boundaries, so the children are bars, not a map.)
import { useMemo } from 'react';
import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../../components/charts/echart.tsx';
import { coverageBarOption, formationBarOption, trendLineOption, type CoverageLabels } from '../../../components/charts/options.ts';
import type { Coverage, CoverageRow, TrendPoint } from '../api.ts';
import { canDrill, formationRows } from '../rules.ts';

function useCoverageLabels(): CoverageLabels {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      census: t('consoleCensus.dashboard.chartCensus'),
      members: t('consoleCensus.dashboard.chartMembers'),
      coverage: t('consoleCensus.dashboard.chartRate'),
      countAxis: t('consoleCensus.dashboard.chartCount'),
    }),
    [t],
  );
}

function NoData({ height, text }: { height: number; text?: string }) {
  const { t } = useTranslation();
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={text ?? t('common.empty')}
      style={{ height, margin: 0, paddingTop: height / 4 }}
    />
  );
}

export interface ChildrenChartProps {
  coverage: Coverage;
  /** The table's rows, in its order. */
  rows: readonly CoverageRow[];
  /** A row's name as the table shows it (the area itself as 「未细分到…」). */
  nameOf: (row: CoverageRow) => string;
  onDrill: (code: string) => void;
}

/** The children's census and members side by side, each with its 入会率; a click on a region drills down. */
export function ChildrenChart({ coverage, rows, nameOf, onDrill }: ChildrenChartProps) {
  const { t } = useTranslation();
  const labels = useCoverageLabels();
  const { area } = coverage;
  const option = useMemo(
    () =>
      coverageBarOption(
        rows.map((row) => ({ name: nameOf(row), census: row.census, members: row.members })),
        labels,
      ),
    [rows, nameOf, labels],
  );
  const aria = t('consoleCensus.dashboard.childrenChart');

  if (rows.length === 0) return <NoData height={200} text={t('consoleCensus.dashboard.mapNoData')} />;
  return (
    <EChart
      option={option}
      height={Math.max(200, rows.length * 28 + 72)}
      ariaLabel={aria}
      onClick={(params) => {
        const row = rows[params.dataIndex];
        if (row && canDrill(row, area)) onDrill(row.key);
      }}
    />
  );
}

/** Census, members and 入会率 month by month. */
export function TrendChart({ trend }: { trend: readonly TrendPoint[] }) {
  const { t } = useTranslation();
  const labels = useCoverageLabels();
  const option = useMemo(() => trendLineOption(trend, labels), [trend, labels]);
  return <EChart option={option} height={300} ariaLabel={t('consoleCensus.dashboard.trend')} />;
}

/** The unions by formation mode, each with how many were built this year. */
export function FormationChart({ formation }: { formation: Coverage['formation'] }) {
  const { t } = useTranslation();
  const rows = useMemo(
    () =>
      formationRows(formation).map((row) => ({
        mode: row.key,
        label: t('consoleCensus.dashboard.formationLabel', {
          mode: row.key === 'none' ? t('consoleCensus.dashboard.formationNone') : t(`enums.formationMode.${row.key}`),
          built: row.built,
        }),
        count: row.unions,
      })),
    [formation, t],
  );
  const option = useMemo(() => formationBarOption(rows, { count: t('consoleCensus.dashboard.unions') }), [rows, t]);
  if (rows.length === 0) return <NoData height={200} text={t('consoleCensus.dashboard.formationEmpty')} />;
  return <EChart option={option} height={Math.max(160, rows.length * 52 + 24)} ariaLabel={t('consoleCensus.dashboard.formation')} />;
}
