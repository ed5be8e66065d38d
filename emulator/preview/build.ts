import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { ROOT_DIR } from '../env';
import { normalizePath } from './shared';
import type { ComponentEntry, PageEntry, PreviewManifest, TabBarConfig, WindowConfig } from './types';
import { preprocessWxml, unknownTags } from './wxml';
import { translateWxss } from './wxss';

/**
 * Compiles the mini-program for the web preview:
 * - runtime.js: j-component + exparser + the preview runtime (built-ins, wx, router, shell);
 * - app.js: the mini-program's scripts bundled by esbuild, each page/component module wrapped in a
 *   lazy factory (so Page()/Component() calls can be attributed to their file), plus a manifest
 *   with preprocessed WXML, translated WXSS and the .json configuration.
 * Both are cached; app.js is rebuilt when a file under the mini-program root changes.
 */

export const DEFAULT_MINIPROGRAM_ROOT = path.join(ROOT_DIR, 'miniprogram');
const RUNTIME_DIR = path.join(__dirname, 'runtime');
const RUNTIME_ENTRY = path.join(RUNTIME_DIR, 'index.ts');

export interface BuiltAsset {
  js: string;
  map: string;
  /** Content hash, for cache-busting URLs. */
  hash: string;
  durationMs: number;
}

export interface AppBuild extends BuiltAsset {
  manifest?: PreviewManifest;
  /** Compile error (Chinese summary + details) when the mini-program did not build. */
  error?: string;
}

interface RawAppJson {
  pages?: unknown;
  entryPagePath?: unknown;
  subpackages?: unknown;
  subPackages?: unknown;
  window?: unknown;
  tabBar?: unknown;
  usingComponents?: unknown;
}

