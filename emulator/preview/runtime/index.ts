import { rpxToCss } from '../shared';
import type { PreviewIdentitiesReply, PreviewManifest } from '../types';
import baseCss from './base.css';
import { installTouchBridge } from './bridge';
import { registerBuiltins } from './components';
import { screen } from './dom';
import { defineModule, injectCss, installGlobals, loadApp } from './loader';
import { router } from './router';
import { mountShell, renderIdentities, renderWarnings, showBuildFailure, watchSeeding } from './shell';
import { chooseIdentity, errorLog, reportError, state } from './state';
import { createWx } from './wx';

/**
 * Entry of runtime.js. Boot order: this file sets up globals (wx, Page, Component, App, …), the
 * built-in components and the shell; app.js then hands over the manifest and module factories
 * and calls start(), which runs app.ts and opens the first page as the chosen demo identity.
 */

const g = globalThis as Record<string, unknown>;

injectCss('base', baseCss);
// j-component converts rpx in inline styles through this hook (patched at bundle time).
g.__wxPreviewRpx = rpxToCss;
installGlobals();
g.wx = createWx();
g.getCurrentPages = () => router.stack.map((record) => record.instance);
registerBuiltins();
mountShell();
// Until a page-meta says otherwise, rem follows the system text size (`?font=`).
document.documentElement.style.fontSize = `${state.fontSize}px`;
void watchSeeding();
if (screen.pages) {
  installTouchBridge(screen.pages, () => {
    // Clear j-component's scroll protection on the current page (see installTouchBridge).
    const root = router.current()?.root as { _lastScrollTime?: number } | undefined;
    if (root) root._lastScrollTime = 0;
  });
}

window.addEventListener('error', (event) => reportError('未捕获的异常', event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => reportError('未处理的 Promise 拒绝', event.reason));

const identitiesReady: Promise<void> = fetch('/preview/identities')
  .then((response) => response.json() as Promise<PreviewIdentitiesReply>)
  .then((reply) => {
    state.identities = reply.identities;
    state.cloudUrl = reply.cloudUrl || location.origin;
    state.envId = reply.envId;
    state.identity = chooseIdentity(reply);
    renderIdentities();
  })
  .catch((error: unknown) => reportError('读取演示身份', error));

let resolveReady: () => void = () => undefined;
const ready = new Promise<void>((resolve) => {
  resolveReady = resolve;
});

async function launch(): Promise<void> {
  await identitiesReady;
  loadApp();
  const hash = decodeURI(location.hash.replace(/^#\/?/, ''));
  try {
    await router.start(hash || undefined);
  } catch (error) {
    reportError('打开首页', error);
  }
  state.launched = true;
  document.body.dataset.previewReady = 'true';
  resolveReady();
}

g.__wxPreview = {
  setManifest(manifest: PreviewManifest) {
    state.manifest = manifest;
    injectCss('app', manifest.appCss);
    renderWarnings(manifest.warnings);
  },
  defineModule,
  start() {
    launch().catch((error: unknown) => reportError('启动', error));
  },
  buildFailed(message: string) {
    showBuildFailure(message);
    document.body.dataset.previewReady = 'failed';
    resolveReady();
  },
  /** For tests and the console: the page stack, the identity, script errors. */
  ready,
  router,
  state,
  errors: errorLog,
};
