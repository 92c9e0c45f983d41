// Pure ECharts option builders for the coverage charts: data and labels in, an option out. They import
// ECharts' types only, so they run in unit tests without a DOM and add nothing to a page's bundle.
// Every visible word arrives as an argument: the console translates through i18n keys.
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

/**
 * An option that uses only what echarts-runtime.ts registers: a series or component outside this
 * union would type-check against the full `EChartsOption` yet draw nothing at run time.
 */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | DatasetComponentOption
>;

// antd's blue for the counts (the campaign charts use it too), the union red for the rate people act on.
export const CHART_COLORS = {
  census: '#91caff',
  members: '#1677ff',
  coverage: '#c8102e',
  formation: ['#1677ff', '#13c2c2', '#fa8c16', '#722ed1', '#8c8c8c'],
  mapNoData: '#f0f0f0',
  mapRange: ['#e6f4ff', '#91caff', '#1677ff', '#003eb3'],
} as const;

/** What a coverage rate shows where the census is 0: no rate exists, which is not 0%. */
export const NO_RATE = '—';

const AXIS_TEXT = '#8c8c8c';
const LABEL_TEXT = '#595959';
const SPLIT_LINE = '#f0f0f0';

export interface CoverageRow {
  name: string;
  census: number;
  members: number;
}

export interface CoveragePoint {
  /** 'YYYY-MM' */
  month: string;
  census: number;
  members: number;
}

export interface FormationRow {
  mode: string;
  label: string;
  count: number;
}

export interface CoverageLabels {
  census: string;
  members: string;
  /** 入会率: the name of the rate, its series and its axis. */
  coverage: string;
  /** Name of the count axis (人数); none when omitted. */
  countAxis?: string;
}

/** members ÷ census, or null when the census is 0 (or missing): a rate of nothing is not 0%. */
export function coverageRate(census: number, members: number): number | null {
  return census > 0 ? members / census : null;
}

/** A rate of 0..1 as a percentage with at most one decimal: 0.4567 → "45.7%", null → "—". */
export function rateText(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return NO_RATE;
  return `${percentOf(rate)}%`;
}

/** A rate of 0..1 as a percentage number with one decimal at most, as the axes and the map scale use. */
function percentOf(rate: number): number {
  return Math.round(rate * 1000) / 10;
}

function countText(n: number): string {
  return n.toLocaleString('zh-CN');
}

// Tooltips are HTML: region and organisation names come from people, so they are escaped.
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function marker(color: string): string {
  return `<span style="display:inline-block;margin-right:6px;border-radius:50%;width:8px;height:8px;background:${color}"></span>`;
}

function tooltipHtml(title: string, lines: { color: string; label: string; value: string }[]): string {
  const body = lines
    .map(
      (l) =>
        `<div>${marker(l.color)}${escapeHtml(l.label)}<span style="float:right;margin-left:16px;font-weight:600">${escapeHtml(l.value)}</span></div>`,
    )
    .join('');
  return `<div style="margin-bottom:4px">${escapeHtml(title)}</div>${body}`;
}

/** Axis and item tooltips hand one or several series' params: the row is their dataIndex either way. */
type IndexParams = { dataIndex: number } | { dataIndex: number }[];

function indexOf(params: IndexParams): number {
  return (Array.isArray(params) ? params[0]?.dataIndex : params.dataIndex) ?? 0;
}

const TOOLTIP_BASE = {
  confine: true,
  backgroundColor: 'rgba(255,255,255,0.96)',
  borderColor: '#f0f0f0',
  textStyle: { color: '#262626', fontSize: 12 },
} as const;

/**
 * Census vs members per region or organisation, one group of bars a row, with the row's 入会率 written
 * after its members bar. Horizontal by default: region names are long and there may be twenty rows.
 * Rows are drawn in the order given, the first on top.
 */
export function coverageBarOption(
  rows: readonly CoverageRow[],
  labels: CoverageLabels,
  { orientation = 'horizontal' }: { orientation?: 'horizontal' | 'vertical' } = {},
): ChartOption {
  const rates = rows.map((r) => rateText(coverageRate(r.census, r.members)));
  const horizontal = orientation === 'horizontal';
  // The rate is written once per row: after the members bar when the bars lie (it has the row's
  // last line to itself), above the taller bar when they stand (above the shorter one it would sit on
  // the taller one's face).
  const rateOn = (row: CoverageRow): 'census' | 'members' => (horizontal || row.members >= row.census ? 'members' : 'census');
  const bars = (which: 'census' | 'members') => rows.map((r) => ({ value: r[which], label: { show: rateOn(r) === which } }));
  const rateLabel = {
    show: false,
    position: horizontal ? ('right' as const) : ('top' as const),
    color: CHART_COLORS.coverage,
    fontSize: 11,
    formatter: (params: { dataIndex: number }) => rates[params.dataIndex] ?? NO_RATE,
  };
  const categoryAxis = {
    type: 'category' as const,
    data: rows.map((r) => r.name),
    // The first row on top when the bars run across, as a table reads.
    inverse: horizontal,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: '#d9d9d9' } },
    axisLabel: horizontal
      ? { color: LABEL_TEXT, width: 96, overflow: 'truncate' as const }
      : { color: LABEL_TEXT, interval: 0, width: 64, overflow: 'truncate' as const, rotate: rows.length > 8 ? 30 : 0 },
  };
  const valueAxis = {
    type: 'value' as const,
    name: labels.countAxis,
    // Across the bottom the name's usual place, past the axis' end, is where the last tick's label is.
    nameLocation: horizontal ? ('middle' as const) : ('end' as const),
    nameGap: horizontal ? 28 : 16,
    nameTextStyle: { color: AXIS_TEXT },
    axisLabel: { color: AXIS_TEXT },
    splitLine: { lineStyle: { color: SPLIT_LINE } },
    minInterval: 1,
  };
  return {
    color: [CHART_COLORS.census, CHART_COLORS.members],
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 8, textStyle: { color: LABEL_TEXT } },
    // Room on the far side for the rate written after the longest bar.
    grid: horizontal ? { top: 32, left: 8, right: 72, bottom: 8 } : { top: 64, left: 8, right: 16, bottom: 8 },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: IndexParams) => {
        const row = rows[indexOf(params)];
        if (!row) return '';
        return tooltipHtml(row.name, [
          { color: CHART_COLORS.census, label: labels.census, value: countText(row.census) },
          { color: CHART_COLORS.members, label: labels.members, value: countText(row.members) },
          { color: CHART_COLORS.coverage, label: labels.coverage, value: rates[indexOf(params)] ?? NO_RATE },
        ]);
      },
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: [
      { type: 'bar', name: labels.census, data: bars('census'), barGap: '15%', barMaxWidth: 18, label: rateLabel },
      { type: 'bar', name: labels.members, data: bars('members'), barMaxWidth: 18, label: rateLabel },
    ],
  };
}

