/**
 * The layering rules docs/ARCHITECTURE.md states, read off the sources' import lines, so a new
 * import that breaks one fails here instead of waiting for someone to notice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function tsFilesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/** Relative imports that load code at run time (`import type` and `export type` erase). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map(
    (m) => m[1],
  );
  return specifiers.map((s) => {
    const target = path.join(path.dirname(file), s);
    return target.endsWith('.ts') ? target : `${target}.ts`;
  });
}

/**
 * Every module a file names, with the line it is on: static imports and re-exports (type-only ones
 * too), side-effect imports, `import()` and `require()` with a literal path.
 */
function importsIn(source: string): { specifier: string; line: number }[] {
  const patterns = [
    /^\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns
    .flatMap((pattern) => [...source.matchAll(pattern)])
    .map((m) => ({
      specifier: m[1],
      line: source.slice(0, (m.index ?? 0) + m[0].indexOf(m[1])).split('\n').length,
    }))
    .sort((a, b) => a.line - b.line);
}

/** `file:line → specifier` for each relative import of a file under `dir` that leaves `dir`. */
function importsLeaving(dir: string): string[] {
  return tsFilesUnder(dir).flatMap((file) =>
    importsIn(readFileSync(path.join(ROOT, file), 'utf8'))
      .filter(({ specifier }) => /^\.{1,2}\//.test(specifier))
      .filter(({ specifier }) => {
        const target = path.relative(path.join(ROOT, dir), path.resolve(ROOT, path.dirname(file), specifier));
        return target.startsWith('..') || path.isAbsolute(target);
      })
      .map(({ specifier, line }) => `${file}:${line} → ${specifier}`),
  );
}

/** Every cycle in an import graph, each as the chain of files that closes it. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    for (const next of graph.get(file) ?? []) {
      const at = chain.indexOf(next);
      if (at >= 0) cycles.push([...chain.slice(at), next]);
      else if (!done.has(next)) visit(next, [...chain, next]);
    }
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file, [file]);
  return cycles;
}

function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(files.map((f) => [f, runtimeImports(f).filter((t) => known.has(t))]));
}

it('the preview runtime has no import cycles (modules load in one order, as in the browser bundle)', () => {
  expect(cyclesOf(importGraph(tsFilesUnder('emulator/preview/runtime')))).toEqual([]);
});

it('the cycle check finds a cycle where there is one', () => {
  // router → loader → selector-query → router was the cycle this check was written for.
  const graph = new Map([
    ['router.ts', ['loader.ts', 'state.ts']],
    ['loader.ts', ['selector-query.ts']],
    ['selector-query.ts', ['router.ts']],
    ['state.ts', []],
  ]);
  expect(cyclesOf(graph)).toEqual([['router.ts', 'loader.ts', 'selector-query.ts', 'router.ts']]);
});

/**
 * The local cloud is a CloudBase, not our product: it learns about the project from configuration
 * (package.json "localCloud": the build, the seed, the preview's identities, loaded by path) and from
 * the files the platform reads too (cloudbaserc.json, collection and storage specs, the mini-program
 * package as the preview's data), never by importing cloudfunctions/, scripts/, seed/, miniprogram/
 * or any other code of ours. Not even types: what the two sides share is the CloudBase API.
 */
it('nothing under emulator/ imports code from outside emulator/ (packages only)', () => {
  expect(importsLeaving('emulator')).toEqual([]);
});

it('the emulator import check sees every way of importing', () => {
  const probe = [
    "import { calendarDate } from '../cloudfunctions/src/core/time';",
    "import type { Envelope } from '../cloudfunctions/src/contract/envelope';",
    'import {',
    '  type DemoOpenid,',
    "} from '../seed/identities';",
    "export * from '../seed';",
    "import '../scripts/register';",
    "const build = () => import('../scripts/build-functions');",
    "const app = require('../miniprogram/app');",
    "import path from 'node:path';",
  ].join('\n');
  expect(importsIn(probe)).toEqual([
    { specifier: '../cloudfunctions/src/core/time', line: 1 },
    { specifier: '../cloudfunctions/src/contract/envelope', line: 2 },
    { specifier: '../seed/identities', line: 5 },
    { specifier: '../seed', line: 6 },
    { specifier: '../scripts/register', line: 7 },
    { specifier: '../scripts/build-functions', line: 8 },
    { specifier: '../miniprogram/app', line: 9 },
    { specifier: 'node:path', line: 10 },
  ]);
});