const hashOf = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 12);

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asStringRecord(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(asRecord(value)).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

const SCRIPT_EXTENSIONS = ['.ts', '.js'];

function scriptFile(base: string): string | undefined {
  return SCRIPT_EXTENSIONS.map((ext) => base + ext).find((f) => existsSync(f));
}

/** Reads the mini-program sources into the manifest the runtime renders from. */
export class ManifestReader {
  readonly warnings: string[] = [];
  /** Every file read, for rebuild checks and the esbuild entry. */
  readonly files = new Set<string>();
  private readonly components: Record<string, ComponentEntry> = {};
  private readonly usedNames = new Set<string>();

  constructor(readonly root: string) {}

  private read(file: string): string | undefined {
    const text = readText(file);
    if (text !== undefined) this.files.add(file);
    return text;
  }

  private readJson(relPath: string): Record<string, unknown> | undefined {
    const file = path.join(this.root, relPath);
    const text = this.read(file);
    if (text === undefined) return undefined;
    try {
      return asRecord(JSON.parse(text));
    } catch (error) {
      this.warnings.push(`${relPath}: JSON 格式错误（${(error as Error).message}）`);
      return {};
    }
  }

  readManifest(): PreviewManifest {
    const app = this.readJson('app.json') as RawAppJson | undefined;
    if (!app) throw new Error(`找不到 ${path.join(this.root, 'app.json')}`);
    const pages = (Array.isArray(app.pages) ? app.pages : []).filter((p): p is string => typeof p === 'string');
    for (const sub of [app.subpackages, app.subPackages].flatMap((s) => (Array.isArray(s) ? s : []))) {
      const { root, pages: subPages } = asRecord(sub);
      if (typeof root !== 'string' || !Array.isArray(subPages)) continue;
      for (const p of subPages) if (typeof p === 'string') pages.push(normalizePath(`${root}/${p}`));
    }
    if (!pages.length) throw new Error('app.json 没有声明任何页面（pages）');
    const window = asRecord(app.window) as WindowConfig;
    const globalUsing = asStringRecord(app.usingComponents);

    const appCssSource = this.read(path.join(this.root, 'app.wxss')) ?? '';
    const appCss = this.translateCss(appCssSource, 'app.wxss', { kind: 'app' });

    const pageEntries: Record<string, PageEntry> = {};
    for (const route of pages) {
      const json = this.readJson(`${route}.json`) ?? {};
      const using = this.resolveUsing({ ...globalUsing, ...asStringRecord(json.usingComponents) }, route);
      const scopeClass = `wxp-${route.replace(/[^A-Za-z0-9]+/g, '-')}`;
      const { template, unknown } = this.readTemplate(route, Object.keys(using));
      const pageWindow: WindowConfig = { ...window };
      for (const [key, value] of Object.entries(json)) {
        if (key !== 'usingComponents' && key !== 'component') pageWindow[key] = value;
      }
      pageEntries[route] = {
        path: route,
        template,
        css: this.translateCss(this.read(path.join(this.root, `${route}.wxss`)) ?? '', `${route}.wxss`, {
          kind: 'page',
          scopeClass,
        }),
        using,
        hasScript: Boolean(scriptFile(path.join(this.root, route))),
        unknownTags: unknown,
        window: pageWindow,
        scopeClass,
      };
    }

    const entry = typeof app.entryPagePath === 'string' ? normalizePath(app.entryPagePath) : pages[0];
    return {
      pages,
      entryPagePath: pages.includes(entry) ? entry : pages[0],
      window,
      tabBar: this.readTabBar(app.tabBar, pages),
      appCss,
      pageEntries,
      componentEntries: this.components,
      warnings: this.warnings,
      builtAt: new Date().toISOString(),
    };
  }

  private readTabBar(raw: unknown, pages: string[]): TabBarConfig | undefined {
    const tabBar = asRecord(raw);
    if (!Array.isArray(tabBar.list) || tabBar.list.length === 0) return undefined;
    const iconUrl = (p: unknown): string | undefined => {
      if (typeof p !== 'string' || !p) return undefined;
      const rel = normalizePath(p);
      return existsSync(path.join(this.root, rel)) ? `/preview/mp/${rel}` : undefined;
    };
    const list = tabBar.list.flatMap((item) => {
      const { pagePath, text, iconPath, selectedIconPath } = asRecord(item);
      if (typeof pagePath !== 'string') return [];
      const route = normalizePath(pagePath);
      if (!pages.includes(route)) this.warnings.push(`app.json tabBar: ${route} 不在 pages 中`);
      return [
        {
          pagePath: route,
          text: typeof text === 'string' ? text : '',
          iconUrl: iconUrl(iconPath),
          selectedIconUrl: iconUrl(selectedIconPath) ?? iconUrl(iconPath),
        },
      ];
    });
    const str = (v: unknown, fallback: string) => (typeof v === 'string' && v ? v : fallback);
    return {
      color: str(tabBar.color, '#7A7E83'),
      selectedColor: str(tabBar.selectedColor, '#07c160'),
      backgroundColor: str(tabBar.backgroundColor, '#f7f7f7'),
      borderStyle: tabBar.borderStyle === 'white' ? 'white' : 'black',
      position: tabBar.position === 'top' ? 'top' : 'bottom',
      custom: tabBar.custom === true,
      list,
    };
  }

  private translateCss(source: string, label: string, scope: Parameters<typeof translateWxss>[1]): string {
    const result = translateWxss(source, scope, {
      file: path.join(this.root, label),
      root: this.root,
      readFile: (f) => this.read(f),
    });
    for (const w of result.warnings) this.warnings.push(w);
    return result.css;
  }

  private readTemplate(modulePath: string, declared: string[]): { template: string; unknown: string[] } {
    const file = path.join(this.root, `${modulePath}.wxml`);
    const source = this.read(file);
    if (source === undefined) {
      this.warnings.push(`${modulePath}.wxml 不存在`);
      return { template: '<block></block>', unknown: [] };
    }
    const result = preprocessWxml(source, { file, root: this.root, readFile: (f) => this.read(f) });
    for (const w of result.warnings) this.warnings.push(w);
    const unknown = unknownTags(result.tags, declared);
    if (unknown.length) {
      this.warnings.push(`${modulePath}.wxml: 未声明的组件 <${unknown.join('>, <')}>（预览中按 view 渲染）`);
    }
    return { template: result.template, unknown };
  }

  /** usingComponents of the module at `fromPath` → tag → resolved component path. */
  private resolveUsing(using: Record<string, string>, fromPath: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [tag, ref] of Object.entries(using)) {
      if (ref.startsWith('plugin://') || ref.startsWith('plugin-private://')) {
        this.warnings.push(`${fromPath}.json: 插件组件 ${tag}（${ref}）在预览中不可用`);
        continue;
      }
      const resolved = this.resolveComponentPath(fromPath, ref);
      if (!resolved) {
        this.warnings.push(`${fromPath}.json: 找不到组件 ${tag}（${ref}）`);
        continue;
      }
      out[tag.toLowerCase()] = resolved;
      this.loadComponent(resolved);
    }
    return out;
  }

  private resolveComponentPath(fromPath: string, ref: string): string | undefined {
    const dir = path.posix.dirname(fromPath);
    const candidates: string[] = [];
    if (ref.startsWith('/')) candidates.push(normalizePath(ref));
    else if (ref.startsWith('.')) candidates.push(normalizePath(`${dir}/${ref}`));
    else candidates.push(normalizePath(`${dir}/${ref}`), `miniprogram_npm/${normalizePath(ref)}`, normalizePath(ref));
    for (const c of candidates) {
      if (existsSync(path.join(this.root, `${c}.json`))) return c;
      if (existsSync(path.join(this.root, c, 'index.json'))) return `${c}/index`;
    }
    return undefined;
  }

  private uniqueName(componentPath: string): string {
    const parts = componentPath.split('/');
    if (parts.length > 1 && parts[parts.length - 1] === 'index') parts.pop();
    const base =
      (parts[parts.length - 1] ?? 'comp')
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'comp';
    let name = base;
    for (let n = 2; this.usedNames.has(name); n += 1) name = `${base}${n}`;
    this.usedNames.add(name);
    return name;
  }

  private loadComponent(componentPath: string): void {
    if (this.components[componentPath]) return;
    const json = this.readJson(`${componentPath}.json`) ?? {};
    const name = this.uniqueName(componentPath);
    const tagName = `wxc-${name}`;
    // Reserve the entry before recursing so cycles terminate.
    const entry: ComponentEntry = {
      path: componentPath,
      template: '<block></block>',
      css: '',
      using: {},
      hasScript: Boolean(scriptFile(path.join(this.root, componentPath))),
      unknownTags: [],
      name,
      tagName,
      styleIsolation: typeof json.styleIsolation === 'string' ? json.styleIsolation : undefined,
    };
    this.components[componentPath] = entry;
    entry.using = this.resolveUsing(asStringRecord(json.usingComponents), componentPath);
    const { template, unknown } = this.readTemplate(componentPath, Object.keys(entry.using));
    entry.template = template;
    entry.unknownTags = unknown;
    entry.css = this.translateCss(
      this.read(path.join(this.root, `${componentPath}.wxss`)) ?? '',
      `${componentPath}.wxss`,
      { kind: 'component', hostTag: tagName },
    );
  }
}

