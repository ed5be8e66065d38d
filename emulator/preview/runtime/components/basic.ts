import { h } from '../dom';
import { router } from '../router';
import { reportError, state } from '../state';
import { showToast } from '../ui';
import {
  defineBuiltin,
  HOVER_PROPERTIES,
  instanceOf,
  reflect,
  str,
  styleWithRpx,
  wireHover,
  type Builtin,
} from './base';

/** view, text, icon, progress, rich-text, navigator, label and the tags the preview only outlines. */

export function registerBasic(): void {
  defineBuiltin('view', {
    properties: HOVER_PROPERTIES,
    init() {
      wireHover(this);
    },
  });

  // Containers that behave like view in the preview.
  for (const name of [
    'cover-view',
    'movable-area',
    'movable-view',
    'root-portal',
    'match-media',
    'grid-view',
    'list-view',
    'sticky-header',
    'sticky-section',
    'keyboard-accessory',
  ]) {
    defineBuiltin(name, {});
  }

  defineBuiltin('text', {
    properties: {
      selectable: { type: Boolean, value: false },
      userSelect: { type: Boolean, value: false },
      space: { type: String, value: '' },
      decode: { type: Boolean, value: false },
    },
    sync() {
      reflect(this.host, 'selectable', this.data.selectable || this.data.userSelect);
      reflect(this.host, 'space', this.data.space);
    },
  });

  defineBuiltin('icon', {
    properties: {
      type: { type: String, value: '' },
      size: { type: null, value: 23 },
      color: { type: String, value: '' },
    },
    init() {
      this.host.setAttribute('role', 'img');
    },
    sync() {
      const type = str(this.data.type);
      // size: a number of px (also when written as a string), or a length with its unit (rpx too).
      const raw = str(this.data.size).trim() || '23';
      const size = /^\d+(\.\d+)?$/.test(raw) ? `${raw}px` : styleWithRpx(raw);
      const color = str(this.data.color) || ICON_COLORS[type] || '#07c160';
      this.host.setAttribute('aria-label', ICON_LABELS[type] ?? type);
      // Sized on an inner box: the host's style attribute belongs to the page's WXML.
      const box = h('span', { class: 'wxb-icon__box', html: iconSvg(type, color) });
      box.style.width = size;
      box.style.height = size;
      this.host.replaceChildren(box);
    },
  });

  defineBuiltin('progress', {
    properties: {
      percent: { type: Number, value: 0 },
      showInfo: { type: Boolean, value: false },
      borderRadius: { type: null, value: 0 },
      fontSize: { type: null, value: 16 },
      strokeWidth: { type: null, value: 6 },
      color: { type: String, value: '' },
      activeColor: { type: String, value: '#09BB07' },
      backgroundColor: { type: String, value: '#EBEBEB' },
      active: { type: Boolean, value: false },
    },
    init() {
      const fill = h('div', { class: 'wxb-progress__fill' });
      const bar = h('div', { class: 'wxb-progress__bar' }, fill);
      const info = h('span', { class: 'wxb-progress__info' });
      this.host.setAttribute('role', 'progressbar');
      this.host.append(bar, info);
      this.parts = { bar, fill, info };
    },
    sync() {
      const { bar, fill, info } = this.parts as { bar: HTMLElement; fill: HTMLElement; info: HTMLElement };
      const percent = Math.max(0, Math.min(100, Number(this.data.percent) || 0));
      const px = (v: unknown) => (typeof v === 'number' ? `${v}px` : str(v));
      bar.style.height = px(this.data.strokeWidth);
      bar.style.borderRadius = px(this.data.borderRadius);
      bar.style.background = str(this.data.backgroundColor);
      fill.style.width = `${percent}%`;
      fill.style.background = str(this.data.color) || str(this.data.activeColor);
      info.textContent = this.data.showInfo ? `${percent}%` : '';
      info.style.fontSize = px(this.data.fontSize);
      this.host.setAttribute('aria-valuenow', String(percent));
    },
  });

  defineBuiltin('rich-text', {
    properties: { nodes: { type: null, value: [] }, space: { type: String, value: '' } },
    sync() {
      const nodes = this.data.nodes;
      this.host.replaceChildren(...(typeof nodes === 'string' ? htmlToNodes(nodes) : buildNodes(nodes)));
    },
  });

  defineBuiltin('navigator', {
    properties: {
      ...HOVER_PROPERTIES,
      hoverClass: { type: String, value: 'navigator-hover' },
      url: { type: String, value: '' },
      openType: { type: String, value: 'navigate' },
      delta: { type: Number, value: 1 },
      target: { type: String, value: 'self' },
    },
    init() {
      wireHover(this);
      this.host.setAttribute('role', 'link');
    },
    tap() {
      const url = str(this.data.url);
      const run = (): Promise<unknown> => {
        switch (str(this.data.openType)) {
          case 'redirect':
            return router.redirectTo(url);
          case 'switchTab':
            return router.switchTab(url);
          case 'reLaunch':
            return router.reLaunch(url);
          case 'navigateBack':
            return router.navigateBack(Number(this.data.delta) || 1);
          case 'exit':
            showToast({ title: '预览中无法退出小程序', icon: 'none' });
            return Promise.resolve();
          default:
            return router.navigateTo(url);
        }
      };
      if (str(this.data.target) === 'miniProgram') {
        showToast({ title: '预览中无法打开其他小程序', icon: 'none' });
        return;
      }
      run().catch((error: unknown) => reportError(`<navigator url="${url}">`, error));
    },
  });

  defineBuiltin('label', {
    properties: { for: { type: String, value: '' } },
    tap(event) {
      const targetEl = (event.target?.$$ ?? null) as HTMLElement | null;
      const CONTROLS = 'wx-checkbox, wx-radio, wx-switch, wx-button';
      // A tap on the control itself is handled by the control.
      if (targetEl?.closest(CONTROLS) && this.host.contains(targetEl.closest(CONTROLS))) return;
      const forId = str(this.data.for);
      const control = forId ? document.getElementById(forId) : this.host.querySelector(CONTROLS);
      const inst = instanceOf(control);
      if (inst && typeof inst.__activate === 'function') (inst.__activate as () => void)();
    },
  });

  defineBuiltin('open-data', {
    properties: { type: { type: String, value: '' } },
    sync() {
      const type = str(this.data.type);
      this.host.setAttribute('data-type', type);
      this.host.textContent = type === 'userNickName' ? state.identity.label : '';
    },
  });

  defineBuiltin('web-view', {
    properties: { src: { type: String, value: '' } },
    init() {
      this.frame = h('iframe', { class: 'wxb-webview', title: '网页' });
      this.host.append(this.frame as HTMLElement);
    },
    sync() {
      (this.frame as HTMLIFrameElement).src = str(this.data.src);
    },
  });

  // Page configuration tags: nothing to render; navigation-bar sets the title. page-meta's
  // root-font-size="system" sizes rem from the phone's text size (the preview's `?font=`).
  defineBuiltin('page-meta', {
    properties: { rootFontSize: { type: String, value: '' } },
    sync() {
      const size = str(this.data.rootFontSize);
      document.documentElement.style.fontSize = size === 'system' ? `${state.fontSize}px` : styleWithRpx(size);
    },
  });
  defineBuiltin('navigation-bar', {
    properties: {
      title: { type: String, value: '' },
      frontColor: { type: String, value: '' },
      backgroundColor: { type: String, value: '' },
    },
    sync() {
      if (!state.launched) return;
      if (this.data.title) router.setTitle(str(this.data.title));
      if (this.data.frontColor || this.data.backgroundColor)
        router.setNavColors(str(this.data.frontColor) || undefined, str(this.data.backgroundColor) || undefined);
    },
  });

  defineBuiltin('page-container', {
    properties: { show: { type: Boolean, value: false } },
    sync() {
      this.host.hidden = !this.data.show;
    },
  });

  for (const name of [
    'map',
    'camera',
    'live-player',
    'live-pusher',
    'ad',
    'ad-custom',
    'official-account',
    'editor',
    'audio',
    'voip-room',
    'channel-live',
    'channel-video',
    'functional-page-navigator',
    'share-element',
  ]) {
    defineBuiltin(name, {
      init() {
        this.host.setAttribute('data-wxp-unsupported', `<${name}> 在网页预览中不可用`);
      },
    });
  }
}

