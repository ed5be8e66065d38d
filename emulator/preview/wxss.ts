import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLASS_PREFIX_TOKEN, findStringEnd, isBuiltinTag, rpxToCss } from './shared';

/**
 * WXSS → browser CSS for the web preview.
 *
 * - `rpx` becomes `calc(n * var(--rpx))`; the phone screen sets `--rpx` to its width / 750.
 * - Built-in tag selectors (`view`, `button`, …) become `wx-view`, `wx-button`: the preview's
 *   built-in components render as those custom elements.
 * - `page` becomes the page's root element `wx-page`.
 * - Scoping follows WeChat's style isolation, the way j-component renders it:
 *   app.wxss is global; a page's rules only apply under its root (`.wxp-<route>`); a component's
 *   classes carry its class prefix (exparser writes `class="x"` as `prefix--x` inside the
 *   component), left as a token the runtime fills in once it knows the component's isolation.
 * - `@import "x.wxss"` (relative, or `/`-absolute from the mini-program root) is inlined.
 */

export type WxssScope = { kind: 'app' } | { kind: 'page'; scopeClass: string } | { kind: 'component'; hostTag: string };

export { CLASS_PREFIX_TOKEN };

export interface WxssOptions {
  /** Absolute path of the source file: @import is resolved from it. */
  file?: string;
  /** Mini-program root, for `/`-absolute imports. */
  root?: string;
  /** Reads an imported file (absolute path); undefined when missing. Default: the file system. */
  readFile?: (absPath: string) => string | undefined;
}

export interface WxssResult {
  css: string;
  /** Every file read (the source's imports, recursively), for rebuild checks. */
  imports: string[];
  warnings: string[];
}

const GROUPING_AT_RULES = new Set(['media', 'supports', 'document', 'container', 'layer', '-moz-document']);
const KEYFRAMES_AT_RULES = new Set(['keyframes', '-webkit-keyframes', '-moz-keyframes']);
/** Pseudo-classes whose argument is a selector list (translated like the outer selector). */
const SELECTOR_PSEUDOS = new Set(['not', 'is', 'where', 'has', 'matches', '-webkit-any']);

function defaultReadFile(absPath: string): string | undefined {
  try {
    return readFileSync(absPath, 'utf8');
  } catch {
    return undefined;
  }
}

export function translateWxss(source: string, scope: WxssScope, options: WxssOptions = {}): WxssResult {
  const imports: string[] = [];
  const warnings: string[] = [];
  const readFile = options.readFile ?? defaultReadFile;
  const importing = new Set<string>(options.file ? [path.resolve(options.file)] : []);

  const resolveImport = (spec: string, fromFile: string | undefined): string | undefined => {
    if (spec.startsWith('/')) return options.root ? path.join(options.root, spec) : undefined;
    if (!fromFile) return undefined;
    return path.resolve(path.dirname(fromFile), spec);
  };

  const translateSheet = (text: string, file: string | undefined): string => {
    const where = file ? path.basename(file) : 'wxss';
    const onImport = (spec: string): string => {
      const target = resolveImport(spec, file);
      const label = `${where}: @import "${spec}"`;
      if (!target) {
        warnings.push(`${label} 无法解析`);
        return '';
      }
      if (importing.has(target)) {
        warnings.push(`${label} 循环引用，已忽略`);
        return '';
      }
      const content = readFile(target);
      if (content === undefined) {
        warnings.push(`${label} 文件不存在`);
        return '';
      }
      imports.push(target);
      importing.add(target);
      try {
        return translateSheet(content, target);
      } finally {
        importing.delete(target);
      }
    };
    return translateStatements(stripComments(text), scope, onImport);
  };

  const css = translateSheet(source, options.file ? path.resolve(options.file) : undefined);
  return { css, imports, warnings };
}

