/**
 * Renders a mini-program page or component from miniprogram/ with miniprogram-simulate and wraps
 * the result with the few actions tests need (tap, input, read text). Each render loads the code in
 * jest.isolateModules: the simulator only registers a path once per module registry, and a fresh
 * registry also gives every render its own services (session cache, privacy broker).
 */
import path from 'node:path';
import simulate from 'miniprogram-simulate';
import { setNextPage } from './page-shim';

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../../miniprogram');

type SimComponent = ReturnType<typeof simulate.render>;
type Node = {
  dom: HTMLElement;
  dispatchEvent(name: string, options?: object): void;
  instance: Record<string, any>;
  data: Record<string, any>;
};

/** Lets awaited mocks and the setData that follows them run (microtasks only, so fake timers are fine). */
export async function flush(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

function load(relativePath: string): string {
  let id = '';
  jest.isolateModules(() => {
    id = simulate.load(path.join(MINIPROGRAM_ROOT, relativePath), { rootPath: MINIPROGRAM_ROOT, compiler: 'simulate' });
  });
  if (!id) throw new Error(`could not load ${relativePath}`);
  return id;
}

export class View {
  constructor(readonly root: SimComponent) {}

  get instance(): Record<string, any> {
    return (this.root as unknown as Node).instance;
  }

  get data(): Record<string, any> {
    return (this.root as unknown as Node).data;
  }

  /** Text as a user reads it (whitespace collapsed), of the whole view or the first match. */
  text(selector?: string): string {
    const el = selector ? this.dom(selector) : (this.root as unknown as Node).dom;
    return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  /** All matches' texts. */
  texts(selector: string): string[] {
    return this.doms(selector).map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());
  }

  dom(selector: string): HTMLElement | null {
    return this.doms(selector)[0] ?? null;
  }

  /**
   * Elements by class, optionally nested (".row_phone .row__value"). The simulator prefixes classes
   * per component ("main--card", "state-view--state-retry"), so `.card` matches any prefix.
   */
  doms(selector: string): HTMLElement[] {
    const names = selector
      .trim()
      .split(/\s+/)
      .map((part) => {
        const match = /^\.([\w-]+)$/.exec(part);
        if (!match) throw new Error(`only class selectors are supported, got ${selector}`);
        return match[1];
      });
    const hasClass = (el: Element, name: string) =>
      Array.from(el.classList).some((c) => c === name || c.endsWith(`--${name}`));
    let scopes: Element[] = [(this.root as unknown as Node).dom];
    for (const name of names) {
      const found = new Set<Element>();
      for (const scope of scopes)
        for (const el of Array.from(scope.querySelectorAll('*'))) if (hasClass(el, name)) found.add(el);
      scopes = [...found];
    }
    return scopes as HTMLElement[];
  }

  has(selector: string): boolean {
    return this.dom(selector) !== null;
  }

  /**
   * The simulator node (for events) of the first match. Selectors work inside one component's
   * template, as selectComponent does; reach into a child component with `#child >>> .inner`.
   */
  node(selector: string): Node {
    type Searchable = { querySelector(s: string): (Node & Searchable) | undefined };
    let scope = this.root as unknown as Searchable;
    for (const step of selector.split('>>>').map((s) => s.trim())) {
      const found = scope.querySelector(step);
      if (!found) throw new Error(`no node matches ${step} (in ${selector})`);
      scope = found;
    }
    return scope as unknown as Node;
  }

  /** Listens to an event the rendered component triggers (triggerEvent). */
  on(event: string, handler: (e: { detail: unknown }) => void): void {
    (
      this.root as unknown as { addEventListener(n: string, h: (e: { detail: unknown }) => void): void }
    ).addEventListener(event, handler);
  }

  /** Fires a page lifetime (show, hide) on the component and its descendants, as WeChat does. */
  pageLifetime(name: 'show' | 'hide'): void {
    (this.root as unknown as { triggerPageLifeTime(n: string): void }).triggerPageLifeTime(name);
  }

  /** The WXML id of a node (the simulator does not copy ids to the DOM). */
  idOf(selector: string): string {
    return (this.node(selector) as unknown as { _exparserNode: { id: string } })._exparserNode.id;
  }

  /** All nodes matching a selector inside one component's template (see node()). */
  nodes(selector: string): Node[] {
    const parts = selector.split('>>>').map((s) => s.trim());
    const last = parts.pop()!;
    const scope = parts.length ? this.node(parts.join(' >>> ')) : this.root;
    return (scope as unknown as { querySelectorAll(s: string): Node[] }).querySelectorAll(last);
  }

  /** Taps the index-th match, as a user would, and lets the handler's awaits settle. */
  async tap(selector: string, index = 0): Promise<void> {
    const target = this.nodes(selector)[index];
    if (!target) throw new Error(`no node #${index} matches ${selector}`);
    target.dispatchEvent('tap');
    await flush();
  }

  async input(selector: string, value: string): Promise<void> {
    this.node(selector).dispatchEvent('input', { detail: { value } });
    await flush();
  }

  async trigger(selector: string, event: string, detail: object = {}): Promise<void> {
    this.node(selector).dispatchEvent(event, { detail });
    await flush();
  }

  private detached = false;

  detach(): void {
    if (this.detached) return;
    this.detached = true;
    (this.root as unknown as { detach(): void }).detach();
  }
}

const mounted: View[] = [];

// Detach whatever a test rendered, so timers (countdowns) and privacy registrations end with it.
afterEach(() => {
  for (const view of mounted.splice(0)) view.detach();
});

export async function renderComponent(relativePath: string, properties?: Record<string, unknown>): Promise<View> {
  const root = simulate.render(load(relativePath), properties);
  root.attach(document.createElement('parent-wrapper'));
  const view = new View(root);
  mounted.push(view);
  await flush();
  return view;
}

/** Renders a page as WeChat opens it: onLoad(query), onShow, onReady. */
export async function renderPage(route: string, query: Record<string, string> = {}): Promise<View> {
  setNextPage(route, query);
  return renderComponent(route);
}
