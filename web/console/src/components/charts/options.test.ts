import { describe, expect, it } from 'vitest';
import {
  coverageBarOption,
  coverageRate,
  formationBarOption,
  rateText,
  trendLineOption,
  type ChartOption,
  type CoverageLabels,
} from './options.ts';

const LABELS: CoverageLabels = { census: '摸底人数', members: '会员人数', coverage: '入会率', countAxis: '人数' };
const ROWS = [
  { name: '越城区', census: 1000, members: 457 },
  { name: '柯桥区', census: 0, members: 0 },
  { name: '上虞区', census: 3, members: 1 },
];

// Option fields are `X | X[]` in ECharts' types; the builders' shapes are known, so tests unwrap them.
function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function seriesOf(option: ChartOption) {
  return list(option.series) as Record<string, unknown>[];
}

type BarItem = { value: number; label: { show: boolean } };

function values(series: Record<string, unknown> | undefined): number[] {
  return (series?.data as BarItem[]).map((d) => d.value);
}

/** Which bars of a series carry the row's rate. */
function shown(series: Record<string, unknown> | undefined): boolean[] {
  return (series?.data as BarItem[]).map((d) => d.label.show);
}

type Formatter = (params: unknown) => string;

function formatterOf(owner: unknown): Formatter {
  return (owner as { formatter: Formatter }).formatter;
}

const CJK = /[\u3400-\u9fff]/;

describe(coverageRate.name, () => {
  it('divides members by census', () => {
    expect(coverageRate(1000, 457)).toBeCloseTo(0.457);
  });

  it('has no rate for a census of 0, rather than 0% or a division by zero', () => {
    expect(coverageRate(0, 0)).toBeNull();
    expect(coverageRate(0, 5)).toBeNull();
  });
});

describe(rateText.name, () => {
  it('writes a percentage with at most one decimal', () => {
    expect(rateText(0.4567)).toBe('45.7%');
    expect(rateText(1 / 3)).toBe('33.3%');
    expect(rateText(1)).toBe('100%');
    expect(rateText(0)).toBe('0%');
  });

  it('writes a dash where there is no rate', () => {
    expect(rateText(null)).toBe('—');
    expect(rateText(Number.NaN)).toBe('—');
  });
});

