// Pure ECharts option builders of the station-services pages (as components/charts/options.ts does for
// the coverage charts): data and labels in, an option out, every word an argument.
import type { ChartOption } from '../../components/charts/options.ts';

const AXIS_TEXT = '#8c8c8c';
const LABEL_TEXT = '#595959';
const SPLIT_LINE = '#f0f0f0';
const AXIS_LINE = '#d9d9d9';
export const SERVICE_COLORS = { orders: '#91caff', done: '#1677ff', visits: '#c8102e' } as const;

const TOOLTIP = {
  confine: true,
  backgroundColor: 'rgba(255,255,255,0.96)',
  borderColor: '#f0f0f0',
  textStyle: { color: '#262626', fontSize: 12 },
} as const;

/** '2026-07-07' → '07-07': the year is in the range the page names. */
const shortDay = (day: string) => day.slice(5);

/**
 * Visits per day as a line (bars when there are fewer than three days: a line of one point says
 * nothing). Every day is expected, quiet ones with 0 (rules.everyDay).
 */
export function visitsLineOption(days: readonly { day: string; visits: number }[], labels: { series: string }): ChartOption {
  const asBars = days.length < 3;
  return {
    color: [SERVICE_COLORS.visits],
    grid: { top: 24, left: 8, right: 16, bottom: 8 },
    tooltip: { ...TOOLTIP, trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: days.map((d) => shortDay(d.day)),
      boundaryGap: asBars,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: AXIS_LINE } },
      axisLabel: { color: AXIS_TEXT, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: AXIS_TEXT },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
    },
    series: [
      asBars
        ? { type: 'bar', name: labels.series, data: days.map((d) => d.visits), barMaxWidth: 32 }
        : {
            type: 'line',
            name: labels.series,
            data: days.map((d) => d.visits),
            // A month of points is a line; a week's points can each be read.
            showSymbol: days.length <= 14,
            symbolSize: 5,
            areaStyle: { opacity: 0.08 },
          },
    ],
  };
}

/** Orders and those done per service category, one pair of bars a category, the busiest on top. */
export function categoryBarOption(
  rows: readonly { name: string; orders: number; done: number }[],
  labels: { orders: string; done: string; countAxis?: string },
): ChartOption {
  return {
    color: [SERVICE_COLORS.orders, SERVICE_COLORS.done],
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 8, textStyle: { color: LABEL_TEXT } },
    grid: { top: 32, left: 8, right: 40, bottom: 8 },
    tooltip: { ...TOOLTIP, trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'value',
      minInterval: 1,
      name: labels.countAxis,
      nameTextStyle: { color: AXIS_TEXT },
      axisLabel: { color: AXIS_TEXT },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: AXIS_LINE } },
      axisLabel: { color: LABEL_TEXT, width: 96, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: labels.orders,
        data: rows.map((r) => r.orders),
        barGap: '15%',
        barMaxWidth: 16,
        label: { show: true, position: 'right', color: LABEL_TEXT, fontSize: 11 },
      },
      {
        type: 'bar',
        name: labels.done,
        data: rows.map((r) => r.done),
        barMaxWidth: 16,
        label: { show: true, position: 'right', color: LABEL_TEXT, fontSize: 11 },
      },
    ],
  };
}
