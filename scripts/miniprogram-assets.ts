/**
 * Generates the mini-program's static assets, which are committed (DevTools uploads files, it does
 * not run builds):
 *   - miniprogram/styles/weui.wxss: WeUI's stylesheet, copied verbatim from the pinned weui-wxss
 *     package (a devDependency, so DevTools' npm build never tries to pack it);
 *   - miniprogram/assets/tabbar/*.png: tab bar icons (81×81, grey and brand green), drawn here as
 *     anti-aliased strokes and encoded with node:zlib, so no binary (and no image library) comes
 *     from elsewhere;
 *   - miniprogram/pages/user/about/version.ts: package.json's version, which the About page shows
 *     (the mini-program cannot read package.json, and a literal would drift);
 *   - miniprogram/pages/{checkup,admin,credit}/u-charts.js: the chart library (uCharts, the pinned @qiun/ucharts
 *     release's minified build, verbatim), once in each subpackage that draws charts (the check-up, the
 *     admin dashboard, the credit-code scans): subpackages cannot require each other's files. The canvas plumbing they share is
 *     miniprogram/utils/chart-canvas.ts.
 *
 *   npx tsx scripts/miniprogram-assets.ts           write the files
 *   npx tsx scripts/miniprogram-assets.ts --check   exit 1 when a committed file differs
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';

const ROOT = join(__dirname, '..');
const WEUI_SOURCE = join(ROOT, 'node_modules/weui-wxss/dist/style/weui.wxss');
const WEUI_TARGET = join(ROOT, 'miniprogram/styles/weui.wxss');
const TABBAR_DIR = join(ROOT, 'miniprogram/assets/tabbar');
const PACKAGE_JSON = join(ROOT, 'package.json');
const VERSION_TARGET = join(ROOT, 'miniprogram/pages/user/about/version.ts');
const UCHARTS_SOURCE = join(ROOT, 'node_modules/@qiun/ucharts/u-charts.min.js');
/** Every subpackage that draws charts gets its own copy. */
export const UCHARTS_TARGETS = ['checkup', 'admin', 'credit'].map((pkg) =>
  join(ROOT, `miniprogram/pages/${pkg}/u-charts.js`),
);

const SIZE = 81;
const STROKE = 5.5;
/** app.json's tabBar colours: `color` (grey) and `selectedColor` (the brand green). */
const COLORS = { normal: [0x66, 0x6a, 0x70], active: [0x06, 0x7a, 0x42] } as const;

type Point = [number, number];
/** Distance from a pixel to the shape's stroke centre line; the pixel is inked within STROKE / 2. */
type Shape = (x: number, y: number) => number;

function segment([ax, ay]: Point, [bx, by]: Point): Shape {
  return (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const length2 = dx * dx + dy * dy;
    if (length2 === 0) return Math.hypot(x - ax, y - ay);
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length2));
    return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
  };
}

function polyline(points: Point[], closed = false): Shape {
  const parts = points.slice(0, closed ? points.length : -1).map((p, i) => segment(p, points[(i + 1) % points.length]));
  return union(...parts);
}

/** Arc of a circle from angle a0 to a1 (radians, clockwise on screen from +x). */
function arc(cx: number, cy: number, r: number, a0 = 0, a1 = 2 * Math.PI): Shape {
  return (x, y) => {
    let a = Math.atan2(y - cy, x - cx);
    while (a < a0) a += 2 * Math.PI;
    if (a <= a1) return Math.abs(Math.hypot(x - cx, y - cy) - r);
    const end = (t: number): number => Math.hypot(x - (cx + r * Math.cos(t)), y - (cy + r * Math.sin(t)));
    return Math.min(end(a0), end(a1));
  };
}

function union(...shapes: Shape[]): Shape {
  return (x, y) => {
    let d = Infinity;
    for (const s of shapes) d = Math.min(d, s(x, y));
    return d;
  };
}

function star(cx: number, cy: number, outer: number, inner: number): Point[] {
  return Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)] as Point;
  });
}

