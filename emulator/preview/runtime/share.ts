import { fail } from './api';
import { h, overlay } from './dom';
import type { PageRecord } from './router';
import { reportError } from './state';

/**
 * Sharing as WeChat's capsule menu offers it: 发送给朋友 when the page defines onShareAppMessage,
 * 分享到朋友圈 when it also defines onShareTimeline (and wx.showShareMenu, if called, listed them).
 * Choosing one calls the page's handler and shows the card it returned (title, path or query,
 * image), the way a friend or the timeline would see it; "在预览中打开" opens the shared path.
 */

export type ShareMenu = 'shareAppMessage' | 'shareTimeline';

/** Menus a page asked for with wx.showShareMenu (per page; hideShareMenu clears them). */
const requested = new WeakMap<object, Set<ShareMenu>>();

export function setShareMenus(page: object | undefined, menus: unknown, api = 'showShareMenu'): void {
  if (!page) throw fail(api, 'no page');
  const list = Array.isArray(menus) ? menus.map(String) : ['shareAppMessage'];
  const valid = list.filter((m): m is ShareMenu => m === 'shareAppMessage' || m === 'shareTimeline');
  requested.set(page, new Set(valid));
}

export function hideShareMenus(page: object | undefined): void {
  if (page) requested.set(page, new Set());
}

const hasHook = (record: PageRecord, name: string) => typeof record.instance[name] === 'function';

/** The capsule menu's share entries for this page, in WeChat's order. */
export function shareItems(record: PageRecord): { label: string; kind: ShareMenu }[] {
  // Without wx.showShareMenu the handlers alone decide; hideShareMenu leaves nothing.
  const menus = requested.get(record.instance);
  const items: { label: string; kind: ShareMenu }[] = [];
  const canSend = hasHook(record, 'onShareAppMessage') && (!menus || menus.has('shareAppMessage'));
  if (canSend) items.push({ label: '发送给朋友', kind: 'shareAppMessage' });
  if (canSend && hasHook(record, 'onShareTimeline') && (!menus || menus.has('shareTimeline'))) {
    items.push({ label: '分享到朋友圈', kind: 'shareTimeline' });
  }
  return items;
}

interface ShareCard {
  kind: ShareMenu;
  title: string;
  /** Page path with query, as the receiver opens it ('/pages/x/index?a=1'). */
  path: string;
  imageUrl: string;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** Calls the page's handler and builds the card WeChat would send (defaults: app name, current page). */
export function shareCard(record: PageRecord, kind: ShareMenu, appName: string): ShareCard {
  const hook = kind === 'shareAppMessage' ? 'onShareAppMessage' : 'onShareTimeline';
  const fn = record.instance[hook] as (arg: unknown) => unknown;
  const result = (fn.call(record.instance, kind === 'shareAppMessage' ? { from: 'menu' } : {}) ?? {}) as Record<
    string,
    unknown
  >;
  const currentQuery = Object.entries(record.query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  let path: string;
  if (kind === 'shareAppMessage') {
    path = str(result.path) || `/${record.route}${currentQuery ? `?${currentQuery}` : ''}`;
  } else {
    // The timeline shares the current page; only the query is the page's to choose.
    const query = typeof result.query === 'string' ? result.query : currentQuery;
    path = `/${record.route}${query ? `?${query}` : ''}`;
  }
  if (!path.startsWith('/')) path = `/${path}`;
  return { kind, title: str(result.title) || appName, path, imageUrl: str(result.imageUrl) };
}

/** Shows the card in the phone; resolves when closed. */
export function showShareCard(card: ShareCard, open: (path: string) => void): void {
  const close = () => layer.remove();
  const target = card.kind === 'shareAppMessage' ? '发送给朋友' : '分享到朋友圈';
  const panel = h(
    'div',
    { class: 'wxp-share', role: 'dialog', 'aria-label': `${target}（预览）`, 'data-kind': card.kind },
    h('div', { class: 'wxp-share__hd', text: `${target} · 预览中不会真正发送` }),
    h(
      'div',
      { class: 'wxp-share__card' },
      h('div', { class: 'wxp-share__app', text: '粤品通' }),
      h('div', { class: 'wxp-share__title', text: card.title }),
      card.imageUrl
        ? h('img', { class: 'wxp-share__image', src: card.imageUrl, alt: '' })
        : h('div', { class: 'wxp-share__image wxp-share__image--page', text: '当前页面截图' }),
      h('div', { class: 'wxp-share__foot', text: '小程序' }),
    ),
    h('div', {
      class: 'wxp-share__label',
      text: card.kind === 'shareAppMessage' ? '打开的页面' : '朋友圈打开（单页模式）',
    }),
    h('code', { class: 'wxp-share__path', text: card.path }),
    h(
      'div',
      { class: 'wxp-share__actions' },
      h('button', { class: 'wxp-share__btn', text: '关闭', onclick: close }),
      h('button', {
        class: 'wxp-share__btn wxp-share__btn--primary',
        text: '在预览中打开',
        onclick: () => {
          close();
          open(card.path);
        },
      }),
    ),
  );
  const layer = h('div', { class: 'wxp-mask-layer' }, panel);
  layer.addEventListener('click', (e) => {
    if (e.target === layer) close();
  });
  overlay().append(layer);
}

/** The capsule's share entry: card from the page's handler, errors reported like any page error. */
export function sharePage(record: PageRecord, kind: ShareMenu, appName: string, open: (path: string) => void): void {
  try {
    showShareCard(shareCard(record, kind, appName), open);
  } catch (error) {
    reportError(`${record.route} ${kind === 'shareAppMessage' ? 'onShareAppMessage' : 'onShareTimeline'}`, error);
  }
}

/** wx.openLocation: WeChat's map page, here a panel with what the map would show. */
export function showLocation(place: { name: string; address: string; latitude: number; longitude: number }): void {
  const close = () => layer.remove();
  const panel = h(
    'div',
    { class: 'wxp-share wxp-location', role: 'dialog', 'aria-label': '查看位置（预览）' },
    h('div', { class: 'wxp-share__hd', text: '查看位置 · 预览中不显示地图' }),
    h('div', { class: 'wxp-share__title wxp-location__name', text: place.name || '地图选点' }),
    place.address ? h('div', { class: 'wxp-location__address', text: place.address }) : null,
    h('code', {
      class: 'wxp-share__path wxp-location__coords',
      text: `纬度 ${place.latitude.toFixed(5)}，经度 ${place.longitude.toFixed(5)}`,
    }),
    h('div', { class: 'wxp-share__actions' }, h('button', { class: 'wxp-share__btn', text: '关闭', onclick: close })),
  );
  const layer = h('div', { class: 'wxp-mask-layer' }, panel);
  layer.addEventListener('click', (e) => {
    if (e.target === layer) close();
  });
  overlay().append(layer);
}
