/**
 * The scan charts of the credit pages (scans per day), drawn with this subpackage's uCharts by
 * utils/series-chart.ts. The numbers are also in the table under each chart.
 */
import type { ScanStatsView } from '../../../typings/api';
import { drawSeriesChart } from '../../utils/series-chart';
import UCharts from './u-charts';

export function drawScanChart(selector: string, stats: Pick<ScanStatsView, 'chart'>): Promise<void> {
  return drawSeriesChart(UCharts, selector, { chart: 'column', stacked: false, ...stats.chart });
}

/** The chart's description for screen readers: the total and the busiest day. */
export function scanChartAlt(stats: ScanStatsView): string {
  const busiest = stats.days.reduce((best, d) => (d.count > best.count ? d : best), stats.days[0]);
  return busiest && busiest.count
    ? `近 ${stats.days.length} 天扫码 ${stats.total} 次，最多的一天是 ${busiest.key}，${busiest.count} 次`
    : `近 ${stats.days.length} 天暂无扫码`;
}

/** Chart height in CSS px: room for the bars and the day labels. */
export const SCAN_CHART_HEIGHT = 200;

/** What the pages show of the figures: the chart's description, the total and one line per city. */
export function scanStatsShown(stats: ScanStatsView) {
  return {
    ...stats,
    alt: scanChartAlt(stats),
    totalText: `共 ${stats.total} 次`,
    cityRows: stats.cities.map((c) => ({ key: c.key, text: `${c.label}：${c.count} 次` })),
  };
}
