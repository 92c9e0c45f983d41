// The only module that imports ECharts' code. echart.tsx loads it with import(), so ECharts arrives
// with the first chart a page draws and never with the console's entry. What `use()` registers here
// must stay in step with the ChartOption union in options.ts.
import { BarChart, LineChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { init, registerTheme, use } from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';
import { antTheme } from '../../../../shared/ant-theme.ts';

use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  DatasetComponent,
  // labelLayout.hideOverlap: crowded bar labels give way to each other.
  LabelLayout,
  CanvasRenderer,
]);

export const THEME = 'gonghui';

// A canvas draws with the font it is told: without antd's stack ECharts falls back to a bare
// sans-serif, which on Linux may have no CJK glyphs at all.
registerTheme(THEME, { textStyle: { fontFamily: antTheme.token?.fontFamily } });

export { init };
