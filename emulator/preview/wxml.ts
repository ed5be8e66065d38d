import path from 'node:path';
import { isBuiltinTag } from './shared';

/**
 * Build-time WXML preprocessing for j-component, whose template compiler takes one string and
 * knows nothing about files: `<include src>` and `<wxs src>` are inlined here, `model:` two-way
 * bindings become a value plus a marker the runtime's built-ins honour. `<import>` /
 * `<template is>` are not supported by j-component; they are reported as warnings.
 */

export interface WxmlOptions {
  /** Absolute path of the .wxml file. */
  file: string;
  /** Mini-program root, for `/`-absolute src. */
  root: string;
  readFile: (absPath: string) => string | undefined;
}

export interface WxmlResult {
  template: string;
  /** Files inlined (for rebuild checks). */
  files: string[];
  warnings: string[];
  /** Lower-case tag names used in the template (after inlining). */
  tags: string[];
}

/** Tags j-component handles itself, and HTML tags it renders natively. */
const STRUCTURAL_TAGS = new Set(['block', 'template', 'import', 'include', 'slot', 'wxs']);

function resolveSrc(src: string, fromFile: string, root: string): string {
  return src.startsWith('/') ? path.join(root, src) : path.resolve(path.dirname(fromFile), src);
}

function attrValue(attrs: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Removes what WeChat's include leaves out: `<template name>` definitions and `<wxs>` modules. */
function stripForInclude(wxml: string): string {
  return wxml
    .replace(/<template\s[^>]*\bname\s*=[^>]*>[\s\S]*?<\/template>/g, '')
    .replace(/<wxs\b[^>]*\/>/g, '')
    .replace(/<wxs\b[^>]*>[\s\S]*?<\/wxs>/g, '');
}

export function preprocessWxml(source: string, options: WxmlOptions): WxmlResult {
  const files: string[] = [];
  const warnings: string[] = [];
  const rel = (file: string) => path.relative(options.root, file);

  const inline = (text: string, file: string, depth: number): string => {
    let out = text.replace(/<!--[\s\S]*?-->/g, '');
    out = out.replace(/<include\s+([^>]*?)\/?>(?:\s*<\/include>)?/g, (_all, attrs: string) => {
      const src = attrValue(attrs, 'src');
      if (!src) return '';
      const target = resolveSrc(src, file, options.root);
      if (depth > 8) {
        warnings.push(`${rel(file)}: <include src="${src}"> 嵌套过深，已忽略`);
        return '';
      }
      const content = options.readFile(target);
      if (content === undefined) {
        warnings.push(`${rel(file)}: <include src="${src}"> 文件不存在`);
        return '';
      }
      files.push(target);
      return inline(stripForInclude(content), target, depth + 1);
    });
    out = out.replace(/<wxs\s+([^>]*?)\/?>(?:\s*<\/wxs>)?/g, (all, attrs: string) => {
      const src = attrValue(attrs, 'src');
      if (!src) return all;
      const moduleName = attrValue(attrs, 'module') ?? '';
      const target = resolveSrc(src, file, options.root);
      const content = options.readFile(target);
      if (content === undefined) {
        warnings.push(`${rel(file)}: <wxs src="${src}"> 文件不存在`);
        return '';
      }
      files.push(target);
      if (/\brequire\s*\(/.test(content)) {
        warnings.push(`${rel(file)}: ${src} 中的 require() 在预览中不可用`);
      }
      return `<wxs module="${moduleName}">${content}</wxs>`;
    });
    return out;
  };

  let template = inline(source, options.file, 0);

  // model:value="{{a.b}}" → value="{{a.b}}" data-wxp-model="value:a.b" (the built-in writes back).
  template = template.replace(
    /\bmodel:([\w-]+)\s*=\s*(["'])\{\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*)\s*\}\}\2/g,
    (_all, prop: string, quote: string, expr: string) =>
      `${prop}=${quote}{{${expr}}}${quote} data-wxp-model=${quote}${prop}:${expr}${quote}`,
  );

  if (/<import\b/.test(template) || /<template\s[^>]*\bis\s*=/.test(template)) {
    warnings.push(`${rel(options.file)}: <import> / <template is> 在预览中不渲染，请改用自定义组件`);
  }

  const tags = new Set<string>();
  // Skip <wxs> bodies: their `<` comparisons are not tags.
  const scannable = template.replace(/<wxs\b[^>]*>[\s\S]*?<\/wxs>/g, '');
  for (const match of scannable.matchAll(/<([A-Za-z][\w-]*)/g)) tags.add(match[1].toLowerCase());
  return { template: template.trim() || '<block></block>', files, warnings, tags: [...tags] };
}

/** Tags a template uses that are neither built-in, structural, HTML nor declared components. */
export function unknownTags(tags: string[], declared: Iterable<string>): string[] {
  const known = new Set(declared);
  return tags.filter((t) => !isBuiltinTag(t) && !STRUCTURAL_TAGS.has(t) && !known.has(t) && !HTML_TAGS.has(t));
}

// j-component renders these as plain DOM elements (its own list).
const HTML_TAGS = new Set(
  'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col colgroup data datalist dd del dfn div dl dt em embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd keygen label legend li link main map mark meta meter nav noscript object ol optgroup option output p param pre progress q rb rp rt rtc ruby s samp script section select small source span strong style sub sup table tbody td template textarea tfoot th thead time title tr track u ul var video wbr'.split(
    ' ',
  ),
);
