import * as jComponent from 'j-component';
import { fail, type ApiOptions } from './api';
import { compact, h, ICONS, NAV_BAR_HEIGHT, SAFE_AREA_BOTTOM, screen, STATUS_BAR_HEIGHT, TAB_BAR_HEIGHT } from './dom';
import { appInstance, ensurePage } from './loader';
import { manifest, reportError, topPage } from './state';
import { parseUrl, resolveRoute } from '../shared';
import type { WindowConfig } from '../types';
import { sharePage, shareItems } from './share';
import { showActionSheet, showToast } from './ui';

/**
 * The page stack: navigateTo / redirectTo / navigateBack / switchTab / reLaunch with WeChat's
 * rules (tab pages stay alive, at most 10 pages), page lifecycles, the navigation bar, the tab
 * bar, pull-down refresh and reach-bottom. The current page is mirrored in the URL hash, so a
 * reload reopens it.
 */

export interface PageRecord {
  webviewId: number;
  route: string;
  query: Record<string, string>;
  window: WindowConfig;
  isTab: boolean;
  root: JRootComponent;
  instance: ComponentInstance;
  frame: HTMLElement;
  scroller: HTMLElement;
  refresher: HTMLElement;
  title: string;
  navFront?: string;
  navBackground?: string;
  reachBottomArmed: boolean;
  refreshing: boolean;
}

const MAX_STACK = 10;

type Listener = (...args: unknown[]) => void;

/** navigateTo's channel between the opener (`events`, `res.eventChannel`) and the opened page. */
export class EventChannel {
  private readonly listeners = new Map<string, { fn: Listener; once: boolean }[]>();

  on(name: string, fn: Listener): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), { fn, once: false }]);
  }

  once(name: string, fn: Listener): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), { fn, once: true }]);
  }

  off(name: string, fn?: Listener): void {
    this.listeners.set(name, fn ? (this.listeners.get(name) ?? []).filter((l) => l.fn !== fn) : []);
  }

  emit(name: string, ...args: unknown[]): void {
    const listeners = this.listeners.get(name) ?? [];
    this.listeners.set(
      name,
      listeners.filter((l) => !l.once),
    );
    for (const { fn } of listeners) fn(...args);
  }
}
let nextWebviewId = 1;

function callHook(record: PageRecord, name: string, ...args: unknown[]): void {
  const fn = record.instance[name];
  if (typeof fn !== 'function') return;
  try {
    const result = (fn as (...a: unknown[]) => unknown).apply(record.instance, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).catch((error: unknown) => reportError(`${record.route} ${name}`, error));
    }
  } catch (error) {
    reportError(`${record.route} ${name}`, error);
  }
}

function callApp(name: string, ...args: unknown[]): void {
  const fn = appInstance[name];
  if (typeof fn !== 'function') return;
  try {
    (fn as (...a: unknown[]) => unknown).apply(appInstance, args);
  } catch (error) {
    reportError(`App ${name}`, error);
  }
}

