/**
 * E2E harness for the web preview: a seeded in-memory local cloud serving the preview, and Debian's
 * Chromium driven by playwright-core.
 *
 *   const preview = await startPreview();
 *   afterAll(() => preview.close());
 *   await preview.openAs('demo-consumer', 'pages/mine/index');
 *   await preview.tap('检测券');                  // visible text, or a CSS selector
 *   await preview.type('请输入手机号', '138…');   // placeholder text, or a selector
 *   await preview.screenshot('mine');             // tests/e2e/artifacts/mine.png
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createPreviewHandler, type PreviewHandlerWithBuilder } from '../../../emulator/preview/handler';
import { SEED_MARKER } from '../../../emulator/instances';
import { startLocalCloud, type LocalCloud, type Seeder } from '../../../emulator/start';
import { PREVIEW_IDENTITIES } from '../../../seed/identities';
import { waitUntil } from '../../helpers/wait';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(__dirname, '../artifacts');
/** The phone frame: the preview shows the bare phone screen at this size. */
export const PHONE_VIEWPORT = { width: 375, height: 812 };
/** Wide enough for the phone frame plus the side panel (identity switcher). */
export const WIDE_VIEWPORT = { width: 1100, height: 900 };
/**
 * A data dir seeded once by the e2e global setup (seeding takes many seconds); each session
 * works on its own copy, so tests never see each other's writes.
 */
export const SEEDED_DIR_ENV = 'YPT_E2E_SEEDED_DIR';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface PreviewOptions {
  /** Mini-program root (default: <repo>/miniprogram); fixtures use their own. */
  miniprogramRoot?: string;
  /** Seed the demo data: the project's seed, package.json "localCloud".seed (default true), or this seeder. */
  seed?: boolean | Seeder;
  /** Return before the seed has finished, as `npm start` does (LocalCloudOptions.seedInBackground). */
  seedInBackground?: boolean;
  viewport?: { width: number; height: number };
}

export interface OpenOptions {
  /** Show the side panel (identity switcher) by using a wide window. */
  wide?: boolean;
  /** The phone's system text size: `largest` (WeChat's largest setting) or px (the preview's `?font=`). */
  font?: 'standard' | 'largest' | number;
}

export interface PreviewSession {
  cloud: LocalCloud;
  url: string;
  page: Page;
  context: BrowserContext;
  handler: PreviewHandlerWithBuilder;
  /** Loads the preview as `identity`, optionally on `route` (`pages/x/index?a=1`), and waits for the first page. */
  openAs(identity: string, route?: string, options?: OpenOptions): Promise<void>;
  /** The phone screen. */
  screen(): Locator;
  /** The visible part of the phone: the current page, navigation bar, tab bar and system UI. */
  visible(text: string | RegExp): Locator;
  /** Taps the visible element with this exact text, or matching this CSS selector. */
  tap(target: string): Promise<void>;
  /** Fills the input whose placeholder is `target` (or matching a CSS selector). */
  type(target: string, text: string): Promise<void>;
  /** Waits until `text` is visible on the phone. */
  waitForText(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Waits until the current page is `route`. */
  waitForRoute(route: string, timeoutMs?: number): Promise<void>;
  currentRoute(): Promise<string>;
  /** Waits until no wx.cloud request has been in flight for `quietMs` (pages finished loading). */
  idle(quietMs?: number, timeoutMs?: number): Promise<void>;
  /** Waits until no toast (wx.showToast / showLoading) is on the phone. */
  toastGone(timeoutMs?: number): Promise<void>;
  /** Saves a PNG of the phone screen (or the whole window with `{ window: true }`) to tests/e2e/artifacts/. */
  screenshot(name: string, options?: { window?: boolean }): Promise<string>;
  /** wx.cloud.callFunction as `openid`, from the test (to know what a page should show); returns `result`. */
  callAs<T = unknown>(openid: string, name: string, data?: object): Promise<T>;
  /** Script errors the preview caught (uncaught exceptions, failed lifecycles) plus page errors. */
  errors(): Promise<string[]>;
  close(): Promise<void>;
}

// Browser-side expressions are strings: this file is type-checked without the DOM library.
/** True once the preview has started (or failed to). */
export const READY_EXPR = 'document.body.dataset.previewReady !== undefined';
/** wx.cloud requests in flight. */
export const PENDING_EXPR = '(window.__wxPreview?.state.pendingCalls ?? 0)';
/** The route of the page on top of the stack. */
export const ROUTE_EXPR = "(window.__wxPreview?.router.current()?.route ?? '')";

const looksLikeSelector = (target: string) => /^[.#[]|^wx-|^wxc-|[>~]|^\w+\[/.test(target);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Chooses the option reading exactly `label` in the open picker sheet and confirms it. */
export async function pickOption(page: Page, label: string): Promise<void> {
  await page
    .locator('.wxp-picker__item')
    .filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) })
    .first()
    .click();
  await page.locator('.wxp-picker__action--primary').click();
}

/** What the preview's pages answer with (the functions' envelope), for `callAs` results. */
export interface Envelope<T> {
  ok: boolean;
  data: T;
}

/**
 * One preview for the test file: started before its tests, closed after them, and after each test
 * no script error may have happened on any page (a page that throws still renders something).
 * The returned session forwards to the running one.
 */
