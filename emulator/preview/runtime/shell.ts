import { compact, h, screen } from './dom';
import { router } from './router';
import { errorLog, LARGEST_FONT_SIZE, onErrorLogged, STANDARD_FONT_SIZE, state, switchIdentity } from './state';

/**
 * The page around the phone: a 375×812 phone frame (status bar, navigation bar, pages, tab bar,
 * system UI layer) and, on wide windows, a side panel with the demo identities, the current page,
 * the local cloud's URL, build warnings and script errors. Narrow windows (< 720 px) show the
 * phone screen alone, filling the window.
 */

const panel: {
  identities?: HTMLElement;
  identity?: HTMLElement;
  page?: HTMLElement;
  cloud?: HTMLElement;
  warnings?: HTMLElement;
  errors?: HTMLElement;
} = {};

function statusBar(): HTMLElement {
  return h(
    'div',
    { class: 'wxp-statusbar', 'aria-hidden': 'true' },
    h('span', { class: 'wxp-statusbar__time', text: '9:41' }),
    h('span', {
      class: 'wxp-statusbar__icons',
      html: '<svg width="18" height="11" viewBox="0 0 18 11"><rect x="0" y="7" width="3" height="4" rx="1" fill="currentColor"/><rect x="5" y="5" width="3" height="6" rx="1" fill="currentColor"/><rect x="10" y="2.5" width="3" height="8.5" rx="1" fill="currentColor"/><rect x="15" y="0" width="3" height="11" rx="1" fill="currentColor"/></svg><svg width="16" height="11" viewBox="0 0 16 11"><path d="M8 2.2c2.3 0 4.4.9 6 2.4l1.2-1.2A10 10 0 0 0 8 .5 10 10 0 0 0 .8 3.4L2 4.6a8.3 8.3 0 0 1 6-2.4zm0 3.4c1.4 0 2.6.5 3.6 1.4l1.2-1.2A6.8 6.8 0 0 0 8 3.9a6.8 6.8 0 0 0-4.8 1.9L4.4 7c1-.9 2.2-1.4 3.6-1.4zM8 9l2.4-2.4a3.4 3.4 0 0 0-4.8 0z" fill="currentColor"/></svg><svg width="25" height="12" viewBox="0 0 25 12"><rect x=".5" y=".5" width="21" height="11" rx="3" fill="none" stroke="currentColor" opacity=".4"/><rect x="2" y="2" width="18" height="8" rx="2" fill="currentColor"/><path d="M23 4v4c.8-.3 1.3-1 1.3-2s-.5-1.7-1.3-2z" fill="currentColor" opacity=".4"/></svg>',
    }),
  );
}

function section(title: string, ...children: (HTMLElement | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'wxp-panel__section' },
    h('h2', { class: 'wxp-panel__title', text: title }),
    ...children,
  );
}

export function mountShell(): void {
  const navbar = h('div', { class: 'wxp-navbar' });
  const pages = h('div', { class: 'wxp-pages' });
  const tabbar = h('div', { class: 'wxp-tabbar', role: 'tablist', hidden: true });
  const overlay = h('div', { class: 'wxp-overlay' });
  const screenEl = h('div', { class: 'wxp-screen', id: 'wxp-screen' }, statusBar(), navbar, pages, tabbar, overlay);
  Object.assign(screen, { root: screenEl, pages, navbar, tabbar, overlay });

  panel.identity = h('div', { class: 'wxp-identity-card' }, h('span', { class: 'wxp-muted', text: '正在读取身份…' }));
  panel.identities = h('div', { class: 'wxp-identity-list', role: 'radiogroup', 'aria-label': '切换身份' });
  panel.page = h('div', { class: 'wxp-page-info' });
  panel.cloud = h('code', { class: 'wxp-cloud-url', text: location.origin });
  panel.warnings = h('ul', { class: 'wxp-warnings' });
  panel.errors = h('ul', { class: 'wxp-errors' });

  const tools = h(
    'div',
    { class: 'wxp-tools' },
    h('button', { class: 'wxp-tool', text: '重新启动小程序', onclick: () => switchIdentity(state.identity.openid) }),
    h('button', {
      class: 'wxp-tool',
      text: '下拉刷新当前页',
      onclick: () => {
        try {
          router.startPullDownRefresh();
        } catch {
          // No page yet.
        }
      },
    }),
  );

  const fontSizes: [string, string, number][] = [
    ['标准', 'standard', STANDARD_FONT_SIZE],
    ['最大', 'largest', LARGEST_FONT_SIZE],
  ];
  const fonts = h(
    'div',
    { class: 'wxp-tools', role: 'radiogroup', 'aria-label': '系统字体大小' },
    ...fontSizes.map(([label, value, px]) =>
      h('button', {
        class: `wxp-tool${state.fontSize === px ? ' wxp-tool--current' : ''}`,
        role: 'radio',
        'aria-checked': state.fontSize === px ? 'true' : 'false',
        text: `${label}（${px}px）`,
        onclick: () => {
          // A new text size is a new session, as after changing WeChat's setting.
          const url = new URL(location.href);
          url.searchParams.set('font', value);
          location.href = url.toString();
        },
      }),
    ),
  );

  const aside = h(
    'aside',
    { class: 'wxp-panel', 'aria-label': '预览控制' },
    h(
      'header',
      { class: 'wxp-panel__header' },
      h('h1', { class: 'wxp-panel__brand', text: '粤品通 · 小程序预览' }),
      h('p', { class: 'wxp-muted' }, '本地云 ', panel.cloud),
    ),
    section('当前身份', panel.identity),
    section('切换身份（重新启动小程序）', panel.identities),
    section('当前页面', panel.page, tools),
    section('系统字体大小（微信「设置 › 字体大小」）', fonts),
    section('编译提示', panel.warnings),
    section('脚本错误', panel.errors),
    h('p', {
      class: 'wxp-muted wxp-panel__hint',
      text: '修改 miniprogram/ 下的文件后刷新本页即重新编译。日志见浏览器开发者工具的控制台。',
    }),
  );

  const shell = h(
    'div',
    { class: 'wxp-shell' },
    h('main', { class: 'wxp-stage' }, h('div', { class: 'wxp-phone' }, screenEl)),
    aside,
  );
  document.body.append(shell);
  router.onChange(renderPage);
  onErrorLogged(renderErrors);
  renderErrors();
}

