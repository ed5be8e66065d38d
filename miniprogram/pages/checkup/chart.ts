/**
 * The check-up's charts, drawn with uCharts (u-charts.js, vendored in this subpackage) through the shared
 * canvas plumbing (utils/chart-canvas.ts): the result's radar of dimension scores and the history's trend
 * line. The numbers are always also in a table under the chart, so a chart that cannot draw loses nothing.
 */
import { baseOptions, canvasOf, labelSize, renderChart, type SizedCanvas } from '../../utils/chart-canvas';
import UCharts from './u-charts';

/** Brand green (app.json's selectedColor) and a second colour for an earlier check-up. */
export const CHART_COLORS = ['#067A42', '#0B6AA8'];

const base = (canvas: SizedCanvas) => baseOptions(canvas, CHART_COLORS);

/** The radar of dimension scores (0–100); a dimension without a score (不适用) is drawn at 0 and said so in the table. */
export async function drawRadar(
  selector: string,
  labels: string[],
  series: { name: string; scores: (number | null)[] }[],
): Promise<void> {
  const canvas = await canvasOf(selector);
  const { width, height, ratio } = canvas;
  await renderChart(UCharts, {
    ...base(canvas),
    type: 'radar',
    categories: labels,
    series: series.map((s) => ({ name: s.name, data: s.scores.map((v) => v ?? 0) })),
    legend: { show: series.length > 1, position: 'bottom' },
    dataLabel: false,
    extra: {
      radar: {
        // uCharts leaves room for the longest label on both sides; the side labels are at most 5 characters.
        radius: Math.max(40, Math.min(width / 2 - 5 * labelSize() - 20, height / 2 - 30)) * ratio,
        max: 100,
        // uCharts reads labelShow from the raw options: without it no dimension name is drawn.
        labelShow: true,
        gridType: 'radar',
        gridColor: '#CCCCCC',
        gridCount: 4,
        opacity: 0.25,
        border: true,
        labelColor: '#333333',
      },
    },
  });
}

/** The trend of overall scores, oldest first. */
export async function drawTrend(selector: string, dates: string[], scores: (number | null)[]): Promise<void> {
  const canvas = await canvasOf(selector);
  await renderChart(UCharts, {
    ...base(canvas),
    type: 'line',
    categories: dates,
    series: [{ name: '综合得分', data: scores }],
    legend: { show: false },
    dataLabel: true,
    xAxis: { disableGrid: true, fontColor: '#333333', rotateLabel: dates.length > 4 },
    yAxis: { data: [{ min: 0, max: 100 }], splitNumber: 4, fontColor: '#333333', gridType: 'dash' },
    extra: { line: { type: 'straight', width: 2 } },
  });
}
