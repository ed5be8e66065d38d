/**
 * The check-up's charts, drawn with uCharts (u-charts.js, vendored) on a `<canvas type="2d">`: the result's
 * radar of dimension scores and the history's trend line. WeChat's canvas 2d recipe: the node from a
 * selector query, its drawing buffer sized for the screen's pixel ratio, uCharts told the same ratio.
 * The numbers are always also in a table under the chart, so a chart that cannot draw loses nothing.
 */
import UCharts from './u-charts';

/** What the canvas 2d node offers that we use. */
interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
}

/** Brand green (app.json's selectedColor) and a second colour for an earlier check-up. */
export const CHART_COLORS = ['#067A42', '#0B6AA8'];

/** The canvas node of `selector` on `page`, sized (CSS px × pixel ratio); rejects when there is none. */
function canvasOf(selector: string): Promise<{ node: CanvasNode; width: number; height: number; ratio: number }> {
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
        resolve({ node: found.node, width: found.width, height: found.height, ratio });
      });
  });
}

/**
 * Label size in CSS px (uCharts scales it by the pixel ratio): 12 px at WeChat's standard text size, larger
 * with the phone's text size up to 16 px (the table under the chart follows the system size fully).
 */
function labelSize(): number {
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
function render(options: Record<string, unknown>): Promise<void> {
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
function base(width: number, height: number, ratio: number, context: unknown): Record<string, unknown> {
  return {
    context,
    width: width * ratio,
    height: height * ratio,
    pixelRatio: ratio,
    animation: false,
    background: '#FFFFFF',
    fontColor: '#333333',
    fontSize: labelSize(),
    color: CHART_COLORS,
    canvas2d: true,
  };
}

/** The radar of dimension scores (0–100); a dimension without a score (不适用) is drawn at 0 and said so in the table. */
export async function drawRadar(
  selector: string,
  labels: string[],
  series: { name: string; scores: (number | null)[] }[],
): Promise<void> {
  const { node, width, height, ratio } = await canvasOf(selector);
  await render({
    ...base(width, height, ratio, node.getContext('2d')),
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
  const { node, width, height, ratio } = await canvasOf(selector);
  await render({
    ...base(width, height, ratio, node.getContext('2d')),
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