/** Removes `/* … *\/` comments, keeping strings intact. */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const end = findStringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** Scans to the next top-level `{`, `;` or `}` from `start`; returns its index (or text.length). */
function scanToDelimiter(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      i = findStringEnd(text, i);
      continue;
    }
    if (ch === '(' || ch === '[') depth += 1;
    else if ((ch === ')' || ch === ']') && depth > 0) depth -= 1;
    else if (depth === 0 && (ch === '{' || ch === ';' || ch === '}')) return i;
    i += 1;
  }
  return text.length;
}

/**
 * Index of the closing bracket matching the opening one at `open` (skipping quoted strings), or
 * text.length when unbalanced.
 */
function findClosing(text: string, open: number, openCh: string, closeCh: string): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      i = findStringEnd(text, i);
      continue;
    }
    if (ch === openCh) depth += 1;
    else if (ch === closeCh) {
      depth -= 1;
      if (depth === 0) return i;
    }
    i += 1;
  }
  return text.length;
}

/** Index of the `}` matching the `{` at `open` (or text.length when unbalanced). */
const findBlockEnd = (text: string, open: number): number => findClosing(text, open, '{', '}');

/** Index just past the `)` matching the `(` at `open` (or text.length when unbalanced). */
const findParenEnd = (text: string, open: number): number =>
  Math.min(findClosing(text, open, '(', ')') + 1, text.length);

const IMPORT_RE = /^@import\s+(?:url\(\s*)?(["'])(.*?)\1\s*\)?\s*[^;]*$/i;

function translateStatements(text: string, scope: WxssScope, onImport: (spec: string) => string): string {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const stop = scanToDelimiter(text, i);
    const prelude = text.slice(i, stop).trim();
    const delimiter = text[stop];
    if (delimiter === ';' || delimiter === undefined) {
      const imported = IMPORT_RE.exec(prelude);
      if (imported) out.push(onImport(imported[2]));
      else if (/^@charset/i.test(prelude)) {
        // The preview serves UTF-8; a nested @charset would be invalid anyway.
      } else if (prelude.startsWith('@')) out.push(`${prelude};`);
      i = stop + 1;
      continue;
    }
    if (delimiter === '}') {
      // Stray closing brace: skip it like a browser would.
      i = stop + 1;
      continue;
    }
    const end = findBlockEnd(text, stop);
    const body = text.slice(stop + 1, end);
    i = end + 1;
    if (prelude.startsWith('@')) {
      const name = /^@([-\w]+)/.exec(prelude)?.[1]?.toLowerCase() ?? '';
      if (GROUPING_AT_RULES.has(name)) {
        // var() is not allowed in media queries: rpx there is taken at the preview's 375 px width.
        const query = prelude.replace(/(-?(?:\d+\.?\d*|\.\d+))rpx\b/g, (_m, n: string) => `${Number(n) / 2}px`);
        out.push(`${query}{${translateStatements(body, scope, onImport)}}`);
      } else if (KEYFRAMES_AT_RULES.has(name)) {
        out.push(`${prelude}{${translateKeyframes(body)}}`);
      } else {
        out.push(`${prelude}{${translateDeclarations(body)}}`);
      }
      continue;
    }
    const selectors = translateSelectorList(prelude, scope);
    if (selectors) out.push(`${selectors}{${translateDeclarations(body)}}`);
  }
  return out.filter(Boolean).join('\n');
}

function translateDeclarations(body: string): string {
  return rpxToCss(body.trim());
}

function translateKeyframes(body: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf('{', i);
    if (open < 0) break;
    const end = findBlockEnd(body, open);
    out.push(`${body.slice(i, open).trim()}{${translateDeclarations(body.slice(open + 1, end))}}`);
    i = end + 1;
  }
  return out.join('');
}

/** Splits on top-level commas (not inside parentheses, brackets or strings). */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      i = findStringEnd(text, i);
      continue;
    }
    if (ch === '(' || ch === '[') depth += 1;
    else if ((ch === ')' || ch === ']') && depth > 0) depth -= 1;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    i += 1;
  }
  parts.push(text.slice(start));
  return parts;
}

