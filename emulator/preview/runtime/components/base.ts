import * as jComponent from 'j-component';
import * as exparser from 'miniprogram-exparser';
import { rpxToCss } from '../../shared';
import { manifest, reportError } from '../state';

/**
 * Shared plumbing of the built-in components. Each is a j-component registered under the WXML
 * tag name (`view`) with host element `wx-<name>`; its inside is plain DOM built in `created`
 * and kept in step with the properties by `sync()` (one observer on every property).
 */

export interface Builtin extends ComponentInstance {
  /** The host element (`<wx-input>`). */
  host: HTMLElement;
}

type PropType =
  StringConstructor | NumberConstructor | BooleanConstructor | ObjectConstructor | ArrayConstructor | null;

export interface BuiltinSpec {
  properties?: Record<string, { type: PropType; value?: unknown }>;
  template?: string;
  behaviors?: string[];
  /** Build the inner DOM (runs once, before the first sync). */
  init?(this: Builtin): void;
  /** Bring the DOM in line with `this.data` (after init and on every property change). */
  sync?(this: Builtin): void;
  attached?(this: Builtin): void;
  detached?(this: Builtin): void;
  /** Called when the element is tapped (after the page's own bindtap handlers were queued). */
  tap?(this: Builtin, event: ExparserEvent): void;
  methods?: Record<string, (this: Builtin, ...args: never[]) => unknown>;
}

export function defineBuiltin(name: string, spec: BuiltinSpec): void {
  const guard = (label: string, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      reportError(`<${name}> ${label}`, error);
    }
  };
  jComponent.register({
    id: name,
    tagName: `wx-${name}`,
    template: spec.template ?? '<slot/>',
    properties: spec.properties ?? {},
    behaviors: spec.behaviors,
    options: { classPrefix: '', multipleSlots: false },
    observers: {
      '**'(this: Builtin) {
        if (this.host && spec.sync) guard('sync', () => spec.sync?.call(this));
      },
    },
    methods: spec.methods ?? {},
    lifetimes: {
      created(this: Builtin) {
        const node = this._exparserNode;
        this.host = node.$$ as HTMLElement;
        guard('init', () => {
          spec.init?.call(this);
          spec.sync?.call(this);
        });
        if (spec.tap) {
          node.addListener('tap', (event) => {
            guard('tap', () => spec.tap?.call(this, event));
          });
        }
      },
      attached(this: Builtin) {
        if (spec.attached) guard('attached', () => spec.attached?.call(this));
      },
      detached(this: Builtin) {
        if (spec.detached) guard('detached', () => spec.detached?.call(this));
      },
    },
  });
}

export const str = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/** Sets or removes a host attribute (CSS hooks such as `wx-button[type=primary]`). */
export function reflect(el: Element, attr: string, value: unknown): void {
  if (value === false || value === undefined || value === null || value === '') el.removeAttribute(attr);
  else el.setAttribute(attr, value === true ? '' : String(value));
}

/** Marks an inner DOM node as part of the host so taps on it reach the host's bindings. */
export function adopt<T extends HTMLElement>(inst: Builtin, el: T): T {
  el.__wxElement = inst._exparserNode;
  return el;
}

/** The component (or page) whose template contains this built-in. */
export function owner(inst: Builtin): ComponentInstance | null {
  try {
    return inst.selectOwnerComponent();
  } catch {
    return null;
  }
}

/** How a class written in the owner's WXML appears in the DOM (`x` or `prefix--x`). */
export function ownerClass(inst: Builtin, classes: string): string {
  const host = inst._exparserNode.ownerShadowRoot?.getHostNode();
  const prefix = host ? (exparser.Component.getComponentOptions(host).classPrefix ?? '') : '';
  return classes
    .split(/\s+/)
    .filter(Boolean)
    .map((c) => (prefix ? `${prefix}--${c}` : c))
    .join(' ');
}

/** Module path of the owner (for resolving relative image paths). */
export function ownerPath(inst: Builtin): string {
  const host = inst._exparserNode.ownerShadowRoot?.getHostNode();
  const id = host?.is ?? '';
  if (id.startsWith('wxp:')) return id.slice(4);
  const entry = Object.values(manifest().componentEntries).find((c) => c.tagName === id);
  return entry?.path ?? '';
}

/** The built-in instance rendered by `el` (or its closest ancestor matching `selector`). */
export function instanceOf(el: Element | null, selector?: string): Builtin | undefined {
  const target = selector ? el?.closest(selector) : el;
  const node = (target as HTMLElement | null | undefined)?.__wxElement;
  if (!node || node.$$ !== target) return undefined;
  return exparser.Element.getMethodCaller(node) as Builtin | undefined;
}

/** `model:value` two-way binding: writes the new value back into the owner's data. */
export function writeModel(inst: Builtin, prop: string, value: unknown): void {
  const spec = inst._exparserNode.dataset?.wxpModel;
  if (typeof spec !== 'string') return;
  const [boundProp, path] = spec.split(':');
  if (boundProp !== prop || !path) return;
  owner(inst)?.setData({ [path]: value });
}

export function styleWithRpx(style: string): string {
  return rpxToCss(style);
}

/**
 * `hover-class`: added while pressed, removed `hover-stay-time` ms after release. Elements
 * without one (or with `none`) get no effect; the button's default look uses CSS :active.
 */
export const HOVER_PROPERTIES = {
  hoverClass: { type: String, value: 'none' },
  hoverStopPropagation: { type: Boolean, value: false },
  hoverStartTime: { type: Number, value: 50 },
  hoverStayTime: { type: Number, value: 400 },
};

export function wireHover(inst: Builtin): void {
  const node = inst._exparserNode;
  let applied = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const remove = () => {
    if (applied) inst.host.classList.remove(...applied.split(' '));
    applied = '';
  };
  node.addListener('touchstart', () => {
    const hoverClass = str(inst.data.hoverClass);
    // The built-in defaults are drawn with CSS :active instead.
    if (!hoverClass || ['none', 'button-hover', 'navigator-hover'].includes(hoverClass) || inst.data.disabled) return;
    if (timer) clearTimeout(timer);
    remove();
    applied = ownerClass(inst, hoverClass);
    if (applied) inst.host.classList.add(...applied.split(' '));
  });
  const release = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(remove, Number(inst.data.hoverStayTime) || 0);
  };
  node.addListener('touchend', release);
  node.addListener('touchcancel', release);
}
