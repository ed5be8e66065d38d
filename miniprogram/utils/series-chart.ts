/**
 * Column, bar and line charts of counts (the admin dashboard, an enterprise's credit-code scans), drawn
 * with the calling subpackage's uCharts through utils/chart-canvas.ts. The numbers are always also in a
 * table under the chart.
 */
import { baseOptions, canvasOf, renderChart, type UChartsConstructor } from './chart-canvas';

export interface SeriesChartView {
  chart: 'column' | 'line' | 'bar';
  stacked: boolean;
  categories: string[];
  series: { name: string; data: number[] }[];
}

/** Value-axis divisions. */
const SPLIT = 4;

/**
 * The value axis's top: the smallest "round" step (1, 2 or 5 × 10ⁿ, at least 1) times SPLIT that reaches the
 * largest value (the largest stack when stacked), so every tick is a whole number.
 */
export function axisMax(view: Pick<SeriesChartView, 'stacked' | 'series' | 'categories'>): number {
  const totals = view.categories.map((_, i) =>
    view.stacked
      ? view.series.reduce((s, serie) => s + (serie.data[i] ?? 0), 0)
      : Math.max(0, ...view.series.map((serie) => serie.data[i] ?? 0)),
  );
  const largest = Math.max(0, ...totals);
  const raw = Math.max(1, largest / SPLIT);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  return Math.max(1, Math.ceil(step)) * SPLIT;
}

/** Draws a chart (column, bar or line; stacked when the view says so) on the canvas of `selector`. */
export async function drawSeriesChart(
  UCharts: UChartsConstructor,
  selector: string,
  view: SeriesChartView,
): Promise<void> {
  const canvas = await canvasOf(selector);
  const kind = view.stacked ? 'stack' : 'group';
  const max = axisMax(view);
  const horizontal = view.chart === 'bar';
  // Bars run left to right: uCharts takes the values on the x axis and the categories on the y axis then.
  const valueAxis = { min: 0, max, splitNumber: SPLIT, fontColor: '#333333', gridType: 'dash' };
  await renderChart(UCharts, {
    ...baseOptions(canvas),
    type: view.chart,
    categories: view.categories,
    series: view.series.map((s) => ({ name: s.name, data: s.data })),
    padding: [24, 16, 8, 8],
    legend: { show: view.series.length > 1, position: 'bottom' },
    dataLabel: !horizontal && view.categories.length <= 8 && view.series.length <= 2,
    dataPointShape: view.categories.length <= 12,
    xAxis: horizontal
      ? { ...valueAxis, boundaryGap: 'justify' }
      : view.categories.length > 12
        ? // A long run of days: a few labels, level (the table lists every day).
          { disableGrid: true, fontColor: '#333333', labelCount: 6 }
        : { disableGrid: true, fontColor: '#333333', rotateLabel: view.categories.length > 4 },
    yAxis: horizontal
      ? { disableGrid: true, fontColor: '#333333' }
      : { data: [{ min: 0, max }], splitNumber: SPLIT, fontColor: '#333333', gridType: 'dash' },
    extra: {
      column: { type: kind, width: 16, seriesGap: 2 },
      bar: { type: kind, width: 10, seriesGap: 2 },
      line: { type: 'straight', width: 2 },
    },
  });
}