export function renderIdentities(): void {
  if (!panel.identities || !panel.identity || !panel.cloud) return;
  const current = state.identity;
  panel.cloud.textContent = state.cloudUrl;
  panel.identity.replaceChildren(
    ...compact(
      h('div', { class: 'wxp-identity-card__label', 'data-openid': current.openid, text: current.label }),
      h('div', { class: 'wxp-identity-card__openid', text: `openid: ${current.openid}` }),
      current.description ? h('div', { class: 'wxp-muted', text: current.description }) : null,
    ),
  );
  panel.identities.replaceChildren(
    ...state.identities.map((identity) => {
      const selected = identity.openid === current.openid;
      return h(
        'button',
        {
          class: `wxp-identity${selected ? ' wxp-identity--current' : ''}`,
          role: 'radio',
          'aria-checked': selected ? 'true' : 'false',
          'data-openid': identity.openid,
          onclick: () => {
            if (!selected) switchIdentity(identity.openid);
          },
        },
        h('span', { class: 'wxp-identity__label', text: identity.label }),
        selected ? h('span', { class: 'wxp-identity__badge', text: '当前' }) : null,
        identity.description ? h('span', { class: 'wxp-identity__desc', text: identity.description }) : null,
      );
    }),
  );
}

function renderPage(): void {
  if (!panel.page) return;
  const top = router.current();
  const query = top ? Object.entries(top.query) : [];
  panel.page.replaceChildren(
    ...compact(
      h('div', { class: 'wxp-page-info__route', 'data-route': top?.route ?? '', text: top ? top.route : '—' }),
      query.length
        ? h('div', { class: 'wxp-muted', text: `参数：${query.map(([k, v]) => `${k}=${v}`).join('&')}` })
        : null,
      h('div', {
        class: 'wxp-muted',
        text: `页面栈：${router.stack.map((p) => p.route.replace(/\/index$/, '')).join(' › ')}`,
      }),
    ),
  );
}

export function renderWarnings(warnings: string[]): void {
  if (!panel.warnings) return;
  panel.warnings.replaceChildren(
    ...(warnings.length ? warnings.map((w) => h('li', { text: w })) : [h('li', { class: 'wxp-muted', text: '无' })]),
  );
}

function renderErrors(): void {
  if (!panel.errors) return;
  panel.errors.replaceChildren(
    ...(errorLog.length
      ? errorLog.slice(-20).map((e) => h('li', { title: e.at.toLocaleTimeString('zh-CN'), text: e.message }))
      : [h('li', { class: 'wxp-muted', text: '无' })]),
  );
}

/**
 * While the local cloud's seed writes the demo data (first start), says so on the phone: the
 * page's calls wait for it meanwhile, so its loading state is not mistaken for empty data.
 * `body[data-seeding]` is "true" while it runs, "false" after.
 */
export async function watchSeeding(): Promise<void> {
  let notice: HTMLElement | undefined;
  for (;;) {
    const seeding = await fetch('/_emulator/status')
      .then((r) => (r.ok ? (r.json() as Promise<{ seeding?: boolean }>) : { seeding: false }))
      .then((status) => status.seeding === true)
      .catch(() => false);
    document.body.dataset.seeding = String(seeding);
    if (!seeding) break;
    notice ??= h(
      'div',
      { class: 'wxp-seeding', role: 'status' },
      h('span', { class: 'wxp-seeding__spinner', 'aria-hidden': 'true' }),
      h('span', { text: '正在准备演示数据…' }),
    );
    if (!notice.isConnected) screen.overlay?.append(notice);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  notice?.remove();
}

/** The mini-program did not compile: show esbuild's message inside the phone. */
export function showBuildFailure(message: string): void {
  screen.overlay?.append(
    h('div', { class: 'wxp-build-error', role: 'alert' }, h('h2', { text: '编译失败' }), h('pre', { text: message })),
  );
  renderWarnings([message]);
}
