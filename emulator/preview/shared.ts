/**
 * Pure helpers shared by the build (Node) and the preview runtime (browser): no Node or DOM imports.
 */

/** WeChat's built-in components: in WXSS their tag selectors become `wx-<name>`, in WXML they are ours. */
export const BUILTIN_TAGS = [
  'view',
  'text',
  'image',
  'button',
  'input',
  'textarea',
  'picker',
  'picker-view',
  'picker-view-column',
  'checkbox',
  'checkbox-group',
  'radio',
  'radio-group',
  'switch',
  'slider',
  'label',
  'form',
  'scroll-view',
  'swiper',
  'swiper-item',
  'navigator',
  'icon',
  'progress',
  'rich-text',
  'cover-view',
  'cover-image',
  'movable-area',
  'movable-view',
  'map',
  'video',
  'audio',
  'camera',
  'canvas',
  'web-view',
  'live-player',
  'live-pusher',
  'open-data',
  'official-account',
  'ad',
  'ad-custom',
  'editor',
  'functional-page-navigator',
  'page-container',
  'page-meta',
  'navigation-bar',
  'root-portal',
  'match-media',
  'share-element',
  'grid-view',
  'list-view',
  'sticky-header',
  'sticky-section',
  'keyboard-accessory',
  'voip-room',
  'channel-live',
  'channel-video',
] as const;

const BUILTIN_SET: ReadonlySet<string> = new Set(BUILTIN_TAGS);

export function isBuiltinTag(name: string): boolean {
  return BUILTIN_SET.has(name);
}

/** Placeholder for a component's class prefix in translated WXSS (`name--`, or empty when it shares page styles). */
export const CLASS_PREFIX_TOKEN = '%%P%%';

/** The CSS variable holding one rpx in CSS px (phone width / 750), set on the phone screen. */
export const RPX_VAR = '--rpx';

/**
 * Rewrites `<n>rpx` to `calc(<n> * var(--rpx))` in a CSS value or inline style. Numbers glued to
 * identifiers (`a10rpx`) and text inside quotes are left alone.
 */
export function rpxToCss(value: string): string {
  if (!value.includes('rpx')) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i];
    if (ch === '"' || ch === "'") {
      const end = findStringEnd(value, i);
      out += value.slice(i, end);
      i = end;
      continue;
    }
    const match = /^-?(?:\d+\.?\d*|\.\d+)rpx(?![\w-])/.exec(value.slice(i, i + 40));
    const prev = i > 0 ? value[i - 1] : '';
    if (match && !/[\w.-]/.test(prev)) {
      out += `calc(${match[0].slice(0, -3)} * var(${RPX_VAR}))`;
      i += match[0].length;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}

/** Index just past the string literal starting at `start` (which holds the quote). */
export function findStringEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === quote) return i + 1;
    else i += 1;
  }
  return text.length;
}

/** Splits `path?a=1&b=2` into the route (no leading slash) and its raw (undecoded) query, as WeChat passes it to onLoad. */
export function parseUrl(url: string): { path: string; query: Record<string, string> } {
  const [rawPath, search = ''] = url.split('?', 2) as [string, string?];
  const query: Record<string, string> = {};
  for (const pair of search.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    query[key] = eq < 0 ? '' : pair.slice(eq + 1);
  }
  return { path: rawPath.replace(/^\/+/, ''), query };
}

/** Resolves `url` (relative to the page `fromRoute`, or absolute from the mini-program root). */
export function resolveRoute(fromRoute: string, url: string): string {
  if (url.startsWith('/')) return normalizePath(url.slice(1));
  const base = fromRoute.split('/').slice(0, -1);
  return normalizePath([...base, url].join('/'));
}

export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}