export function usePreview(options: PreviewOptions = {}): PreviewSession {
  let session: PreviewSession | undefined;
  beforeAll(async () => {
    session = await startPreview(options);
  });
  afterAll(async () => {
    await session?.close();
  });
  afterEach(async () => {
    expect(await session?.errors()).toEqual([]);
  });
  return new Proxy({} as PreviewSession, {
    get(_target, key) {
      if (!session) throw new Error('the preview is not started yet (use it inside a test)');
      const value = (session as unknown as Record<PropertyKey, unknown>)[key];
      return typeof value === 'function' ? value.bind(session) : value;
    },
  });
}

export async function startPreview(options: PreviewOptions = {}): Promise<PreviewSession> {
  const handler = createPreviewHandler({ root: options.miniprogramRoot, identities: PREVIEW_IDENTITIES });
  const seed = options.seed ?? true;
  const seeded = process.env[SEEDED_DIR_ENV];
  let dataDir: string | undefined;
  if (seed === true && seeded && existsSync(path.join(seeded, SEED_MARKER))) {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ypt-e2e-data-'));
    await cp(seeded, dataDir, { recursive: true });
  }
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    seed,
    seedInBackground: options.seedInBackground,
    timers: false,
    previewHandler: handler,
    functionLogs: process.env.EMULATOR_LOGS ? 'inherit' : 'errors',
  });
  const cleanupData = async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'ypt-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? PHONE_VIEWPORT,
      deviceScaleFactor: 2,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  } catch (error) {
    await cloud.stop();
    await cleanupData();
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const screen = () => page.locator('#wxp-screen');
  // Hidden pages (earlier in the stack, or other tabs) stay in the DOM with visibility:hidden.
  const visible = (text: string | RegExp) =>
    screen().getByText(text, { exact: true }).filter({ visible: true }).first();

  const session: PreviewSession = {
    cloud,
    url: cloud.url,
    page,
    context,
    handler,
    async openAs(identity, route, openOptions = {}) {
      await page.setViewportSize(openOptions.wide ? WIDE_VIEWPORT : (options.viewport ?? PHONE_VIEWPORT));
      const hash = route ? `#/${route.replace(/^\//, '')}` : '';
      // A URL differing only in its hash would not reload the app.
      await page.goto('about:blank');
      const font = openOptions.font === undefined ? '' : `&font=${openOptions.font}`;
      await page.goto(`${cloud.url}/?as=${encodeURIComponent(identity)}${font}${hash}`);
      await page.waitForFunction(READY_EXPR, undefined, { timeout: 15_000 });
      const state = await page.locator('body').getAttribute('data-preview-ready');
      if (state !== 'true') {
        const detail = await page
          .locator('.wxp-build-error')
          .innerText()
          .catch(() => state);
        throw new Error(`预览未能启动：${detail}`);
      }
    },
    screen,
    visible,
    async tap(target) {
      const locator = looksLikeSelector(target)
        ? screen().locator(target).filter({ visible: true }).first()
        : visible(target);
      await locator.click({ timeout: 5_000 });
    },
    async type(target, text) {
      const locator = looksLikeSelector(target)
        ? screen().locator(target).filter({ visible: true }).first()
        : screen()
            .locator('wx-input, wx-textarea')
            .filter({ has: page.locator('.wxb-placeholder', { hasText: target }), visible: true })
            .first()
            .locator('input, textarea');
      await locator.fill(text, { timeout: 5_000 });
    },
    async waitForText(text, timeoutMs = 10_000) {
      await visible(text).waitFor({ state: 'visible', timeout: timeoutMs });
    },
    async waitForRoute(route, timeoutMs = 10_000) {
      await page.waitForFunction(`${ROUTE_EXPR} === ${JSON.stringify(route)}`, undefined, { timeout: timeoutMs });
    },
    async currentRoute() {
      return page.evaluate<string>(ROUTE_EXPR);
    },
    async idle(quietMs = 300, timeoutMs = 15_000) {
      let quietSince = Date.now();
      await waitUntil(
        async () => {
          if ((await page.evaluate<number>(PENDING_EXPR)) > 0) quietSince = Date.now();
          return Date.now() - quietSince >= quietMs;
        },
        { timeoutMs, intervalMs: 50, what: '本地云请求结束' },
      );
    },
    async toastGone(timeoutMs = 10_000) {
      await page.locator('.wxp-toast-layer').waitFor({ state: 'detached', timeout: timeoutMs });
    },
    async screenshot(name, shotOptions = {}) {
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      // Let images and fonts settle.
      await page.evaluate('document.fonts.ready.then(() => true)');
      if (shotOptions.window) await page.screenshot({ path: file });
      else await screen().screenshot({ path: file });
      return file;
    },
    async callAs<T>(openid: string, name: string, data: object = {}): Promise<T> {
      const response = await fetch(`${cloud.url}/client/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, data, openid }),
      });
      const reply = (await response.json()) as { result?: T; errCode?: number; errMsg?: string };
      if (reply.errCode !== undefined) throw new Error(`${name}: ${reply.errCode} ${reply.errMsg ?? ''}`);
      return reply.result as T;
    },
    async errors() {
      const caught = await page.evaluate<string[]>('(window.__wxPreview?.errors ?? []).map((e) => e.message)');
      return [...caught, ...pageErrors];
    },
    async close() {
      await context.close().catch(() => undefined);
      await cloud.stop();
      await cleanupData();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
  return session;
}
