/** Types for the vendored uCharts build (u-charts.js, copied from @qiun/ucharts by scripts/miniprogram-assets.ts). */
declare class UCharts {
  constructor(options: Record<string, unknown>);
  updateData(data: Record<string, unknown>): void;
  addEventListener(type: 'renderComplete' | 'scrollLeft' | 'scrollRight', listener: () => void): void;
}
export default UCharts;