const ICON_COLORS: Record<string, string> = {
  success: '#07c160',
  success_no_circle: '#07c160',
  info: '#10aeff',
  warn: '#fa5151',
  waiting: '#10aeff',
  cancel: '#fa5151',
  download: '#07c160',
  search: '#b2b2b2',
  clear: '#b2b2b2',
  circle: '#c9c9c9',
  info_circle: '#10aeff',
};

const ICON_LABELS: Record<string, string> = {
  success: '成功',
  success_no_circle: '成功',
  info: '提示',
  warn: '警告',
  waiting: '等待',
  cancel: '取消',
  download: '下载',
  search: '搜索',
  clear: '清除',
  circle: '未选中',
  info_circle: '提示',
};

function iconSvg(type: string, color: string): string {
  // The colour comes from page data and lands in markup: keep it to colour syntax.
  const c = color.replace(/[^#\w(),.\s%-]/g, '');
  const paths: Record<string, string> = {
    success: `<circle cx="12" cy="12" r="11" fill="${c}"/><path d="M6.5 12.3l3.6 3.6 7.4-7.6" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>`,
    success_no_circle: `<path d="M4 12.5l5.2 5.2L20.5 6.3" fill="none" stroke="${c}" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>`,
    info: `<circle cx="12" cy="12" r="11" fill="${c}"/><rect x="11" y="10" width="2" height="8" rx="1" fill="#fff"/><circle cx="12" cy="6.8" r="1.3" fill="#fff"/>`,
    warn: `<circle cx="12" cy="12" r="11" fill="${c}"/><rect x="11" y="5.5" width="2" height="9" rx="1" fill="#fff"/><circle cx="12" cy="17.5" r="1.3" fill="#fff"/>`,
    waiting: `<circle cx="12" cy="12" r="11" fill="${c}"/><path d="M12 6v6.5l4 2.5" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>`,
    cancel: `<circle cx="12" cy="12" r="11" fill="${c}"/><path d="M8 8l8 8M16 8l-8 8" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>`,
    download: `<circle cx="12" cy="12" r="11" fill="${c}"/><path d="M12 6v9M8 11.5l4 4 4-4M7.5 18h9" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>`,
    search: `<circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="${c}" stroke-width="2"/><path d="M15.5 15.5l5 5" stroke="${c}" stroke-width="2" stroke-linecap="round"/>`,
    clear: `<circle cx="12" cy="12" r="10" fill="${c}"/><path d="M8.5 8.5l7 7M15.5 8.5l-7 7" stroke="#fff" stroke-width="1.6" stroke-linecap="round"/>`,
    circle: `<circle cx="12" cy="12" r="10.5" fill="none" stroke="${c}" stroke-width="1.2"/>`,
    info_circle: `<circle cx="12" cy="12" r="10.5" fill="none" stroke="${c}" stroke-width="1.4"/><rect x="11.2" y="10" width="1.6" height="7.5" rx="0.8" fill="${c}"/><circle cx="12" cy="7" r="1.1" fill="${c}"/>`,
  };
  return `<svg viewBox="0 0 24 24" aria-hidden="true">${paths[type] ?? paths.circle}</svg>`;
}

// ---- rich-text ----

const ALLOWED_TAGS = new Set(
  'a abbr address article aside b bdi bdo big br caption center cite code col colgroup dd del div dl dt em fieldset font footer h1 h2 h3 h4 h5 h6 header hr i img ins label legend li mark nav ol p pre q rt ruby s section small span strong sub sup table tbody td tfoot th thead tr tt u ul'.split(
    ' ',
  ),
);

function sanitize(el: Element): void {
  for (const child of [...el.children]) {
    if (!ALLOWED_TAGS.has(child.tagName.toLowerCase())) {
      child.remove();
      continue;
    }
    for (const attr of [...child.attributes]) {
      if (attr.name.startsWith('on') || (attr.name === 'href' && /^\s*javascript:/i.test(attr.value)))
        child.removeAttribute(attr.name);
    }
    sanitize(child);
  }
}

function htmlToNodes(html: string): Node[] {
  const template = document.createElement('template');
  template.innerHTML = html;
  const wrapper = document.createElement('div');
  wrapper.append(template.content);
  sanitize(wrapper);
  return [...wrapper.childNodes];
}

interface RichNode {
  type?: string;
  name?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  children?: RichNode[];
}

function buildNodes(nodes: unknown): Node[] {
  if (!Array.isArray(nodes)) return [];
  return (nodes as RichNode[]).flatMap((node): Node[] => {
    if (!node || typeof node !== 'object') return [];
    if (node.type === 'text') return [document.createTextNode(String(node.text ?? ''))];
    const name = String(node.name ?? '').toLowerCase();
    if (!ALLOWED_TAGS.has(name)) return [];
    const el = document.createElement(name);
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
      if (!key.startsWith('on')) el.setAttribute(key, String(value));
    }
    el.append(...buildNodes(node.children));
    return [el];
  });
}

export type { Builtin };