const ICONS: Record<string, Shape> = {
  // 首页: a house.
  home: union(
    polyline([
      [12, 38],
      [40.5, 13],
      [69, 38],
    ]),
    polyline([
      [20, 32],
      [20, 68],
      [61, 68],
      [61, 32],
    ]),
    polyline([
      [34, 68],
      [34, 50],
      [47, 50],
      [47, 68],
    ]),
  ),
  // 检测券: a ticket with notches on both sides and a tear line.
  voucher: union(
    polyline([
      [12, 22],
      [69, 22],
      [69, 34],
    ]),
    arc(69, 40.5, 6.5, Math.PI / 2, (3 * Math.PI) / 2),
    polyline([
      [69, 47],
      [69, 59],
      [12, 59],
      [12, 47],
    ]),
    arc(12, 40.5, 6.5, -Math.PI / 2, Math.PI / 2),
    ...[29, 37.5, 46, 54.5].map((y) => segment([50, y - 1], [50, y + 1])),
  ),
  // 红榜: a star.
  redlist: polyline(star(40.5, 43, 30, 13), true),
  // 帮扶: a heart (care) with a plus (help): two lobes meeting in the dip, sides down to the point.
  help: union(
    arc(28, 31, 13, (3 * Math.PI) / 4, 2 * Math.PI - 0.35),
    arc(53, 31, 13, Math.PI + 0.35, (9 * Math.PI) / 4),
    segment([28 + 13 * Math.cos((3 * Math.PI) / 4), 31 + 13 * Math.sin((3 * Math.PI) / 4)], [40.5, 66]),
    segment([53 + 13 * Math.cos(Math.PI / 4), 31 + 13 * Math.sin(Math.PI / 4)], [40.5, 66]),
    segment([40.5, 38], [40.5, 52]),
    segment([33.5, 45], [47.5, 45]),
  ),
  // 我的: head and shoulders.
  mine: union(arc(40.5, 28, 13), arc(40.5, 72, 27, Math.PI, 2 * Math.PI)),
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG (8 bits per channel, no filtering: the icons are tiny). */
function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function draw(shape: Shape, [r, g, b]: readonly number[]): Buffer {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  const n = 4; // 4×4 supersampling for smooth edges, only where a pixel straddles the edge
  const half = STROKE / 2;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const centre = shape(x + 0.5, y + 0.5);
      let coverage: number;
      if (centre > half + 0.75) coverage = 0;
      else if (centre < half - 0.75) coverage = 1;
      else {
        let covered = 0;
        for (let sy = 0; sy < n; sy++) {
          for (let sx = 0; sx < n; sx++) {
            if (shape(x + (sx + 0.5) / n, y + (sy + 0.5) / n) <= half) covered++;
          }
        }
        coverage = covered / (n * n);
      }
      pixels.set([r, g, b, Math.round(255 * coverage)], (y * SIZE + x) * 4);
    }
  }
  return encodePng(SIZE, SIZE, pixels);
}

/** The version module: one constant, formatted as prettier would. */
export function versionModule(version: string): string {
  return [
    '// Generated by scripts/miniprogram-assets.ts from package.json; do not edit.',
    '/** The version of this build, as package.json names it. */',
    `export const APP_VERSION = '${version}';`,
    '',
  ].join('\n');
}

export function expectedAssets(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  files.set(WEUI_TARGET, readFileSync(WEUI_SOURCE));
  for (const target of UCHARTS_TARGETS) files.set(target, readFileSync(UCHARTS_SOURCE));
  const { version } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
    throw new Error(`package.json version ${version} is not semver`);
  files.set(VERSION_TARGET, Buffer.from(versionModule(version), 'utf8'));
  for (const [name, shape] of Object.entries(ICONS)) {
    files.set(join(TABBAR_DIR, `${name}.png`), draw(shape, COLORS.normal));
    files.set(join(TABBAR_DIR, `${name}-active.png`), draw(shape, COLORS.active));
  }
  return files;
}

function main(): void {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [file, content] of expectedAssets()) {
    const same = existsSync(file) && readFileSync(file).equals(content);
    if (same) continue;
    if (check) {
      stale.push(file);
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      console.log(`wrote ${file.slice(ROOT.length + 1)}`);
    }
  }
  if (check && stale.length) {
    console.error(`out of date (run npx tsx scripts/miniprogram-assets.ts):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
}

if (require.main === module) main();
