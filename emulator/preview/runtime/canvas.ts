import { fail } from './api';
import { fileUrl } from './cloud';

/**
 * The canvas 2d node of `<canvas type="2d">` as WeChat hands it out (SelectorQuery fields({node})):
 * the browser's own HTMLCanvasElement, whose getContext('2d') is the CanvasRenderingContext2D WeChat
 * mirrors, plus WeChat's additions: createImage, requestAnimationFrame / cancelAnimationFrame,
 * createPath2D. wx.canvasToTempFilePath({canvas}) turns it into a blob URL (a temp file path).
 */

type WxCanvas = HTMLCanvasElement & {
  createImage(): HTMLImageElement;
  requestAnimationFrame(cb: FrameRequestCallback): number;
  cancelAnimationFrame(id: number): void;
  createPath2D(path?: Path2D | string): Path2D;
};

/** An image whose `src` also takes what WeChat takes: cloud fileIDs, package paths, temp files. */
function createImage(): HTMLImageElement {
  const img = new Image();
  const proto = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');
  Object.defineProperty(img, 'src', {
    get: () => proto?.get?.call(img) as string,
    set: (value: unknown) => {
      const src = String(value ?? '');
      const resolved = /^(https?:|data:|blob:)/.test(src)
        ? src
        : /^cloud:\/\//.test(src)
          ? fileUrl(src)
          : `/preview/mp/${src.replace(/^\/+/, '')}`;
      proto?.set?.call(img, resolved);
    },
  });
  return img;
}

export function asWxCanvas(canvas: HTMLCanvasElement): WxCanvas {
  const node = canvas as WxCanvas;
  if (typeof node.createImage === 'function') return node;
  Object.assign(node, {
    createImage,
    requestAnimationFrame: (cb: FrameRequestCallback) => window.requestAnimationFrame(cb),
    cancelAnimationFrame: (id: number) => window.cancelAnimationFrame(id),
    createPath2D: (path?: Path2D | string) => new Path2D(path),
  });
  return node;
}

/** wx.canvasToTempFilePath for canvas 2d nodes (the legacy canvasId form is not simulated). */
export async function canvasToTempFilePath(options: Record<string, unknown>): Promise<{ tempFilePath: string }> {
  const canvas = options.canvas;
  if (!(canvas instanceof HTMLCanvasElement)) {
    throw fail('canvasToTempFilePath', 'canvas is required (canvasId is not supported in preview)');
  }
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  const x = num(options.x, 0);
  const y = num(options.y, 0);
  const width = num(options.width, canvas.width - x);
  const height = num(options.height, canvas.height - y);
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(num(options.destWidth, width)));
  out.height = Math.max(1, Math.round(num(options.destHeight, height)));
  out.getContext('2d')?.drawImage(canvas, x, y, width, height, 0, 0, out.width, out.height);
  const type = options.fileType === 'jpg' ? 'image/jpeg' : 'image/png';
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, type, num(options.quality, 1)));
  if (!blob) throw fail('canvasToTempFilePath', 'canvas is empty');
  return { tempFilePath: URL.createObjectURL(blob) };
}