describe(coverageBarOption.name, () => {
  it('draws census and members side by side per row, named by the labels given, first row on top', () => {
    const option = coverageBarOption(ROWS, LABELS);
    const [census, members] = seriesOf(option);
    expect(census).toMatchObject({ type: 'bar', name: '摸底人数' });
    expect(members).toMatchObject({ type: 'bar', name: '会员人数' });
    expect(values(census)).toEqual([1000, 0, 3]);
    expect(values(members)).toEqual([457, 0, 1]);
    const [categories] = list(option.yAxis);
    expect(categories).toMatchObject({ type: 'category', data: ['越城区', '柯桥区', '上虞区'], inverse: true });
    expect(list(option.xAxis)[0]).toMatchObject({ type: 'value', name: '人数' });
  });

  it('writes each row’s 入会率 once, after its members bar, and a dash where the census is 0', () => {
    const [census, members] = seriesOf(coverageBarOption(ROWS, LABELS));
    expect(shown(members)).toEqual([true, true, true]);
    expect(shown(census)).toEqual([false, false, false]);
    const label = formatterOf(members?.label);
    expect([0, 1, 2].map((dataIndex) => label({ dataIndex }))).toEqual(['45.7%', '—', '33.3%']);
  });

  it('puts the rows along the bottom when asked to stand the bars up, the rate above the taller bar', () => {
    const rows = [...ROWS, { name: '嵊州市', census: 10, members: 12 }];
    const option = coverageBarOption(rows, LABELS, { orientation: 'vertical' });
    expect(list(option.xAxis)[0]).toMatchObject({ type: 'category', data: ['越城区', '柯桥区', '上虞区', '嵊州市'], inverse: false });
    expect(list(option.yAxis)[0]).toMatchObject({ type: 'value' });
    const [census, members] = seriesOf(option);
    expect((members?.label as { position: string }).position).toBe('top');
    expect(shown(census)).toEqual([true, false, true, false]);
    expect(shown(members)).toEqual([false, true, false, true]);
  });

  it('lists census, members and the rate in the tooltip, with names escaped', () => {
    const option = coverageBarOption([{ name: '<b>工会</b>', census: 0, members: 2 }], LABELS);
    const html = formatterOf(list(option.tooltip)[0])([{ dataIndex: 0 }, { dataIndex: 0 }]);
    expect(html).toContain('&#60;b&#62;工会&#60;/b&#62;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('摸底人数');
    expect(html).toContain('入会率');
    expect(html).toContain('—');
  });

  it('draws an empty chart for no rows', () => {
    const option = coverageBarOption([], LABELS);
    expect(seriesOf(option).map(values)).toEqual([[], []]);
  });
});

describe(trendLineOption.name, () => {
  const POINTS = [
    { month: '2026-01', census: 0, members: 0 },
    { month: '2026-02', census: 200, members: 50 },
    { month: '2026-03', census: 400, members: 150 },
  ];

  it('draws census and members on the count axis and the rate in % on a second axis', () => {
    const option = trendLineOption(POINTS, LABELS);
    const [census, members, rate] = seriesOf(option);
    expect(census).toMatchObject({ type: 'line', name: '摸底人数', yAxisIndex: 0, data: [0, 200, 400] });
    expect(members).toMatchObject({ type: 'line', name: '会员人数', yAxisIndex: 0, data: [0, 50, 150] });
    expect(rate).toMatchObject({ type: 'line', name: '入会率', yAxisIndex: 1, data: [null, 25, 37.5] });
    const [counts, rates] = list(option.yAxis);
    expect(counts).toMatchObject({ name: '人数' });
    expect(rates).toMatchObject({ name: '入会率', min: 0, axisLabel: { formatter: '{value}%' } });
    expect(list(option.xAxis)[0]).toMatchObject({ data: ['2026-01', '2026-02', '2026-03'] });
  });

  it('leaves a gap, not a drop to 0, in a month without a census, and says — in its tooltip', () => {
    const option = trendLineOption(POINTS, LABELS);
    expect(seriesOf(option)[2]).toMatchObject({ connectNulls: false });
    const tooltip = formatterOf(list(option.tooltip)[0]);
    expect(tooltip([{ dataIndex: 0 }])).toContain('—');
    expect(tooltip([{ dataIndex: 2 }])).toContain('37.5%');
  });
});

describe(formationBarOption.name, () => {
  const ROWS_BY_MODE = [
    { mode: 'single', label: '单独组建', count: 120 },
    { mode: 'regional', label: '区域联建', count: 35 },
    { mode: 'industry', label: '行业统建', count: 8 },
  ];

  it('draws one bar per formation mode, in the order given, each in its own colour', () => {
    const option = formationBarOption(ROWS_BY_MODE);
    expect(list(option.yAxis)[0]).toMatchObject({ type: 'category', data: ['单独组建', '区域联建', '行业统建'] });
    const data = seriesOf(option)[0]?.data as { value: number; itemStyle: { color: string } }[];
    expect(data.map((d) => d.value)).toEqual([120, 35, 8]);
    expect(new Set(data.map((d) => d.itemStyle.color)).size).toBe(3);
  });

  it('writes each count at the end of its bar', () => {
    const label = formatterOf(seriesOf(formationBarOption(ROWS_BY_MODE))[0]?.label);
    expect(label({ dataIndex: 0 })).toBe('120');
  });
});

describe('option builders', () => {
  it('write no Chinese of their own: every word comes in through the labels', () => {
    const labels = { census: 'census', members: 'members', coverage: 'rate', countAxis: 'people' };
    const options = [
      coverageBarOption([{ name: 'a', census: 2, members: 1 }], labels),
      trendLineOption([{ month: '2026-01', census: 0, members: 0 }], labels),
      formationBarOption([{ mode: 'single', label: 'single', count: 1 }], { count: 'unions' }),
    ];
    for (const option of options) {
      expect(JSON.stringify(option)).not.toMatch(CJK);
      const tooltip = formatterOf(list(option.tooltip)[0]);
      expect(tooltip([{ dataIndex: 0, name: 'a' }])).not.toMatch(CJK);
    }
  });
});