/** The generated entry of app.js: manifest + one lazy factory per page/component module. */
function appEntrySource(root: string, manifest: PreviewManifest): string {
  const lines = [
    '// Generated by emulator/preview/build.ts',
    'const preview = globalThis.__wxPreview;',
    `preview.setManifest(${JSON.stringify(manifest)});`,
  ];
  const define = (key: string, base: string) => {
    const file = scriptFile(path.join(root, base));
    if (file) lines.push(`preview.defineModule(${JSON.stringify(key)}, () => require(${JSON.stringify(file)}));`);
  };
  define('app', 'app');
  for (const route of manifest.pages) define(route, route);
  for (const componentPath of Object.keys(manifest.componentEntries)) define(componentPath, componentPath);
  lines.push('preview.start();');
  return lines.join('\n');
}

/**
 * j-component patches, applied while bundling (its sources are plain CommonJS):
 * - inline `style` rpx: it converts `10rpx` to `10px`; we need the phone's rpx;
 * - ids: exparser writes them to the DOM only when asked, and WXSS `#id` selectors need them;
 * - aria-* attributes: j-component drops attributes that are not properties;
 * - tap bindings (bindtap, catchtap, …) mark their element `wxp-tap` in the DOM, so tools (the
 *   accessibility e2e test) can find what a user can tap.
 */
