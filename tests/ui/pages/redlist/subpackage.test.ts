/** The red-list pages are registered as their own preloaded subpackage and mark tiers in words as well as colour (markup rules: tests/ui/markup.test.ts). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MINIPROGRAM_ROOT } from '../../helpers/render';

const SUBPACKAGE_PAGES = [
  'pages/redlist/search/index',
  'pages/redlist/detail/index',
  'pages/redlist/about/index',
  'pages/redlist/poster/index',
];
const PAGES = ['pages/redlist-tab/index', ...SUBPACKAGE_PAGES];
/** Pages that show tiers in markup (the poster draws its tier on a canvas, with a text alternative). */
const TIER_PAGES = PAGES.filter((page) => page !== 'pages/redlist/poster/index');

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

  it('mark tiers with their name as well as a colour', () => {
    for (const page of TIER_PAGES) {
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
