/**
 * Paints the red-list badge poster on a canvas 2d context, in CSS pixels (the page scales the
 * context by the device pixel ratio). Kept apart from the page so the layout reads as one recipe.
 */

/** What the poster prints, already worded. */
export interface PosterContent {
  title: string;
  subtitle: string;
  tierLabel: string;
  name: string;
  yearsLine: string;
  versionLine: string;
  scanLine: string;
  sourceLine: string;
  brand: string;
}

/** The part of CanvasRenderingContext2D the poster uses (WeChat's canvas 2d and the browser's alike). */
export interface PosterContext {
  fillStyle: unknown;
  font: string;
  textAlign: string;
  textBaseline: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  drawImage(image: unknown, x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  fill(): void;
}

export const POSTER_WIDTH = 300;
export const POSTER_HEIGHT = 500;

const RED = '#b42318';
const FONT = '"PingFang SC", "Noto Sans CJK SC", sans-serif';

/** Splits `text` into at most `maxLines` lines no wider than `width` (the last one ends in … if cut). */
export function wrapText(ctx: PosterContext, text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of Array.from(text)) {
    if (line && ctx.measureText(line + char).width > width) {
      lines.push(line);
      line = '';
      if (lines.length === maxLines) break;
    }
    line += char;
  }
  if (lines.length < maxLines && line) lines.push(line);
  const shown = lines.join('').length;
  if (shown < Array.from(text).length && lines.length) {
    lines[lines.length - 1] = `${lines[lines.length - 1].slice(0, -1)}…`;
  }
  return lines;
}

export function drawPoster(ctx: PosterContext, content: PosterContent, code: unknown): void {
  const W = POSTER_WIDTH;
  const center = W / 2;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, POSTER_HEIGHT);

  // Header band.
  ctx.fillStyle = RED;
  ctx.fillRect(0, 0, W, 84);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#ffffff';
  ctx.font = `600 20px ${FONT}`;
  ctx.fillText(content.title, center, 34);
  ctx.font = `13px ${FONT}`;
  ctx.fillText(content.subtitle, center, 62);

  // Tier seal.
  ctx.fillStyle = '#fdecea';
  ctx.beginPath();
  ctx.arc(center, 136, 38, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = RED;
  ctx.font = `700 22px ${FONT}`;
  ctx.fillText(content.tierLabel, center, 136);

  // Enterprise, years, version.
  ctx.fillStyle = 'rgba(0, 0, 0, 0.9)';
  ctx.font = `600 17px ${FONT}`;
  const nameLines = wrapText(ctx, content.name, W - 40, 2);
  nameLines.forEach((line, i) => ctx.fillText(line, center, 196 + i * 24));
  let y = 196 + nameLines.length * 24 + 6;
  ctx.fillStyle = RED;
  ctx.font = `600 15px ${FONT}`;
  ctx.fillText(content.yearsLine, center, y);
  y += 24;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.6)';
  ctx.font = `12px ${FONT}`;
  ctx.fillText(content.versionLine, center, y);

  // The code, then how to use it.
  const size = 120;
  ctx.drawImage(code, center - size / 2, 318, size, size);
  ctx.fillStyle = 'rgba(0, 0, 0, 0.75)';
  ctx.font = `12px ${FONT}`;
  ctx.fillText(content.scanLine, center, 452);

  ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.font = `10px ${FONT}`;
  wrapText(ctx, content.sourceLine, W - 40, 2).forEach((line, i) => ctx.fillText(line, center, 474 + i * 14));
  ctx.textAlign = 'right';
  ctx.fillText(content.brand, W - 12, 98);
}
