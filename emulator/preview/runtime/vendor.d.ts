/**
 * The parts of j-component / exparser the preview uses. Declared here rather than taken from
 * j-component's index.d.ts, which pulls in the mini-program's global typings (wx, Page, …).
 */

interface ExparserNode {
  /** The DOM element rendering this node (null for virtual nodes). */
  $$: HTMLElement | null;
  id: string;
  dataset: Record<string, unknown>;
  is?: string;
  ownerShadowRoot: { getHostNode(): ExparserNode | null } | null;
  shadowRoot?: { querySelector(selector: string): ExparserNode | null } | null;
  childNodes: ExparserNode[];
  parentNode: ExparserNode | null;
  addListener(name: string, handler: (event: ExparserEvent) => unknown, options?: { capture?: boolean }): void;
  removeListener(name: string, handler: (event: ExparserEvent) => unknown, options?: { capture?: boolean }): void;
  triggerLifeTime(name: string, args?: unknown[]): void;
  triggerPageLifeTime(name: string, args?: unknown[]): void;
}

interface ExparserEvent {
  type: string;
  detail: unknown;
  target: ExparserNode;
  currentTarget: ExparserNode;
}

/** `this` inside a component (j-component's "method caller"). */
interface ComponentInstance {
  data: Record<string, unknown>;
  properties: Record<string, unknown>;
  is?: string;
  _exparserNode: ExparserNode;
  setData(data: Record<string, unknown>, callback?: () => void): void;
  triggerEvent(
    name: string,
    detail?: unknown,
    options?: { bubbles?: boolean; composed?: boolean; capturePhase?: boolean },
  ): void;
  selectComponent(selector: string): ComponentInstance | null;
  selectAllComponents(selector: string): ComponentInstance[];
  selectOwnerComponent(): ComponentInstance | null;
  [key: string]: unknown;
}

interface JComponentDefinition {
  id?: string;
  tagName?: string;
  path?: string;
  template: string;
  usingComponents?: Record<string, string>;
  options?: Record<string, unknown>;
  behaviors?: unknown[];
  properties?: Record<string, unknown>;
  data?: Record<string, unknown>;
  methods?: Record<string, unknown>;
  lifetimes?: Record<string, unknown>;
  pageLifetimes?: Record<string, unknown>;
  observers?: Record<string, unknown>;
  relations?: Record<string, Record<string, unknown>>;
  externalClasses?: string[];
  [key: string]: unknown;
}

interface JRootComponent {
  readonly dom: HTMLElement;
  readonly instance: ComponentInstance;
  readonly data: Record<string, unknown>;
  attach(parent: Element): void;
  detach(): void;
  triggerLifeTime(name: string, ...args: unknown[]): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
}

declare module 'j-component' {
  export function register(definition: JComponentDefinition): string;
  export function behavior(definition: Record<string, unknown>): string;
  export function create(id: string, properties?: Record<string, unknown>): JRootComponent;
}

declare module 'miniprogram-exparser' {
  export const Element: {
    getMethodCaller(node: ExparserNode): ComponentInstance | undefined;
  };
  export const Component: {
    getComponentOptions(node: ExparserNode): { classPrefix?: string; writeOnly?: boolean };
    hasPublicProperty(node: ExparserNode, name: string): boolean;
  };
}

declare module '*.css' {
  const text: string;
  export default text;
}

interface HTMLElement {
  /** exparser's back-pointer from a DOM element to its node. */
  __wxElement?: ExparserNode;
}
