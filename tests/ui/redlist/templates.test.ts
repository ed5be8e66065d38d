/** The red-list pages follow the shell's markup rules (see tests/ui/app.test.ts), and are registered in app.json. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MINIPROGRAM_ROOT } from '../helpers/render';

const SUBPACKAGE_PAGES = ['pages/redlist/search/index', 'pages/redlist/detail/index', 'pages/redlist/about/index'];
const PAGES = ['pages/redlist-tab/index', ...SUBPACKAGE_PAGES];
const STYLES = [...PAGES.map((p) => `${p}.wxss`), 'styles/redlist.wxss'];

const app = JSON.parse(readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as {
  subpackages: { root: string; name?: string; pages: string[] }[];
  preloadRule?: Record<string, { packages: string[] }>;
};

describe('red-list pages', () => {
  it('are registered in the redlist subpackage, preloaded from the tab, with all four files', () => {
    const own = app.subpackages.find((s) => s.root === 'pages/redlist/');
    expect(own?.name).toBe('redlist');
    expect(own?.pages.map((p) => own.root + p)).toEqual(SUBPACKAGE_PAGES);
    expect(app.preloadRule?.['pages/redlist-tab/index']?.packages).toContain('redlist');
    for (const page of PAGES)
      for (const ext of ['.ts', '.wxml', '.wxss', '.json'])
        expect(existsSync(path.join(MINIPROGRAM_ROOT, page + ext))).toBe(true);
  });

  it('label every interactive element, keep text in TEXT, and follow the system font size', () => {
    const problems: string[] = [];
    for (const page of PAGES) {
      const source = readFileSync(path.join(MINIPROGRAM_ROOT, `${page}.wxml`), 'utf8');
      if (!source.startsWith('<page-meta root-font-size="system" />')) problems.push(`${page}: no page-meta`);
      for (const [tag] of source.matchAll(/<[a-z-]+\b[^>]*>/g)) {
        const interactive = /\b(bind|catch):?(tap|change|input|confirm)=|^<(button|input|textarea|picker)\b/.test(tag);
        if (interactive && !/\baria-label=/.test(tag)) problems.push(`${page}: ${tag.slice(0, 60)}`);
      }
      if (/[\u4e00-\u9fff\uff00-\uffef]/.test(source.replace(/\{\{[\s\S]*?\}\}/g, '')))
        problems.push(`${page}: literal text`);
    }
    expect(problems).toEqual([]);
  });

  it('fix no heights in px or rpx, so wrapped large text is never clipped', () => {
    const fixed = STYLES.flatMap((file) =>
      [
        ...readFileSync(path.join(MINIPROGRAM_ROOT, file), 'utf8').matchAll(
          /(^|[\s;{])(max-|min-)?height:\s*[^;]*\d(px|rpx)/g,
        ),
      ].map((m) => `${file}: ${m[0].trim()}`),
    );
    expect(fixed).toEqual([]);
  });

  it('mark tiers with their name as well as a colour', () => {
    for (const page of PAGES) {
      const source = readFileSync(path.join(MINIPROGRAM_ROOT, `${page}.wxml`), 'utf8');
      // Every element coloured by tier also prints a label (tierLabel, tierText or label).
      const badges = [...source.matchAll(/<(text|view)[^>]*class="[^"]*\btier_\{\{[^>]*>[^<]*<\/\1>/g)].map(
        (m) => m[0],
      );
      expect(badges.length).toBeGreaterThan(0);
      for (const element of badges)
        expect(element).toMatch(/\{\{item\.(tierLabel|tierText|label)\}\}|\{\{detail\.tierLabel\}\}/);
    }
  });
});
