import * as exparser from 'miniprogram-exparser';
import { topPage } from './state';

/**
 * wx.createSelectorQuery / this.createSelectorQuery, enough for layout measurements: select /
 * selectAll / selectViewport, boundingClientRect, scrollOffset, fields, node. Rects are relative to
 * the page's viewport (below the navigation bar), as in WeChat.
 */

type Callback = (result: unknown) => void;

interface Request {
  kind: 'one' | 'all' | 'viewport';
  selector: string;
  fields: Record<string, unknown>;
  callback?: Callback;
}

/** Class selectors inside a component carry its prefix in the DOM (`.x` → `.prefix--x`). */
function translateSelector(selector: string, prefix: string): string {
  if (!prefix) return selector;
  return selector.replace(/\.(-?[_a-zA-Z][\w-]*)/g, `.${prefix}--$1`);
}

function scopeOf(component?: ComponentInstance): { root: Element | null; prefix: string } {
  if (component?._exparserNode?.$$) {
    const options = exparser.Component.getComponentOptions(component._exparserNode);
    return { root: component._exparserNode.$$, prefix: options.classPrefix ?? '' };
  }
  return { root: topPage.view()?.root ?? null, prefix: '' };
}

function viewportTop(): { top: number; left: number; scroller: HTMLElement | null } {
  const scroller = topPage.view()?.scroller ?? null;
  const rect = scroller?.getBoundingClientRect();
  return { top: rect?.top ?? 0, left: rect?.left ?? 0, scroller };
}

function describe(el: Element, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const wxNode = (el as HTMLElement).__wxElement;
  if (fields.id) out.id = el.id.replace(/^.*--/, '');
  if (fields.dataset) out.dataset = wxNode?.dataset ?? { ...(el as HTMLElement).dataset };
  if (fields.rect || fields.size) {
    const rect = el.getBoundingClientRect();
    const origin = viewportTop();
    if (fields.rect) {
      Object.assign(out, {
        left: rect.left - origin.left,
        right: rect.right - origin.left,
        top: rect.top - origin.top,
        bottom: rect.bottom - origin.top,
      });
    }
    if (fields.size) Object.assign(out, { width: rect.width, height: rect.height });
  }
  if (fields.scrollOffset) {
    Object.assign(out, {
      scrollLeft: el.scrollLeft,
      scrollTop: el.scrollTop,
      scrollWidth: el.scrollWidth,
      scrollHeight: el.scrollHeight,
    });
  }
  if (Array.isArray(fields.properties) && wxNode) {
    const caller = exparser.Element.getMethodCaller(wxNode);
    for (const p of fields.properties) out[String(p)] = caller?.data?.[String(p)];
  }
  if (Array.isArray(fields.computedStyle)) {
    const style = getComputedStyle(el);
    for (const p of fields.computedStyle)
      out[String(p)] = style.getPropertyValue(String(p).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  }
  if (fields.node) out.node = el.querySelector('canvas') ?? el;
  return out;
}

export class SelectorQuery {
  private readonly requests: Request[] = [];
  constructor(private component?: ComponentInstance) {}

  in(component: ComponentInstance): SelectorQuery {
    this.component = component;
    return this;
  }

  select(selector: string) {
    return new NodesRef(this, 'one', selector);
  }

  selectAll(selector: string) {
    return new NodesRef(this, 'all', selector);
  }

  selectViewport() {
    return new NodesRef(this, 'viewport', '');
  }

  /** @internal */
  push(request: Request): SelectorQuery {
    this.requests.push(request);
    return this;
  }

  exec(callback?: (results: unknown[]) => void): void {
    // After the current setData has rendered, like WeChat's asynchronous query.
    setTimeout(() => {
      const { root, prefix } = scopeOf(this.component);
      const results = this.requests.map((request) => {
        let result: unknown;
        if (request.kind === 'viewport') {
          const { scroller } = viewportTop();
          const rect = scroller?.getBoundingClientRect();
          result = {
            ...(request.fields.scrollOffset
              ? {
                  scrollTop: scroller?.scrollTop ?? 0,
                  scrollLeft: scroller?.scrollLeft ?? 0,
                  scrollHeight: scroller?.scrollHeight ?? 0,
                  scrollWidth: scroller?.scrollWidth ?? 0,
                }
              : {}),
            ...(request.fields.rect || request.fields.size
              ? {
                  top: 0,
                  left: 0,
                  right: rect?.width ?? 0,
                  bottom: rect?.height ?? 0,
                  width: rect?.width ?? 0,
                  height: rect?.height ?? 0,
                }
              : {}),
          };
        } else {
          const selector = translateSelector(request.selector, prefix);
          let elements: Element[] = [];
          try {
            elements = root ? [...root.querySelectorAll(selector)] : [];
          } catch {
            console.warn(`[预览] 无法解析选择器 ${request.selector}`);
          }
          result =
            request.kind === 'one'
              ? elements[0]
                ? describe(elements[0], request.fields)
                : null
              : elements.map((el) => describe(el, request.fields));
        }
        request.callback?.(result);
        return result;
      });
      callback?.(results);
    }, 0);
  }
}

class NodesRef {
  constructor(
    private readonly query: SelectorQuery,
    private readonly kind: Request['kind'],
    private readonly selector: string,
  ) {}

  private add(fields: Record<string, unknown>, callback?: Callback): SelectorQuery {
    return this.query.push({ kind: this.kind, selector: this.selector, fields, callback });
  }

  boundingClientRect(callback?: Callback) {
    return this.add({ id: true, dataset: true, rect: true, size: true }, callback);
  }

  scrollOffset(callback?: Callback) {
    return this.add({ id: true, dataset: true, scrollOffset: true }, callback);
  }

  fields(fields: Record<string, unknown>, callback?: Callback) {
    return this.add(fields, callback);
  }

  node(callback?: Callback) {
    return this.add({ node: true }, callback);
  }

  context(callback?: Callback) {
    return this.add({}, callback);
  }
}

export function createSelectorQuery(component?: ComponentInstance): SelectorQuery {
  return new SelectorQuery(component);
}
