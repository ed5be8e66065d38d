/** Tiny DOM helpers for the preview's own UI (shell, dialogs, built-in internals). */

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | number | boolean | EventListener | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'html') el.innerHTML = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** Drops the null / false entries of a child list. */
export function compact(...children: (Node | null | undefined | false)[]): Node[] {
  return children.filter((c): c is Node => Boolean(c));
}

/** Elements of the phone screen, created by the shell. */
export const screen: {
  root?: HTMLElement;
  pages?: HTMLElement;
  navbar?: HTMLElement;
  tabbar?: HTMLElement;
  overlay?: HTMLElement;
} = {};

export function overlay(): HTMLElement {
  if (!screen.overlay) throw new Error('preview shell not mounted');
  return screen.overlay;
}

/** Size of the phone screen in CSS px (what getSystemInfo reports). */
export function screenSize(): { width: number; height: number } {
  const rect = screen.root?.getBoundingClientRect();
  return { width: Math.round(rect?.width || 375), height: Math.round(rect?.height || 812) };
}

export const STATUS_BAR_HEIGHT = 44;
export const NAV_BAR_HEIGHT = 44;
export const TAB_BAR_HEIGHT = 50;
export const SAFE_AREA_BOTTOM = 34;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const ICONS = {
  back: '<svg viewBox="0 0 12 24" width="12" height="24"><path d="M10 3 2 12l8 9" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  home: '<svg viewBox="0 0 24 24" width="22" height="22"><path d="M4 11 12 4l8 7v9h-5v-6H9v6H4z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/></svg>',
  more: '<svg viewBox="0 0 24 8" width="20" height="7"><circle cx="3" cy="4" r="2.2" fill="currentColor"/><circle cx="12" cy="4" r="3" fill="currentColor"/><circle cx="21" cy="4" r="2.2" fill="currentColor"/></svg>',
  close:
    '<svg viewBox="0 0 20 20" width="19" height="19"><circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="10" cy="10" r="3" fill="currentColor"/></svg>',
  success:
    '<svg viewBox="0 0 48 48" width="40" height="40"><path d="M11 25 20 34 38 15" fill="none" stroke="currentColor" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  error:
    '<svg viewBox="0 0 48 48" width="40" height="40"><circle cx="24" cy="24" r="17" fill="none" stroke="currentColor" stroke-width="3"/><path d="M24 14v13" stroke="currentColor" stroke-width="3.5" stroke-linecap="round"/><circle cx="24" cy="33" r="2.2" fill="currentColor"/></svg>',
};
