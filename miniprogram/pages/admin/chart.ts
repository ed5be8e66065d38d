/**
 * The dashboard's charts, drawn with uCharts (u-charts.js, vendored in the admin subpackage) by
 * utils/series-chart.ts. Each chart's numbers are also in the table under it.
 */
import type { ActionOutput } from '../../../typings/api';
import { drawSeriesChart } from '../../utils/series-chart';
import UCharts from './u-charts';

type DashboardChartView = ActionOutput<'admin', 'dashboard'>;

/** Draws a dashboard chart (column, bar or line; stacked when the view says so) on the canvas of `selector`. */
export function drawDashboardChart(
  selector: string,
  view: Pick<DashboardChartView, 'chart' | 'stacked' | 'categories' | 'series'>,
): Promise<void> {
  return drawSeriesChart(UCharts, selector, view);
}