export function translateSelectorList(list: string, scope: WxssScope): string {
  return splitTopLevel(list, ',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => translateSelector(s, scope, true))
    .join(',');
}

/** Length of the CSS identifier at `start` (escapes and non-ASCII included), 0 if none. */
function identLength(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') i += 2;
    else if (/[\w-]/.test(ch) || ch.charCodeAt(0) > 0x7f) i += 1;
    else break;
  }
  return i - start;
}

/**
 * Translates one complex selector. `outer` is false inside `:not()` and friends, where page
 * scoping must not be added again.
 */
function translateSelector(selector: string, scope: WxssScope, outer: boolean): string {
  let out = '';
  let i = 0;
  let compoundStart = true;
  let startsWithPage = false;
  let first = true;
  while (i < selector.length) {
    const ch = selector[i];
    if (/\s/.test(ch) || ch === '>' || ch === '+' || ch === '~') {
      // Combinators: normalise whitespace around them.
      let j = i;
      let combinator = '';
      while (j < selector.length && /[\s>+~]/.test(selector[j])) {
        if (!/\s/.test(selector[j])) combinator = selector[j];
        j += 1;
      }
      out += combinator ? ` ${combinator} ` : ' ';
      i = j;
      compoundStart = true;
      first = false;
      continue;
    }
    if (ch === '[') {
      const end = selector.indexOf(']', i);
      const stop = end < 0 ? selector.length : end + 1;
      out += selector.slice(i, stop);
      i = stop;
      compoundStart = false;
      continue;
    }
    if (ch === '.') {
      const len = identLength(selector, i + 1);
      const name = selector.slice(i + 1, i + 1 + len);
      out += scope.kind === 'component' ? `.${CLASS_PREFIX_TOKEN}${name}` : `.${name}`;
      i += 1 + len;
      compoundStart = false;
      continue;
    }
    if (ch === '#') {
      const len = identLength(selector, i + 1);
      out += selector.slice(i, i + 1 + len);
      i += 1 + len;
      compoundStart = false;
      continue;
    }
    if (ch === ':') {
      const colons = selector[i + 1] === ':' ? 2 : 1;
      const len = identLength(selector, i + colons);
      const name = selector.slice(i + colons, i + colons + len).toLowerCase();
      let j = i + colons + len;
      let args: string | undefined;
      if (selector[j] === '(') {
        const end = findParenEnd(selector, j);
        args = selector.slice(j + 1, end - 1);
        j = end;
      }
      if (colons === 1 && name === 'host' && scope.kind === 'component') {
        out += scope.hostTag + (args ? args.trim() : '');
      } else if (colons === 1 && args !== undefined && SELECTOR_PSEUDOS.has(name)) {
        const inner = splitTopLevel(args, ',')
          .map((s) => translateSelector(s.trim(), scope, false))
          .join(',');
        out += `:${selector.slice(i + 1, i + 1 + len)}(${inner})`;
      } else {
        out += selector.slice(i, j);
      }
      i = j;
      compoundStart = false;
      continue;
    }
    if (ch === '*') {
      out += ch;
      i += 1;
      compoundStart = false;
      continue;
    }
    const len = identLength(selector, i);
    if (len > 0) {
      const name = selector.slice(i, i + len);
      const lower = name.toLowerCase();
      if (compoundStart && lower === 'page') {
        out += 'wx-page';
        if (first && outer && scope.kind === 'page') {
          out += `.${scope.scopeClass}`;
          startsWithPage = true;
        }
      } else if (compoundStart && isBuiltinTag(lower)) {
        out += `wx-${lower}`;
      } else {
        out += name;
      }
      i += len;
      compoundStart = false;
      continue;
    }
    out += ch;
    i += 1;
  }
  out = out.trim();
  if (outer && scope.kind === 'page' && !startsWithPage) return `.${scope.scopeClass} ${out}`;
  return out;
}