const J_COMPONENT_PATCHES: { file: string; find: string | RegExp; replace: string }[] = [
  {
    file: path.join('tool', 'utils.js'),
    find: /function transformRpx\(style\) \{[\s\S]*?\n\}/,
    replace:
      'function transformRpx(style) {\n  return globalThis.__wxPreviewRpx ? globalThis.__wxPreviewRpx(style) : style\n}',
  },
  { file: 'componentmanager.js', find: 'writeIdToDOM: false', replace: 'writeIdToDOM: true' },
  {
    // WXML aria-* attributes (aria-role → role) reach the DOM, as in WeChat's accessibility tree.
    file: path.join('render', 'render.js'),
    find: '} else if (/^data-/.test(name)) {',
    replace: [
      '} else if (/^aria-/.test(name) && exparserNode.$$) {',
      "      const attr = name === 'aria-role' ? 'role' : name",
      '      if (value === undefined || value === null || value === false) exparserNode.$$.removeAttribute(attr)',
      '      else exparserNode.$$.setAttribute(attr, String(value))',
      '    } else if (/^data-/.test(name)) {',
    ].join('\n'),
  },
  {
    file: path.join('render', 'render.js'),
    find: '    if (!handler) return\n',
    replace:
      "    if (!handler) return\n    if (name === 'tap' && exparserNode.$$) exparserNode.$$.setAttribute('wxp-tap', '')\n",
  },
];

const jComponentPatches: Plugin = {
  name: 'j-component-patches',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]j-component[\\/]src[\\/].*\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      for (const patch of J_COMPONENT_PATCHES) {
        if (!args.path.endsWith(path.sep + patch.file)) continue;
        const patched = source.replace(patch.find, () => patch.replace);
        // Fail loudly if a j-component upgrade moved the code we patch.
        if (patched === source) throw new Error(`j-component 补丁不再适用：${patch.file}（${String(patch.find)}）`);
        source = patched;
      }
      return { contents: source, loader: 'js' };
    });
  },
};

const BROWSER_TARGET = ['chrome100', 'firefox100', 'safari15'];

async function bundle(options: {
  entry: { path: string } | { contents: string; resolveDir: string };
  plugins?: Plugin[];
  name: string;
  /** Paths in messages and source maps are relative to this directory. */
  workingDir: string;
}): Promise<{ js: string; map: string; inputs: string[] }> {
  const result = await build({
    absWorkingDir: options.workingDir,
    ...('path' in options.entry
      ? { entryPoints: [options.entry.path] }
      : {
          stdin: { contents: options.entry.contents, resolveDir: options.entry.resolveDir, sourcefile: 'app-entry.js' },
        }),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: BROWSER_TARGET,
    outfile: `/preview/${options.name}.js`,
    sourcemap: 'linked',
    define: { global: 'globalThis', 'process.env.NODE_ENV': '"development"' },
    loader: { '.css': 'text', '.wxs': 'text' },
    logLevel: 'silent',
    legalComments: 'none',
    plugins: options.plugins,
    metafile: true,
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))?.text ?? '';
  const inputs = Object.keys(result.metafile?.inputs ?? {})
    .filter((f) => !f.startsWith('<') && !f.includes('node_modules'))
    .map((f) => path.resolve(options.workingDir, f));
  return { js, map, inputs };
}

