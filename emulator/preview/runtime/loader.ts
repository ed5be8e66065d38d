import * as jComponent from 'j-component';
import { CLASS_PREFIX_TOKEN } from '../shared';
import type { ComponentEntry, PageEntry } from '../types';
import { createSelectorQuery } from './selector-query';
import { manifest, reportError } from './state';

/**
 * Runs the mini-program's modules and turns their Page() / Component() / App() calls into
 * j-component registrations. Each page/component module is a lazy factory in app.js; while one
 * runs, `loading` says which file it is, so `Component({...})` knows its template and styles.
 */

type Definition = Record<string, unknown>;

const factories = new Map<string, () => unknown>();
/** Module path → j-component id, once registered. */
const registered = new Map<string, string>();
let loading: { kind: 'page' | 'component' | 'app'; path: string; done: boolean } | null = null;

export let appInstance: Record<string, unknown> = {};

export function defineModule(path: string, factory: () => unknown): void {
  factories.set(path, factory);
}

function deepClone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(deepClone) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = deepClone(v);
  return out as T;
}

const styleElements = new Map<string, HTMLStyleElement>();

export function injectCss(key: string, css: string): void {
  let el = styleElements.get(key);
  if (!el) {
    el = document.createElement('style');
    el.dataset.wxss = key;
    document.head.append(el);
    styleElements.set(key, el);
  }
  el.textContent = css;
}

function runModule(kind: 'page' | 'component' | 'app', path: string): boolean {
  const factory = factories.get(path);
  if (!factory) return false;
  const previous = loading;
  loading = { kind, path, done: false };
  try {
    factory();
    return loading.done;
  } catch (error) {
    reportError(`${path} 脚本执行出错`, error);
    return loading.done;
  } finally {
    loading = previous;
  }
}

/** usingComponents tag → component id, registering the components first (children before parents). */
function usingIds(entry: PageEntry | ComponentEntry): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const [tag, componentPath] of Object.entries(entry.using)) ids[tag] = ensureComponent(componentPath);
  // Undeclared tags render as views rather than failing the whole template.
  for (const tag of entry.unknownTags) ids[tag] = 'view';
  return ids;
}

/** Wraps `created` so instances get the preview's selector query and per-instance extras. */
function withCreated(definition: Definition, extra?: (instance: ComponentInstance) => void): Definition {
  const lifetimes = { ...((definition.lifetimes as Definition | undefined) ?? {}) };
  const original = (lifetimes.created ?? definition.created) as ((this: ComponentInstance) => void) | undefined;
  lifetimes.created = function (this: ComponentInstance) {
    this.createSelectorQuery = () => createSelectorQuery(this);
    extra?.(this);
    original?.call(this);
  };
  return { ...definition, created: undefined, lifetimes };
}

function relationsById(definition: Definition, ownPath: string): Record<string, Definition> | undefined {
  const relations = definition.relations as Record<string, Definition> | undefined;
  if (!relations) return undefined;
  const out: Record<string, Definition> = {};
  for (const [key, value] of Object.entries(relations)) {
    const base = ownPath.split('/').slice(0, -1);
    const target = key.startsWith('/') ? key.slice(1) : [...base, key].join('/');
    const normalized = target.split('/').reduce<string[]>((acc, seg) => {
      if (seg === '..') acc.pop();
      else if (seg && seg !== '.') acc.push(seg);
      return acc;
    }, []);
    const id = componentIdOf(normalized.join('/'));
    out[id ?? key] = { ...value, target: id };
  }
  return out;
}

function componentIdOf(path: string): string | undefined {
  const entries = manifest().componentEntries;
  return entries[path]?.tagName ?? entries[`${path}/index`]?.tagName;
}

function registerComponent(entry: ComponentEntry, definition: Definition): void {
  const options = (definition.options as Definition | undefined) ?? {};
  const isolation =
    (typeof options.styleIsolation === 'string' && options.styleIsolation) ||
    entry.styleIsolation ||
    (options.addGlobalClass ? 'apply-shared' : 'isolated');
  // Shared styles: the component's classes stay unprefixed so page and app rules reach them.
  const prefix = isolation === 'isolated' ? entry.name : '';
  injectCss(`component:${entry.path}`, entry.css.split(CLASS_PREFIX_TOKEN).join(prefix ? `${prefix}--` : ''));
  const id = entry.tagName;
  registered.set(entry.path, id);
  jComponent.register({
    ...withCreated(definition),
    id,
    tagName: entry.tagName,
    path: entry.path,
    template: entry.template,
    usingComponents: usingIds(entry),
    relations: relationsById(definition, entry.path),
    options: { ...options, classPrefix: prefix },
  });
}

