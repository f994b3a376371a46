// Modular ECharts: only the charts and components the UI uses end up in the bundle.
import { use } from 'echarts/core';
import { BarChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([ScatterChart, BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export const TOWN_PALETTE = [
  '#1f7a52',
  '#2f6fb5',
  '#d08a1e',
  '#8c4fb3',
  '#c2453d',
  '#1c9aa6',
  '#6f8a1f',
  '#b5477d',
  '#4a5bd4',
  '#8a6b3f',
  '#3a9d5d',
  '#d4663a',
] as const;

export function paletteColour(index: number): string {
  return TOWN_PALETTE[index % TOWN_PALETTE.length] ?? TOWN_PALETTE[0];
}
