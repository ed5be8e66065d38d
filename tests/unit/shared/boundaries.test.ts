/**
 * miniprogram/shared holds the rules the mini-program and the cloud functions both need, once. WeChat
 * DevTools compiles only what lies under miniprogramRoot (miniprogram/) and bundles no npm packages
 * there, while the functions bundle it with esbuild; so shared/ may import nothing but its own files,
 * and must not touch `wx` (or zod, or anything of the server).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function tsFilesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/** Module specifiers a file names (imports and re-exports, type-only ones too), with whether they erase. */
function specifiers(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  return [...source.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?\sfrom\s*['"]([^'"]+)['"]/gm)].map((m) => ({
    specifier: m[3],
    typeOnly: !!m[2],
  }));
}

const leaves = (file: string, specifier: string, dir: string) => {
  if (!/^\.{1,2}\//.test(specifier)) return true;
  const target = path.relative(path.join(ROOT, dir), path.resolve(ROOT, path.dirname(file), specifier));
  return target.startsWith('..') || path.isAbsolute(target);
};

it('shared/ imports only its own files', () => {
  const files = tsFilesUnder('miniprogram/shared');
  expect(files.length).toBeGreaterThan(5);
  const outside = files.flatMap((file) =>
    specifiers(file)
      .filter(({ specifier }) => leaves(file, specifier, 'miniprogram/shared'))
      .map(({ specifier }) => `${file} → ${specifier}`),
  );
  expect(outside).toEqual([]);
});

it('shared/ uses no wx API and no require', () => {
  const uses = tsFilesUnder('miniprogram/shared').filter((file) =>
    /\bwx\.|\brequire\s*\(|\bgetApp\s*\(/.test(readFileSync(path.join(ROOT, file), 'utf8')),
  );
  expect(uses).toEqual([]);
});

it('the mini-program loads code only from inside miniprogram/ (types from typings/ erase)', () => {
  const outside = tsFilesUnder('miniprogram').flatMap((file) =>
    specifiers(file)
      .filter(({ specifier, typeOnly }) => !typeOnly && leaves(file, specifier, 'miniprogram'))
      .map(({ specifier }) => `${file} → ${specifier}`),
  );
  expect(outside).toEqual([]);
});