const queryString = (query: Record<string, string>) =>
  Object.entries(query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

class Router {
  stack: PageRecord[] = [];
  /** Tab pages stay alive once opened, until reLaunch. */
  private readonly tabPages = new Map<string, PageRecord>();
  private readonly listeners: (() => void)[] = [];
  private launch: { path: string; query: Record<string, string> } = { path: '', query: {} };
  private tabBarHidden = false;
  private readonly badges = new Map<number, string | undefined>();
  private readonly tabTexts = new Map<number, string>();
  private homeButtonHidden = false;
  private navLoading = false;

  current(): PageRecord | undefined {
    return this.stack[this.stack.length - 1];
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  launchOptions() {
    return {
      path: this.launch.path,
      query: { ...this.launch.query },
      scene: 1001,
      referrerInfo: {},
      apiCategory: 'default',
    };
  }

  private isTabRoute(route: string): boolean {
    return Boolean(manifest().tabBar?.list.some((item) => item.pagePath === route));
  }

  tabBarHeight(): number {
    return TAB_BAR_HEIGHT + SAFE_AREA_BOTTOM;
  }

  /** Resolves a wx navigation url against the current page. */
  private target(api: string, url: string): { path: string; query: Record<string, string> } {
    const { path, query } = parseUrl(url);
    const from = this.current()?.route ?? '';
    const route = resolveRoute(from, path.startsWith('/') || !from ? `/${path}` : url.split('?')[0]);
    if (!manifest().pageEntries[route]) throw fail(api, `page "${route}" is not found`);
    return { path: route, query };
  }

  // ---- lifecycle ----

  private createPage(route: string, query: Record<string, string>, channel?: EventChannel): PageRecord {
    const id = ensurePage(route);
    const entry = manifest().pageEntries[route];
    // Component-built pages receive the query as properties; never let it set id/class/style.
    const props = Object.fromEntries(
      Object.entries(query).filter(([k]) => !['id', 'class', 'style', 'slot'].includes(k)),
    );
    const root = jComponent.create(id, props);
    const instance = root.instance;
    const opener = channel ?? new EventChannel();
    Object.assign(instance, { route, __route__: route, options: { ...query }, getOpenerEventChannel: () => opener });
    const scroller = h('div', { class: 'wxp-page-scroll' });
    const refresher = h(
      'div',
      { class: 'wxp-refresher', 'aria-hidden': 'true' },
      h('span', { class: 'wxp-refresher__dot' }),
      h('span', { class: 'wxp-refresher__dot' }),
      h('span', { class: 'wxp-refresher__dot' }),
    );
    const frame = h('div', { class: 'wxp-page-frame', 'data-route': route }, refresher, scroller);
    const window = entry.window;
    frame.style.background = typeof window.backgroundColor === 'string' ? window.backgroundColor : '';
    if (window.disableScroll) scroller.style.overflowY = 'hidden';
    const record: PageRecord = {
      webviewId: nextWebviewId++,
      route,
      query,
      window,
      isTab: this.isTabRoute(route),
      root,
      instance,
      frame,
      scroller,
      refresher,
      title: typeof window.navigationBarTitleText === 'string' ? window.navigationBarTitleText : '',
      reachBottomArmed: true,
      refreshing: false,
    };
    root.dom.classList.add(entry.scopeClass);
    this.wireScrolling(record);
    screen.pages?.append(frame);
    this.layout(record);
    root.attach(scroller);
    callHook(record, 'onLoad', { ...query });
    return record;
  }

  private show(record: PageRecord): void {
    for (const page of [...this.stack, ...this.tabPages.values()]) {
      const visible = page === record;
      page.frame.classList.toggle('wxp-page-frame--hidden', !visible);
      page.frame.inert = !visible;
    }
    this.layout(record);
    callHook(record, 'onShow');
    record.root.triggerPageLifeTime('show');
  }

  private hide(record: PageRecord | undefined): void {
    if (!record) return;
    callHook(record, 'onHide');
    record.root.triggerPageLifeTime('hide');
  }

  private unload(record: PageRecord): void {
    callHook(record, 'onUnload');
    try {
      record.root.detach();
    } catch (error) {
      reportError(`${record.route} 卸载`, error);
    }
    record.frame.remove();
    if (this.tabPages.get(record.route) === record) this.tabPages.delete(record.route);
  }

  /** Opens a page on top: load → show → ready (after the first paint). */
  private open(route: string, query: Record<string, string>, channel?: EventChannel): PageRecord {
    const record = this.createPage(route, query, channel);
    this.stack.push(record);
    if (record.isTab) this.tabPages.set(route, record);
    this.show(record);
    setTimeout(() => callHook(record, 'onReady'), 0);
    return record;
  }

  private changed(): void {
    const top = this.current();
    if (top) {
      const qs = queryString(top.query);
      history.replaceState(null, '', `${location.pathname}${location.search}#/${top.route}${qs ? `?${qs}` : ''}`);
    }
    this.renderNavBar();
    this.renderTabBar();
    for (const listener of this.listeners) listener();
  }

  // ---- navigation API ----

  async start(url?: string): Promise<void> {
    const m = manifest();
    let path = m.entryPagePath;
    let query: Record<string, string> = {};
    if (url) {
      const parsed = parseUrl(url);
      if (m.pageEntries[parsed.path]) ({ path, query } = parsed);
    }
    this.launch = { path, query };
    const options = this.launchOptions();
    callApp('onLaunch', options);
    callApp('onShow', options);
    this.openFresh(path, query);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') {
        this.hide(this.current());
        callApp('onHide');
      } else {
        callApp('onShow', this.launchOptions());
        const top = this.current();
        if (top) this.show(top);
      }
    });
  }

  private openFresh(path: string, query: Record<string, string>): void {
    for (const record of [...this.stack].reverse()) this.unload(record);
    for (const record of this.tabPages.values()) this.unload(record);
    this.stack = [];
    this.tabPages.clear();
    this.homeButtonHidden = false;
    try {
      this.open(path, query);
    } finally {
      this.changed();
    }
  }

  async navigateTo(url: string, events?: Record<string, unknown>): Promise<{ eventChannel: EventChannel }> {
    const { path, query } = this.target('navigateTo', url);
    if (this.isTabRoute(path)) throw fail('navigateTo', 'can not navigateTo a tabbar page');
    if (this.stack.length >= MAX_STACK) throw fail('navigateTo', 'webview count limit exceed');
    const eventChannel = new EventChannel();
    for (const [name, fn] of Object.entries(events ?? {})) {
      if (typeof fn === 'function') eventChannel.on(name, fn as Listener);
    }
    const previous = this.current();
    this.hide(previous);
    try {
      this.open(path, query, eventChannel);
      return { eventChannel };
    } catch (error) {
      if (previous) this.show(previous);
      throw error;
    } finally {
      this.changed();
    }
  }

  async redirectTo(url: string): Promise<void> {
    const { path, query } = this.target('redirectTo', url);
    if (this.isTabRoute(path)) throw fail('redirectTo', 'can not redirectTo a tabbar page');
    const top = this.stack.pop();
    if (top) this.unload(top);
    try {
      this.open(path, query);
    } finally {
      this.changed();
    }
  }

  async navigateBack(delta = 1): Promise<void> {
    if (this.stack.length <= 1) throw fail('navigateBack', 'cannot navigate back at first page.');
    const count = Math.min(Math.max(1, Math.floor(delta)), this.stack.length - 1);
    for (let i = 0; i < count; i += 1) {
      const record = this.stack.pop();
      if (record) this.unload(record);
    }
    const top = this.current();
    if (top) this.show(top);
    this.changed();
  }

  async switchTab(url: string): Promise<void> {
    const { path } = this.target('switchTab', url);
    if (!this.isTabRoute(path)) throw fail('switchTab', 'can not switch to no-tabBar page');
    const top = this.current();
    if (top?.route === path && this.stack.length === 1) return;
    // Non-tab pages close; the tab page left behind only hides.
    for (const record of [...this.stack].reverse()) {
      if (record.isTab) this.hide(record);
      else this.unload(record);
    }
    const alive = this.tabPages.get(path);
    try {
      if (alive) {
        this.stack = [alive];
        this.show(alive);
      } else {
        this.stack = [];
        this.open(path, {});
      }
    } finally {
      this.changed();
    }
  }

  async reLaunch(url: string): Promise<void> {
    const { path, query } = this.target('reLaunch', url);
    this.openFresh(path, query);
  }

  /** From the tab bar: WeChat calls onTabItemTap on the tapped tab page, then switches. */
  private tapTab(index: number): void {
    const item = manifest().tabBar?.list[index];
    if (!item) return;
    const record = this.tabPages.get(item.pagePath);
    const detail = { index: String(index), pagePath: item.pagePath, text: item.text };
    if (record && record === this.current()) callHook(record, 'onTabItemTap', detail);
    this.switchTab(`/${item.pagePath}`)
      .then(() => {
        const now = this.tabPages.get(item.pagePath);
        if (now && now !== record) callHook(now, 'onTabItemTap', detail);
      })
      .catch((error: unknown) => reportError('切换标签页', error));
  }

  // ---- page area ----

  private layout(record: PageRecord): void {
    const custom = record.window.navigationStyle === 'custom';
    record.frame.style.top = `${custom ? 0 : STATUS_BAR_HEIGHT + NAV_BAR_HEIGHT}px`;
    record.frame.style.bottom = `${record.isTab && !this.tabBarHidden ? this.tabBarHeight() : 0}px`;
  }

  private wireScrolling(record: PageRecord): void {
    const { scroller } = record;
    scroller.addEventListener(
      'scroll',
      () => {
        const distance =
          typeof record.window.onReachBottomDistance === 'number' ? record.window.onReachBottomDistance : 50;
        const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= distance;
        if (atBottom && record.reachBottomArmed) {
          record.reachBottomArmed = false;
          callHook(record, 'onReachBottom');
        } else if (!atBottom) record.reachBottomArmed = true;
        if (typeof record.instance.onPageScroll === 'function')
          callHook(record, 'onPageScroll', { scrollTop: scroller.scrollTop });
      },
      { passive: true },
    );
    if (!record.window.enablePullDownRefresh) return;
    // Pull-down with the mouse wheel (or trackpad) at the top of the page.
    let pulled = 0;
    let resetTimer: ReturnType<typeof setTimeout> | undefined;
    scroller.addEventListener(
      'wheel',
      (event) => {
        if (scroller.scrollTop > 0 || event.deltaY >= 0 || record.refreshing) return;
        pulled -= event.deltaY;
        if (resetTimer) clearTimeout(resetTimer);
        resetTimer = setTimeout(() => (pulled = 0), 400);
        if (pulled > 150) {
          pulled = 0;
          this.beginRefresh(record);
        }
      },
      { passive: true },
    );
  }

  private beginRefresh(record: PageRecord): void {
    if (record.refreshing) return;
    record.refreshing = true;
    record.frame.classList.add('wxp-page-frame--refreshing');
    callHook(record, 'onPullDownRefresh');
  }

  startPullDownRefresh(): void {
    const top = this.current();
    if (!top) throw fail('startPullDownRefresh', 'no page');
    this.beginRefresh(top);
  }

  stopPullDownRefresh(): void {
    const top = this.current();
    if (!top) return;
    top.refreshing = false;
    top.frame.classList.remove('wxp-page-frame--refreshing');
  }

  pageScrollTo(options: ApiOptions): void {
    const top = this.current();
    if (!top) return;
    let y = typeof options.scrollTop === 'number' ? options.scrollTop : 0;
    if (typeof options.selector === 'string') {
      const el = top.root.dom.querySelector(options.selector);
      if (el) y = el.getBoundingClientRect().top - top.scroller.getBoundingClientRect().top + top.scroller.scrollTop;
    }
    const duration = typeof options.duration === 'number' ? options.duration : 300;
    top.scroller.scrollTo({ top: y, behavior: duration > 0 ? 'smooth' : 'auto' });
  }

  // ---- navigation bar ----

  setTitle(title: string): void {
    const top = this.current();
    if (top) top.title = title;
    this.renderNavBar();
  }

  setNavColors(front?: string, background?: string): void {
    const top = this.current();
    if (!top) return;
    if (front) top.navFront = front;
    if (background) top.navBackground = background;
    this.renderNavBar();
  }

  setNavLoading(loading: boolean): void {
    this.navLoading = loading;
    this.renderNavBar();
  }

  hideHomeButton(): void {
    this.homeButtonHidden = true;
    this.renderNavBar();
  }

  private renderNavBar(): void {
    const navbar = screen.navbar;
    const top = this.current();
    if (!navbar || !top) return;
    const w = top.window;
    const custom = w.navigationStyle === 'custom';
    const front = top.navFront ?? (w.navigationBarTextStyle === 'white' ? '#ffffff' : '#000000');
    const background =
      top.navBackground ??
      (typeof w.navigationBarBackgroundColor === 'string' ? w.navigationBarBackgroundColor : '#ededed');
    const dark = front.toLowerCase() === '#ffffff' || front.toLowerCase() === '#fff';
    navbar.className = `wxp-navbar${custom ? ' wxp-navbar--custom' : ''}${dark ? ' wxp-navbar--dark' : ''}`;
    navbar.style.color = front;
    navbar.style.background = custom ? 'transparent' : background;
    screen.root?.classList.toggle('wxp-screen--dark-status', dark);
    const entry = manifest().entryPagePath;
    const firstTab = manifest().tabBar?.list[0]?.pagePath;
    const canGoBack = this.stack.length > 1;
    const showHome = !canGoBack && !top.isTab && top.route !== entry && !this.homeButtonHidden;
    navbar.replaceChildren(
      ...compact(
        h(
          'div',
          { class: 'wxp-navbar__left' },
          !custom && canGoBack
            ? h('button', {
                class: 'wxp-navbar__btn',
                'aria-label': '返回',
                html: ICONS.back,
                onclick: () => this.navigateBack(1).catch((e: unknown) => reportError('返回', e)),
              })
            : null,
          !custom && showHome
            ? h('button', {
                class: 'wxp-navbar__btn',
                'aria-label': '回到首页',
                html: ICONS.home,
                onclick: () => this.reLaunch(`/${firstTab ?? entry}`).catch((e: unknown) => reportError('回到首页', e)),
              })
            : null,
        ),
        custom
          ? null
          : h(
              'div',
              { class: 'wxp-navbar__title', role: 'heading', 'aria-level': '1' },
              this.navLoading ? h('span', { class: 'wxp-spinner wxp-navbar__loading' }) : null,
              top.title,
            ),
        h(
          'div',
          { class: 'wxp-capsule' },
          h('button', {
            class: 'wxp-capsule__btn',
            'aria-label': '更多',
            html: ICONS.more,
            onclick: () => this.capsuleMenu(),
          }),
          h('span', { class: 'wxp-capsule__divider' }),
          h('button', {
            class: 'wxp-capsule__btn',
            'aria-label': '关闭小程序',
            html: ICONS.close,
            onclick: () => showToast({ title: '预览中无法退出小程序', icon: 'none' }),
          }),
        ),
      ),
    );
  }

  private capsuleMenu(): void {
    const page = this.current();
    const shares = page ? shareItems(page) : [];
    showActionSheet({ itemList: [...shares.map((s) => s.label), '重新进入小程序', '复制当前页面路径'] })
      .then((picked) => {
        const top = this.current();
        if (picked >= 0 && picked < shares.length && top) {
          sharePage(top, shares[picked].kind, manifest().window.navigationBarTitleText ?? '', (path) =>
            this.reLaunch(path).catch((e: unknown) => reportError('打开分享的页面', e)),
          );
          return;
        }
        const index = picked - shares.length;
        if (index === 0) location.reload();
        if (index === 1 && top) {
          const qs = queryString(top.query);
          void navigator.clipboard?.writeText(`${top.route}${qs ? `?${qs}` : ''}`).catch(() => undefined);
          showToast({ title: '已复制页面路径' });
        }
      })
      .catch((e: unknown) => reportError('菜单', e));
  }

  // ---- tab bar ----

  setTabBarHidden(hidden: boolean): void {
    this.tabBarHidden = hidden;
    const top = this.current();
    if (top) this.layout(top);
    this.renderTabBar();
  }

  setTabBadge(index: number, text: string | undefined): void {
    if (!manifest().tabBar?.list[index]) throw fail('setTabBarBadge', `tabbar item not found: ${index}`);
    this.badges.set(index, text);
    this.renderTabBar();
  }

  setTabText(index: number, text: string | undefined): void {
    if (text) this.tabTexts.set(index, text);
    this.renderTabBar();
  }

  private renderTabBar(): void {
    const tabbar = screen.tabbar;
    const tabBar = manifest().tabBar;
    const top = this.current();
    if (!tabbar) return;
    if (!tabBar || !top?.isTab || this.tabBarHidden || tabBar.custom) {
      tabbar.hidden = true;
      tabbar.replaceChildren();
      return;
    }
    tabbar.hidden = false;
    tabbar.style.background = tabBar.backgroundColor;
    tabbar.classList.toggle('wxp-tabbar--white-border', tabBar.borderStyle === 'white');
    tabbar.replaceChildren(
      ...tabBar.list.map((item, index) => {
        const selected = item.pagePath === top.route;
        const icon = selected ? item.selectedIconUrl : item.iconUrl;
        const badge = this.badges.get(index);
        return h(
          'button',
          {
            class: `wxp-tabbar__item${selected ? ' wxp-tabbar__item--selected' : ''}${icon ? '' : ' wxp-tabbar__item--text-only'}`,
            role: 'tab',
            'aria-selected': selected ? 'true' : 'false',
            'data-path': item.pagePath,
            style: `color:${selected ? tabBar.selectedColor : tabBar.color}`,
            onclick: () => this.tapTab(index),
          },
          h(
            'span',
            { class: 'wxp-tabbar__icon-wrap' },
            icon ? h('img', { class: 'wxp-tabbar__icon', src: icon, alt: '' }) : null,
            badge === undefined
              ? null
              : h('span', { class: badge ? 'wxp-tabbar__badge' : 'wxp-tabbar__dot', text: badge }),
          ),
          h('span', { class: 'wxp-tabbar__label', text: this.tabTexts.get(index) ?? item.text }),
        );
      }),
    );
  }
}

export const router = new Router();
topPage.view = () => {
  const top = router.current();
  return top && { root: top.root.dom, scroller: top.scroller };
};
