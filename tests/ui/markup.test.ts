/**
 * The markup rules every page and component follows, checked over app.json's pages (main package and
 * subpackages) and every component and stylesheet, so a new page is covered without editing a list.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { MINIPROGRAM_ROOT } from './helpers/render';

interface AppJson {
  pages: string[];
  subpackages: { root: string; pages: string[] }[];
}

const app: AppJson = JSON.parse(readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8'));
const PAGES = [...app.pages, ...app.subpackages.flatMap((s) => s.pages.map((p) => s.root + p))];

/** Files under the mini-program root with this ending, relative to it (npm output left out). */
function sourcesEndingWith(ext: string): string[] {
  return readdirSync(MINIPROGRAM_ROOT, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext) && !e.parentPath.includes('miniprogram_npm'))
    .map((e) => path.relative(MINIPROGRAM_ROOT, path.join(e.parentPath, e.name)));
}
const read = (file: string) => readFileSync(path.join(MINIPROGRAM_ROOT, file), 'utf8');

const TEMPLATES = [
  ...PAGES.map((p) => `${p}.wxml`),
  ...sourcesEndingWith('.wxml').filter((f) => /^components\//.test(f)),
];
const INTERACTIVE = /\b(bind|catch):?(tap|change|input|confirm)=|\bopen-type=|^<(button|input|textarea|picker)\b/;

it('app.json lists pages, and every page has its script, template and config', () => {
  expect(PAGES.length).toBeGreaterThanOrEqual(25);
  const missing = PAGES.flatMap((page) =>
    ['.ts', '.wxml', '.json']
      .filter((ext) => !existsSync(path.join(MINIPROGRAM_ROOT, page + ext)))
      .map((ext) => page + ext),
  );
  expect(missing).toEqual([]);
});

it('every page follows the system font size (page-meta root-font-size), for large-text users', () => {
  const without = PAGES.filter(
    (page) => !read(`${page}.wxml`).trimStart().startsWith('<page-meta root-font-size="system" />'),
  );
  expect(without).toEqual([]);
});

it('every interactive element of a page or component is labelled for screen readers', () => {
  const unlabelled = TEMPLATES.flatMap((file) =>
    [...read(file).matchAll(/<[a-z-]+\b[^>]*>/g)]
      .map(([tag]) => tag)
      .filter((tag) => INTERACTIVE.test(tag) && !/\baria-label=/.test(tag))
      .map((tag) => `${file}: ${tag.slice(0, 60)}`),
  );
  expect(unlabelled).toEqual([]);
});

it('UI text stays out of the markup (it lives in each page’s TEXT)', () => {
  const literal = TEMPLATES.filter((file) =>
    /[\u4e00-\u9fff\uff00-\uffef]/.test(
      read(file)
        .replace(/\{\{[\s\S]*?\}\}/g, '')
        .replace(/<!--[\s\S]*?-->/g, ''),
    ),
  );
  expect(literal).toEqual([]);
});

/** WeUI's own stylesheet, vendored as published (scripts/miniprogram-assets.ts). */
const VENDORED = new Set(['styles/weui.wxss']);

it('no stylesheet of ours fixes a height in px or rpx, so wrapped large text is never clipped', () => {
  const fixed = sourcesEndingWith('.wxss')
    .filter((file) => !VENDORED.has(file))
    .flatMap((file) =>
      [...read(file).matchAll(/(^|[\s;{])(max-|min-)?height:\s*[^;]*\d(px|rpx)/g)].map(
        (m) => `${file}: ${m[0].trim()}`,
      ),
    );
  expect(fixed).toEqual([]);
});