export function ensureComponent(path: string): string {
  const existing = registered.get(path);
  if (existing) return existing;
  const entry = manifest().componentEntries[path];
  if (!entry) throw new Error(`找不到组件 ${path}`);
  // Reserve the id first: recursive components (a tree node using itself) must not loop.
  registered.set(path, entry.tagName);
  try {
    if (!runModule('component', path)) registerComponent(entry, {});
  } catch (error) {
    registered.delete(path);
    throw error;
  }
  return entry.tagName;
}

/**
 * Page({...}) as a component: data stays data, every function becomes a method (lifecycle
 * callbacks included, the router calls them), other fields are copied onto each instance.
 */
export function pageToComponent(definition: Definition): Definition {
  const methods: Record<string, unknown> = {};
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(definition)) {
    if (key === 'data' || key === 'behaviors' || key === 'options') continue;
    if (typeof value === 'function') methods[key] = value;
    else extras[key] = value;
  }
  return withCreated(
    {
      data: deepClone((definition.data as Definition | undefined) ?? {}),
      methods,
      behaviors: definition.behaviors,
      options: definition.options,
    },
    (instance) => Object.assign(instance, deepClone(extras)),
  );
}

function registerPage(entry: PageEntry, definition: Definition): void {
  injectCss(`page:${entry.path}`, entry.css);
  const id = `wxp:${entry.path}`;
  registered.set(entry.path, id);
  const options = (definition.options as Definition | undefined) ?? {};
  jComponent.register({
    ...definition,
    id,
    tagName: 'wx-page',
    path: entry.path,
    template: entry.template,
    usingComponents: usingIds(entry),
    options: { ...options, multipleSlots: true, classPrefix: '' },
  });
}

/** The j-component id of a page, running its module on first use. */
export function ensurePage(route: string): string {
  const existing = registered.get(route);
  if (existing) return existing;
  const entry = manifest().pageEntries[route];
  if (!entry) throw new Error(`页面 ${route} 不存在（未在 app.json 的 pages 中声明）`);
  if (!runModule('page', route)) registerPage(entry, pageToComponent({}));
  const id = registered.get(route);
  if (!id) throw new Error(`页面 ${route} 注册失败`);
  return id;
}

function PageShim(definition: Definition = {}): void {
  if (!loading || loading.kind !== 'page' || loading.done) {
    reportError('Page()', new Error('Page() 只能在页面的脚本里调用一次'));
    return;
  }
  loading.done = true;
  registerPage(manifest().pageEntries[loading.path], pageToComponent(definition));
}

function ComponentShim(definition: Definition = {}): void {
  if (!loading || loading.kind === 'app' || loading.done) {
    reportError('Component()', new Error('Component() 只能在组件或页面的脚本里调用一次'));
    return;
  }
  loading.done = true;
  const m = manifest();
  if (loading.kind === 'page') {
    // A page built with Component(): its methods hold onLoad/onShow…, properties receive the query.
    registerPage(m.pageEntries[loading.path], withCreated(definition));
  } else {
    registerComponent(m.componentEntries[loading.path], definition);
  }
}

function AppShim(definition: Definition = {}): void {
  if (!loading || loading.kind !== 'app') {
    reportError('App()', new Error('App() 只能在 app.ts 中调用'));
    return;
  }
  loading.done = true;
  appInstance = definition;
}

/** Runs app.ts (App() registers the app instance). */
export function loadApp(): void {
  runModule('app', 'app');
}

export function installGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  g.Page = PageShim;
  g.Component = ComponentShim;
  g.App = AppShim;
  g.Behavior = (definition: Definition) => jComponent.behavior(definition);
  g.getApp = () => appInstance;
  // WXS globals used by inline <wxs> modules.
  g.getRegExp = (pattern: string, flags?: string) => new RegExp(pattern, flags);
  g.getDate = (...args: unknown[]) => (args.length ? new Date(...(args as [number])) : new Date());
}