/**
 * Census and members by month on the left axis, 入会率 on the right one (in %). A month without a
 * census leaves a gap in the rate line rather than a drop to 0.
 */
export function trendLineOption(points: readonly CoveragePoint[], labels: CoverageLabels): ChartOption {
  const rates = points.map((p) => coverageRate(p.census, p.members));
  return {
    color: [CHART_COLORS.census, CHART_COLORS.members, CHART_COLORS.coverage],
    legend: { top: 0, left: 0, itemWidth: 16, itemHeight: 8, textStyle: { color: LABEL_TEXT } },
    grid: { top: 56, left: 8, right: 8, bottom: 8 },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      formatter: (params: IndexParams) => {
        const i = indexOf(params);
        const point = points[i];
        if (!point) return '';
        return tooltipHtml(point.month, [
          { color: CHART_COLORS.census, label: labels.census, value: countText(point.census) },
          { color: CHART_COLORS.members, label: labels.members, value: countText(point.members) },
          { color: CHART_COLORS.coverage, label: labels.coverage, value: rateText(rates[i] ?? null) },
        ]);
      },
    },
    xAxis: {
      type: 'category',
      data: points.map((p) => p.month),
      boundaryGap: false,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#d9d9d9' } },
      axisLabel: { color: AXIS_TEXT },
    },
    yAxis: [
      {
        type: 'value',
        name: labels.countAxis,
        nameTextStyle: { color: AXIS_TEXT, align: 'left' },
        axisLabel: { color: AXIS_TEXT },
        splitLine: { lineStyle: { color: SPLIT_LINE } },
        minInterval: 1,
      },
      {
        type: 'value',
        name: labels.coverage,
        nameTextStyle: { color: AXIS_TEXT, align: 'right' },
        // 0–100% as a rate is read; aligning its ticks with the counts' would stretch it to 120%.
        // Past 100% (members counted before the census caught up) the axis grows to show it.
        min: 0,
        max: rates.some((r) => r !== null && r > 1) ? undefined : 100,
        axisLabel: { color: AXIS_TEXT, formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [
      { type: 'line', name: labels.census, yAxisIndex: 0, data: points.map((p) => p.census), symbolSize: 6 },
      { type: 'line', name: labels.members, yAxisIndex: 0, data: points.map((p) => p.members), symbolSize: 6 },
      {
        type: 'line',
        name: labels.coverage,
        yAxisIndex: 1,
        data: rates.map((r) => (r === null ? null : percentOf(r))),
        connectNulls: false,
        symbolSize: 6,
        lineStyle: { type: 'dashed', width: 2 },
      },
    ],
  };
}

/**
 * Unions by formation mode (单独组建 / 区域联建 / 行业统建 …), one bar each with its count. A click's
 * `dataIndex` is the index of the row, whose `mode` says which one was clicked.
 */
export function formationBarOption(rows: readonly FormationRow[], labels: { count?: string } = {}): ChartOption {
  return {
    grid: { top: 8, left: 8, right: 48, bottom: 8 },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'item',
      formatter: (params: IndexParams) => {
        const i = indexOf(params);
        const row = rows[i];
        if (!row) return '';
        const color = CHART_COLORS.formation[i % CHART_COLORS.formation.length] ?? CHART_COLORS.members;
        return tooltipHtml(row.label, [{ color, label: labels.count ?? row.label, value: countText(row.count) }]);
      },
    },
    xAxis: {
      type: 'value',
      axisLabel: { color: AXIS_TEXT },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
      minInterval: 1,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.label),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#d9d9d9' } },
      axisLabel: { color: LABEL_TEXT },
    },
    series: [
      {
        type: 'bar',
        name: labels.count,
        barMaxWidth: 22,
        data: rows.map((r, i) => ({
          value: r.count,
          itemStyle: { color: CHART_COLORS.formation[i % CHART_COLORS.formation.length] },
        })),
        label: {
          show: true,
          position: 'right',
          color: LABEL_TEXT,
          formatter: (p: { dataIndex: number }) => countText(rows[p.dataIndex]?.count ?? 0),
        },
      },
    ],
  };
}
