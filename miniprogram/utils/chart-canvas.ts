/**
 * Drawing uCharts on a `<canvas type="2d">`, shared by the subpackages that chart (the check-up, the admin
 * dashboard). Subpackages cannot require each other's files, so each vendors u-charts.js
 * (scripts/miniprogram-assets.ts) and hands its constructor in here. WeChat's canvas 2d recipe: the node
 * from a selector query, its drawing buffer sized for the screen's pixel ratio, uCharts told the same ratio.
 * The numbers are always also in a table under the chart, so a chart that cannot draw loses nothing.
 */

/** The vendored uCharts class (u-charts.d.ts in each charting subpackage). */
export interface UChartsConstructor {
  new (options: Record<string, unknown>): {
    addEventListener(type: 'renderComplete', listener: () => void): void;
  };
}

/** What the canvas 2d node offers that we use. */
interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
}

export interface SizedCanvas {
  context: unknown;
  width: number;
  height: number;
  ratio: number;
}

/** Brand green (app.json's selectedColor), then colours that stay apart for the colour-blind. */
export const CHART_COLORS = ['#067A42', '#0B6AA8', '#C97A00', '#8E44AD', '#B03A2E', '#5D6D7E', '#1ABC9C'];

/** The canvas of `selector`, sized (CSS px × pixel ratio); rejects when there is none. */
export function canvasOf(selector: string): Promise<SizedCanvas> {
  return new Promise((resolve, reject) => {
    wx.createSelectorQuery()
      .select(selector)
      .fields({ node: true, size: true }, () => undefined)
      .exec((res: ({ node?: CanvasNode; width?: number; height?: number } | null)[]) => {
        const found = res?.[0];
        if (!found?.node || !found.width || !found.height) {
          reject(new Error('canvas unavailable'));
          return;
        }
        const ratio = wx.getWindowInfo().pixelRatio || 2;
        found.node.width = Math.round(found.width * ratio);
        found.node.height = Math.round(found.height * ratio);
        resolve({ context: found.node.getContext('2d'), width: found.width, height: found.height, ratio });
      });
  });
}

/**
 * Label size in CSS px (uCharts scales it by the pixel ratio): 12 px at WeChat's standard text size, larger
 * with the phone's text size up to 16 px (the table under the chart follows the system size fully).
 */
export function labelSize(): number {
  let setting = 16;
  try {
    setting = wx.getAppBaseInfo().fontSizeSetting || 16;
  } catch {
    // An older base library: the standard size.
  }
  return Math.min(16, Math.max(12, Math.round((12 * setting) / 16)));
}

/** Gives up on a chart that has not finished drawing by then (the table below has the numbers). */
const DRAW_TIMEOUT_MS = 5000;

/**
 * Draws a chart; resolves once uCharts reports it drawn (it draws on its next animation frame, a timer,
 * even without animation), rejects when it throws or does not finish.
 */
export function renderChart(UCharts: UChartsConstructor, options: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('chart not drawn')), DRAW_TIMEOUT_MS);
    try {
      new UCharts(options).addEventListener('renderComplete', () => {
        clearTimeout(timer);
        resolve();
      });
    } catch (error) {
      clearTimeout(timer);
      reject(error);
    }
  });
}

/** The shared options: no animation (drawn at once, nothing to wait for), a white background, our font colour. */
export function baseOptions(canvas: SizedCanvas, colors: readonly string[] = CHART_COLORS): Record<string, unknown> {
  const { context, width, height, ratio } = canvas;
  return {
    context,
    width: width * ratio,
    height: height * ratio,
    pixelRatio: ratio,
    animation: false,
    background: '#FFFFFF',
    fontColor: '#333333',
    fontSize: labelSize(),
    color: [...colors],
    canvas2d: true,
  };
}
