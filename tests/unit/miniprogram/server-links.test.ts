import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Pages of app.json: main package and subpackages. */
function pagesOfApp(): Set<string> {
  const app = JSON.parse(readFileSync(path.join(root, 'miniprogram/app.json'), 'utf8'));
  const pages = new Set<string>(app.pages);
  for (const sub of app.subpackages ?? []) for (const p of sub.pages) pages.add(`${sub.root}${p}`);
  return pages;
}

describe('pages the cloud functions link to (subscribe messages)', () => {
  test('every page path written by a function exists in the mini-program', () => {
    const pages = pagesOfApp();
    const linked = new Set<string>();
    for (const file of sources(path.join(root, 'cloudfunctions/src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/pages\/[a-z0-9/-]+\/index/g)) linked.add(match[0]);
    }
    expect(linked.size).toBeGreaterThan(0);
    for (const page of linked) expect(pages).toContain(page);
  });
});
