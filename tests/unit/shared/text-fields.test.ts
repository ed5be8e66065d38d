/**
 * The pages' text boxes agree with the rules of miniprogram/shared: WeChat's `maxlength` counts UTF-16
 * units, the rules count code points (shared/text.ts), so a limited free-text box sets maxlength="-1"
 * and leaves the limit to the shared live check; a phone box leaves room for spaces, dashes and +86
 * (shared/contact.ts); and a box that takes the focus after a failed submit (utils/form.ts) carries
 * the anchor of the field it is focused for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MOBILE_INPUT_MAXLENGTH } from '../../../miniprogram/shared/contact';

const ROOT = path.resolve(__dirname, '../../../miniprogram');

function wxmlFiles(): string[] {
  return readdirSync(ROOT, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.wxml'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

interface Box {
  where: string;
  tag: string;
  attrs: Record<string, string>;
}

/** Every <input> and <textarea> with its attributes. */
function boxes(): Box[] {
  const out: Box[] = [];
  for (const file of wxmlFiles()) {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of source.matchAll(/<(input|textarea)\b([^>]*?)\/?>/gs)) {
      const attrs: Record<string, string> = {};
      for (const a of m[2].matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) attrs[a[1]] = a[2] ?? '';
      out.push({ where: `${file}: ${attrs.class ?? m[1]}`, tag: m[1], attrs });
    }
  }
  return out;
}

const BOXES = boxes();
const classes = (b: Box) => (b.attrs.class ?? '').split(/\s+/);

/**
 * Boxes whose `maxlength` may stay a number: fixed-format ASCII codes (a USCC, a voucher's code) and
 * search boxes, where a cut never lets through what the server refuses (a search is no form field).
 */
const FIXED_FORMAT = ['uscc', 'manual', 'search__input'];

test('the pages have text boxes to check', () => {
  expect(BOXES.length).toBeGreaterThan(15);
});

test('a free-text box with a limit does not let WeChat cut it (maxlength="-1"; the shared check counts)', () => {
  const cut = BOXES.filter((b) => {
    const type = b.attrs.type ?? 'text';
    if (b.tag === 'input' && type !== 'text') return false;
    if (classes(b).some((c) => FIXED_FORMAT.includes(c))) return false;
    return b.attrs.maxlength !== '-1';
  }).map((b) => `${b.where} maxlength=${b.attrs.maxlength ?? '(140, the default)'}`);
  expect(cut).toEqual([]);
});

test('a phone box leaves room for a number written with spaces, dashes or +86', () => {
  const phones = BOXES.filter((b) => classes(b).some((c) => /(^|-)phone$/.test(c)));
  expect(phones.length).toBeGreaterThanOrEqual(2);
  expect(phones.map((b) => `${b.where} ${b.attrs.maxlength}`)).toEqual(
    phones.map((b) => `${b.where} ${MOBILE_INPUT_MAXLENGTH}`),
  );
});

test('a box focused after a failed submit is the anchor of that field (utils/form goToFirstError)', () => {
  const focused = BOXES.filter((b) => 'focus' in b.attrs);
  expect(focused.length).toBeGreaterThan(10);
  const wrong = focused.filter((b) => {
    const m = /^\{\{focusField === '([\w-]+)'\}\}$/.exec(b.attrs.focus);
    return !m || b.attrs.id !== `field-${m[1]}`;
  });
  expect(wrong.map((b) => `${b.where} id=${b.attrs.id} focus=${b.attrs.focus}`)).toEqual([]);
});
