// Two small SVG charts for the statistics tab. The console has no charting library (ECharts is not
// installed), and these two shapes — a daily line pair and a horizontal bar list — do not need one.
import { useMemo } from 'react';
import { axisTicks, niceCeiling } from '../rules.ts';

const WIDTH = 640;
const PAD = { top: 16, right: 16, bottom: 28, left: 52 };

export interface LineSeries {
  name: string;
  color: string;
  values: number[];
}

/** Lines over days (claimed vs redeemed), with a legend and every day's values in its tooltip. */
export function DailyLines({ labels, series, height = 220 }: { labels: string[]; series: LineSeries[]; height?: number }) {
  const top = useMemo(() => niceCeiling(Math.max(0, ...series.flatMap((s) => s.values))), [series]);
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const x = (i: number) =>
    asBars ? PAD.left + slot * (i + 0.5) : PAD.left + (labels.length <= 1 ? innerW / 2 : (i / (labels.length - 1)) * innerW);
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const ticks = axisTicks(top);
  // A line needs three days to say anything: before that, each day's values stand as bars side by side.
  const asBars = labels.length < 3;
  const slot = innerW / Math.max(1, labels.length);
  const barW = Math.min(48, (slot * 0.6) / Math.max(1, series.length));
  // Label at most about eight days so that they never overlap.
  const every = Math.max(1, Math.ceil(labels.length / 8));
  return (
    <div className="gh-chart">
      <div className="gh-chart-legend">
        {series.map((s) => (
          <span key={s.name}>
            <i style={{ background: s.color }} />
            {s.name}
          </span>
        ))}
      </div>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={series.map((s) => s.name).join(' / ')}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} stroke="#f0f0f0" />
            <text x={PAD.left - 8} y={y(v) + 4} textAnchor="end" fontSize={11} fill="#8c8c8c">
              {Number.isInteger(v) ? v.toLocaleString('zh-CN') : v.toFixed(1)}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          i % every === 0 || i === labels.length - 1 ? (
            <text key={label} x={x(i)} y={height - 8} textAnchor="middle" fontSize={11} fill="#8c8c8c">
              {label.slice(5)}
            </text>
          ) : null,
        )}
        {asBars
          ? series.map((s, k) =>
              s.values.map((v, i) => (
                <g key={`${s.name}-${labels[i] ?? i}`}>
                  <rect
                    x={x(i) - (barW * series.length) / 2 + k * barW}
                    y={y(v)}
                    width={barW - 4}
                    height={Math.max(0, PAD.top + innerH - y(v))}
                    fill={s.color}
                    rx={2}
                  >
                    <title>{`${labels[i] ?? ''} ${s.name} ${v.toLocaleString('zh-CN')}`}</title>
                  </rect>
                  <text
                    x={x(i) - (barW * series.length) / 2 + k * barW + (barW - 4) / 2}
                    y={y(v) - 6}
                    textAnchor="middle"
                    fontSize={12}
                    fill="#595959"
                  >
                    {v.toLocaleString('zh-CN')}
                  </text>
                </g>
              )),
            )
          : series.map((s) => (
              <g key={s.name}>
                <polyline fill="none" stroke={s.color} strokeWidth={2} points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
                {s.values.map((v, i) => (
                  <circle key={labels[i]} cx={x(i)} cy={y(v)} r={3} fill="#fff" stroke={s.color} strokeWidth={2}>
                    <title>{`${labels[i] ?? ''} ${s.name} ${v.toLocaleString('zh-CN')}`}</title>
                  </circle>
                ))}
              </g>
            ))}
      </svg>
    </div>
  );
}

export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** A second, smaller value drawn inside the bar (redeemed inside claimed). */
  inner?: number;
  /** What to write at the end of the bar (the value by default). */
  text?: string;
}

/** Horizontal bars, largest first as given, the value written at the end of each bar. */
export function HorizontalBars({ items, color, innerColor }: { items: BarItem[]; color: string; innerColor?: string }) {
  const top = Math.max(1, ...items.map((i) => i.value));
  return (
    <div className="gh-bars">
      {items.map((item) => (
        <div key={item.key} className="gh-bar-row">
          <span className="gh-bar-label" title={item.label}>
            {item.label}
          </span>
          <span className="gh-bar-track">
            <span className="gh-bar" style={{ width: `${(item.value / top) * 100}%`, background: color }}>
              {item.inner !== undefined && (
                <span
                  className="gh-bar-inner"
                  style={{ width: item.value > 0 ? `${(item.inner / item.value) * 100}%` : 0, background: innerColor }}
                />
              )}
            </span>
          </span>
          <span className="gh-bar-value">{item.text ?? item.value.toLocaleString('zh-CN')}</span>
        </div>
      ))}
    </div>
  );
}
