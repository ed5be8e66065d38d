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
