import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ECElementEvent, EChartsType } from 'echarts/core';
import type * as RuntimeModule from './echarts-runtime.ts';
import type { ChartOption } from './options.ts';

// A type-only import: the module itself arrives through loadECharts' import() alone.
type Runtime = typeof RuntimeModule;

const CENTERED = { position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' } as const;

let loaded: Runtime | undefined;
let loading: Promise<Runtime> | undefined;

/** ECharts with this console's charts and components registered, fetched once for the page's life. */
export function loadECharts(): Promise<Runtime> {
  if (!loading) {
    loading = import('./echarts-runtime.ts').then((runtime) => (loaded = runtime));
    // A failed download must not stay cached: the next chart (or 重试) asks again.
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/** What a click on a bar, a point or a region hands over: `name`, `dataIndex`, `seriesIndex`, `value`, … */
export type EChartClickParams = ECElementEvent;

export interface EChartProps {
  option: ChartOption;
  /** In pixels; the width follows the container. */
  height: number;
  /** What the chart shows, for screen readers: a canvas has no text of its own. */
  ariaLabel: string;
  onClick?: (params: EChartClickParams) => void;
}

/**
 * One ECharts instance: created when ECharts has loaded, given `option` anew on every change
 * (notMerge, so a series that went away goes away), resized with its container, disposed on unmount.
 */
export function EChart({ option, height, ariaLabel, onClick }: EChartProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const onClickRef = useRef(onClick);
  const [runtime, setRuntime] = useState<Runtime | undefined>(loaded);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    onClickRef.current = onClick;
  }, [onClick]);

  useEffect(() => {
    if (runtime) return undefined;
    let cancelled = false;
    loadECharts().then(
      (r) => {
        if (!cancelled) setRuntime(r);
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [runtime, attempt]);

  useEffect(() => {
    const element = container.current;
    if (!runtime || !element) return undefined;
    const instance = runtime.init(element, runtime.THEME, { locale: 'ZH', renderer: 'canvas' });
    chart.current = instance;
    // Bound once: the handler reads the latest onClick, so a new closure each render rebinds nothing.
    instance.on('click', (params) => onClickRef.current?.(params));
    // Cards change width without a window resize (the side menu folds, a drawer opens).
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.current = null;
      instance.dispose();
    };
  }, [runtime]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [runtime, option]);

  return (
    <div style={{ position: 'relative', width: '100%', height }}>
      <div ref={container} role="img" aria-label={ariaLabel} style={{ width: '100%', height: '100%' }} />
      {!runtime && !failed && (
        <div style={CENTERED}>
          <Spin />
        </div>
      )}
      {failed && (
        <div style={CENTERED}>
          <Alert
            type="warning"
            showIcon
            title={t('common.errors.network')}
            action={
              <Button
                size="small"
                onClick={() => {
                  setFailed(false);
                  setAttempt((n) => n + 1);
                }}
              >
                {t('common.retry')}
              </Button>
            }
          />
        </div>
      )}
    </div>
  );
}
