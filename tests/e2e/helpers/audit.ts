/**
 * What the accessibility e2e test measures on the phone screen of the web preview, in the browser
 * (a string: this project type-checks tests without the DOM library). For every visible text
 * element: its colour and the colours painted behind it (layers up to the first opaque one); for
 * every tappable (a tap binding — the preview marks them `wxp-tap` — or a built-in control): its box;
 * for dates and latin words / numbers: the line boxes they occupy. Contrast is computed in node with
 * culori (tests/e2e/accessibility.e2e.ts).
 */
export type Rgba = [number, number, number, number];

export interface TextSample {
  text: string;
  path: string;
  color: Rgba;
  /** Layers painted behind the text, nearest first; undefined when an image or gradient is among them. */
  layers?: Rgba[];
  /** The element itself paints a background (no rounded corners, no border: a plain text box). */
  ownBox: boolean;
  /** What is painted behind that box (its parent's effective background). */
  under?: Rgba[];
}

export interface TargetSample {
  label: string;
  path: string;
  width: number;
  height: number;
}

export interface BrokenSample {
  text: string;
  word: string;
  path: string;
}

export interface Audit {
  texts: TextSample[];
  targets: TargetSample[];
  broken: BrokenSample[];
}

export const AUDIT_EXPR = `(() => {
  const screen = document.getElementById('wxp-screen');
  const sr = screen.getBoundingClientRect();
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const pathOf = (el) => {
    const parts = [];
    for (let e = el; e && e !== screen && parts.length < 4; e = e.parentElement) {
      const cls = typeof e.className === 'string' ? e.className.trim().split(/\\s+/).slice(0, 2).join('.') : '';
      parts.unshift(e.tagName.toLowerCase() + (cls ? '.' + cls : ''));
    }
    return parts.join(' > ');
  };
  // The whole page counts, also what is scrolled below the fold; the bars around it only as far as they show.
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    if (r.right <= sr.left || r.left >= sr.right) return false;
    const scrolled = el.closest('.wxp-page-scroll');
    if (!scrolled && (r.bottom <= sr.top || r.top >= sr.bottom)) return false;
    const cs = getComputedStyle(el);
    return cs.visibility === 'visible' && cs.display !== 'none';
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const layersFrom = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage !== 'none') return undefined;
      const c = parse(cs.backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers;
  };
  const inPage = (el) => !el.closest('.wxp-statusbar') && !el.closest('[disabled]') && !el.closest('.wxp-navbar');
  const texts = [];
  const broken = [];
  const all = screen.querySelectorAll('*');
  for (const el of all) {
    if (!inPage(el)) continue;
    const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own.length || !shown(el)) continue;
    const cs = getComputedStyle(el);
    const color = parse(cs.color);
    color[3] *= opacity(el);
    const bg = parse(cs.backgroundColor);
    const ownBox = bg[3] > 0 && parseFloat(cs.borderTopLeftRadius) === 0 && parseFloat(cs.borderTopWidth) === 0;
    const text = own.map((n) => n.textContent.trim()).join(' ');
    texts.push({
      text: text.slice(0, 40),
      path: pathOf(el),
      color,
      layers: layersFrom(el),
      ownBox,
      under: ownBox && el.parentElement ? layersFrom(el.parentElement) : undefined,
    });
    // Dates and times, latin words and numbers: each must sit on one line.
    // Except a long code (a 64-digit hash, a voucher's QR payload) in a code block, a monospace block
    // whose stylesheet breaks anywhere: it cannot fit one line of a phone even at the standard size,
    // so it is shown whole in its own box, to copy rather than to read. Dates and numbers up to 31
    // characters (request numbers, USCCs) must still sit on one line there.
    const codeBlock = cs.wordBreak === 'break-all' && /monospace/i.test(cs.fontFamily);
    // A code's length is that of its whole unspaced run: a payload's '_' must not split it into "words".
    const runLength = (s, start, length) => {
      let a = start;
      let b = start + length;
      while (a > 0 && !/\\s/.test(s[a - 1])) a--;
      while (b < s.length && !/\\s/.test(s[b])) b++;
      return b - a;
    };
    const WORD = /\\d{4}-\\d{2}-\\d{2}(?: \\d{2}:\\d{2}(?::\\d{2})?)?|\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{1,2}:\\d{2}|[A-Za-z0-9][A-Za-z0-9.%²×-]*[A-Za-z0-9%²]/g;
    for (const node of own) {
      for (const m of node.textContent.matchAll(WORD)) {
        if (codeBlock && runLength(node.textContent, m.index, m[0].length) >= 32) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push({ text: text.slice(0, 40), word: m[0], path: pathOf(el) });
      }
    }
  }
  const targets = [];
  const TAPPABLE = '[wxp-tap], wx-button, wx-navigator, wx-checkbox, wx-radio, wx-switch, wx-picker, .wxp-tabbar__item';
  for (const el of screen.querySelectorAll(TAPPABLE)) {
    if (el.closest('.wxp-navbar') || el.closest('[disabled]') || !shown(el)) continue;
    // A check box or switch inside a larger tappable (its labelled row) is tapped through the row.
    const outer = el.parentElement && el.parentElement.closest(TAPPABLE);
    if (/^WX-(CHECKBOX|RADIO|SWITCH)$/.test(el.tagName) && outer && shown(outer)) continue;
    const r = el.getBoundingClientRect();
    targets.push({
      label: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30),
      path: pathOf(el),
      width: Math.round(r.width * 10) / 10,
      height: Math.round(r.height * 10) / 10,
    });
  }
  return { texts, targets, broken };
})()`;