/** Lists files under `dir` with their mtime and size (a cheap change signature). */
function signature(dirs: string[], extraFiles: Iterable<string>): string {
  const lines: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        try {
          const st = statSync(full);
          lines.push(`${full}:${st.mtimeMs}:${st.size}`);
        } catch {
          // Deleted while walking: the next check sees it.
        }
      }
    }
  };
  for (const dir of dirs) walk(dir);
  for (const file of extraFiles) {
    try {
      const st = statSync(file);
      lines.push(`${file}:${st.mtimeMs}:${st.size}`);
    } catch {
      lines.push(`${file}:missing`);
    }
  }
  return hashOf(lines.sort().join('\n'));
}

function formatBuildError(error: unknown): string {
  const failure = error as {
    errors?: { text: string; location?: { file: string; line: number; column: number; lineText: string } }[];
  };
  if (Array.isArray(failure.errors) && failure.errors.length) {
    return failure.errors
      .map((e) => {
        const at = e.location
          ? `${e.location.file}:${e.location.line}:${e.location.column}\n    ${e.location.lineText}\n`
          : '';
        return `${at}${e.text}`;
      })
      .join('\n\n');
  }
  return error instanceof Error ? error.message : String(error);
}

export interface PreviewBuilderOptions {
  /** Mini-program root (default: <repo>/miniprogram). */
  root?: string;
  /** Minimum ms between change checks (default 250). */
  checkIntervalMs?: number;
}

export class PreviewBuilder {
  readonly root: string;
  private runtimeBuild?: Promise<BuiltAsset>;
  private runtimeSignature = '';
  private appBuild?: Promise<AppBuild>;
  private appSignature = '';
  private appInputs: string[] = [];
  private lastCheck = 0;
  private readonly checkIntervalMs: number;

  constructor(options: PreviewBuilderOptions = {}) {
    this.root = path.resolve(options.root ?? DEFAULT_MINIPROGRAM_ROOT);
    this.checkIntervalMs = options.checkIntervalMs ?? 250;
  }

  /** j-component + the preview runtime; rebuilt only when runtime/ changes. */
  runtime(): Promise<BuiltAsset> {
    const sig = signature([RUNTIME_DIR], [path.join(__dirname, 'shared.ts')]);
    if (!this.runtimeBuild || sig !== this.runtimeSignature) {
      this.runtimeSignature = sig;
      const started = performance.now();
      this.runtimeBuild = bundle({
        entry: { path: RUNTIME_ENTRY },
        plugins: [jComponentPatches],
        name: 'runtime',
        workingDir: ROOT_DIR,
      }).then(({ js, map }) => ({ js, map, hash: hashOf(js), durationMs: Math.round(performance.now() - started) }));
      this.runtimeBuild.catch(() => {
        this.runtimeBuild = undefined;
      });
    }
    return this.runtimeBuild;
  }

  /** The mini-program bundle; a failed build resolves with `error` set (shown in the preview). */
  app(): Promise<AppBuild> {
    const now = Date.now();
    if (this.appBuild && now - this.lastCheck < this.checkIntervalMs) return this.appBuild;
    this.lastCheck = now;
    const sig = signature([this.root], this.appInputs);
    if (!this.appBuild || sig !== this.appSignature) {
      this.appSignature = sig;
      this.appBuild = this.buildApp();
    }
    return this.appBuild;
  }

  private async buildApp(): Promise<AppBuild> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let manifest: PreviewManifest | undefined;
    try {
      const reader = new ManifestReader(this.root);
      manifest = reader.readManifest();
      const { js, map, inputs } = await bundle({
        entry: { contents: appEntrySource(this.root, manifest), resolveDir: this.root },
        name: 'app',
        workingDir: this.root,
      });
      // Files outside the root (shared typings, pure core modules) also trigger a rebuild.
      this.appInputs = [...new Set([...reader.files, ...inputs])].filter((f) => !f.startsWith(this.root + path.sep));
      return { js, map, hash: hashOf(js), durationMs: elapsed(), manifest };
    } catch (error) {
      const message = `小程序编译失败：\n${formatBuildError(error)}`;
      const js = `globalThis.__wxPreview && globalThis.__wxPreview.buildFailed(${JSON.stringify(message)});`;
      return { js, map: '', hash: hashOf(js), durationMs: elapsed(), manifest, error: message };
    }
  }
}
