/** The voucher and hospital subpackages follow the same markup rules as the shell (see tests/ui/app.test.ts). */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { MINIPROGRAM_ROOT } from '../helpers/render';

const OWN_PAGES = [
  'pages/voucher/campaign/index',
  'pages/voucher/apply/index',
  'pages/voucher/my-applications/index',
  'pages/voucher/my-vouchers/index',
  'pages/voucher/voucher/index',
  'pages/voucher/results/index',
  'pages/voucher/verify/index',
  'pages/hospital/redeem/index',
  'pages/hospital/redemptions/index',
];

const app = JSON.parse(readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as {
  subpackages: { root: string; pages: string[] }[];
};

function wxssUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? wxssUnder(full) : full.endsWith('.wxss') ? [full] : [];
  });
}

describe('voucher and hospital pages', () => {
  it('are registered in app.json subpackages and have all four files', () => {
    const registered = app.subpackages.flatMap((s) => s.pages.map((p) => s.root + p));
    for (const page of OWN_PAGES) {
      expect(registered).toContain(page);
      for (const ext of ['.ts', '.wxml', '.wxss', '.json'])
        expect(existsSync(path.join(MINIPROGRAM_ROOT, page + ext))).toBe(true);
    }
  });

  it('label every interactive element, keep text in TEXT, and follow the system font size', () => {
    const problems: string[] = [];
    for (const page of OWN_PAGES) {
      const source = readFileSync(path.join(MINIPROGRAM_ROOT, `${page}.wxml`), 'utf8');
      if (!source.startsWith('<page-meta root-font-size="system" />')) problems.push(`${page}: no page-meta`);
      for (const [tag] of source.matchAll(/<[a-z-]+\b[^>]*>/g)) {
        const interactive =
          /\b(bind|catch):?(tap|change|input|confirm)=|\bopen-type=|^<(button|input|textarea|picker)\b/.test(tag);
        if (interactive && !/\baria-label=/.test(tag)) problems.push(`${page}: ${tag.slice(0, 60)}`);
      }
      if (/[\u4e00-\u9fff\uff00-\uffef]/.test(source.replace(/\{\{[\s\S]*?\}\}/g, '')))
        problems.push(`${page}: literal text`);
    }
    expect(problems).toEqual([]);
  });

  it('fix no heights in their stylesheets', () => {
    const files = [
      ...wxssUnder(path.join(MINIPROGRAM_ROOT, 'pages/voucher')),
      ...wxssUnder(path.join(MINIPROGRAM_ROOT, 'pages/hospital/redeem')),
      ...wxssUnder(path.join(MINIPROGRAM_ROOT, 'pages/hospital/redemptions')),
    ];
    const fixed = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(^|[\s;{])(max-|min-)?height:\s*[^;]*\d(px|rpx)/g)].map(
        (m) => `${file}: ${m[0]}`,
      ),
    );
    expect(fixed).toEqual([]);
  });
});
