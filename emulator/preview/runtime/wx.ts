import { fail, wxApi, type ApiOptions } from './api';
import { createCloud, fileUrl } from './cloud';
import { NAV_BAR_HEIGHT, SAFE_AREA_BOTTOM, screenSize, STATUS_BAR_HEIGHT } from './dom';
import { router } from './router';
import { createSelectorQuery } from './selector-query';
import { canvasToTempFilePath } from './canvas';
import { hideShareMenus, setShareMenus, showLocation } from './share';
import { state } from './state';
import {
  hideToast,
  isLoadingShown,
  previewImages,
  showActionSheet,
  showModal,
  showToast,
  type ModalOptions,
} from './ui';

/**
 * The `wx` global of the preview: navigation, UI, storage and media work in the browser,
 * `wx.cloud` talks to the local cloud. Anything else logs a warning and fails with
 * `errMsg: '<name>:fail not supported in preview'`, so pages reach their error state instead of
 * crashing on `undefined is not a function`.
 */

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const num = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

// ---- storage: localStorage, one namespace per identity (each demo user has their own phone) ----

const storagePrefix = () => `wxp:${state.identity.openid}:`;

function storageKeys(): string[] {
  const prefix = storagePrefix();
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix)) keys.push(key.slice(prefix.length));
  }
  return keys;
}

function getStorageSync(key: string): unknown {
  const raw = localStorage.getItem(storagePrefix() + key);
  if (raw === null) return '';
  try {
    return (JSON.parse(raw) as { v: unknown }).v;
  } catch {
    return '';
  }
}

function setStorageSync(key: string, value: unknown): void {
  if (typeof key !== 'string' || !key) throw fail('setStorageSync', 'key 不能为空');
  localStorage.setItem(storagePrefix() + key, JSON.stringify({ v: value }));
}

function removeStorageSync(key: string): void {
  localStorage.removeItem(storagePrefix() + key);
}

function clearStorageSync(): void {
  for (const key of storageKeys()) removeStorageSync(key);
}

function getStorageInfoSync() {
  const keys = storageKeys();
  const size = keys.reduce((sum, k) => sum + (localStorage.getItem(storagePrefix() + k)?.length ?? 0), 0);
  return { keys, currentSize: Math.ceil(size / 1024), limitSize: 10240 };
}

// ---- system info: the phone frame (an iPhone-X-sized screen) ----

function windowInfo() {
  const { width, height } = screenSize();
  const page = router.current();
  const custom = page?.window.navigationStyle === 'custom';
  const top = custom ? 0 : STATUS_BAR_HEIGHT + NAV_BAR_HEIGHT;
  const bottom = page?.isTab ? router.tabBarHeight() : 0;
  return {
    pixelRatio: Math.round(window.devicePixelRatio || 2) || 2,
    screenWidth: width,
    screenHeight: height,
    windowWidth: width,
    windowHeight: height - top - bottom,
    statusBarHeight: STATUS_BAR_HEIGHT,
    safeArea: {
      left: 0,
      right: width,
      top: STATUS_BAR_HEIGHT,
      bottom: height - SAFE_AREA_BOTTOM,
      width,
      height: height - STATUS_BAR_HEIGHT - SAFE_AREA_BOTTOM,
    },
    screenTop: top,
  };
}

function systemInfo() {
  return {
    ...windowInfo(),
    brand: 'devtools',
    model: 'iPhone X（网页预览）',
    system: 'iOS 16.0',
    platform: 'devtools',
    language: 'zh_CN',
    version: '8.0.50',
    SDKVersion: '3.5.0',
    fontSizeSetting: state.fontSize,
    theme: 'light',
    benchmarkLevel: 1,
    enableDebug: false,
    deviceOrientation: 'portrait',
    host: { env: 'WeChat' },
  };
}

function menuButtonRect() {
  const { width } = screenSize();
  return {
    width: 87,
    height: 32,
    top: STATUS_BAR_HEIGHT + 6,
    bottom: STATUS_BAR_HEIGHT + 38,
    left: width - 94,
    right: width - 7,
  };
}

// ---- media: a file input stands in for the camera / album ----

interface ChosenFile {
  tempFilePath: string;
  size: number;
  fileType: 'image' | 'video';
  name: string;
}

function chooseFiles(
  api: string,
  options: { count?: unknown; mediaType?: unknown; accept?: string },
): Promise<ChosenFile[]> {
  return new Promise((resolve, reject) => {
    const types = Array.isArray(options.mediaType) ? options.mediaType : ['image'];
    const input = document.createElement('input');
    input.type = 'file';
    input.accept =
      options.accept ??
      (types.includes('video') ? (types.includes('image') ? 'image/*,video/*' : 'video/*') : 'image/*');
    input.multiple = num(options.count, 9) > 1;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])].slice(0, num(options.count, 9));
      input.remove();
      if (!files.length) return reject(fail(api, 'cancel'));
      resolve(
        files.map((file) => ({
          tempFilePath: URL.createObjectURL(file),
          size: file.size,
          fileType: file.type.startsWith('video') ? 'video' : 'image',
          name: file.name,
        })),
      );
    });
    input.addEventListener('cancel', () => {
      input.remove();
      reject(fail(api, 'cancel'));
    });
    document.body.append(input);
    input.click();
  });
}

function imageSize(src: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => reject(new Error('图片加载失败'));
    img.src = src;
  });
}

// ---- the object ----

const warned = new Set<string>();

function unsupported(name: string) {
  if (!warned.has(name)) {
    warned.add(name);
    console.warn(`[预览] wx.${name} 在网页预览中不可用`);
  }
  if (/^(on|off)[A-Z]/.test(name)) return () => undefined;
  if (name.endsWith('Sync')) return () => undefined;
  if (/^create[A-Z]/.test(name)) return () => stubObject(name);
  return wxApi(name, () => {
    throw fail(name, 'not supported in preview');
  });
}

/** What `wx.createXxx()` returns for an unsupported API: every method is a no-op. */
function stubObject(_name: string): unknown {
  return new Proxy(
    {},
    {
      get: (_target, prop) => (prop === 'then' ? undefined : () => undefined),
      has: () => true,
      set: () => true,
    },
  );
}

function navigation(name: string, run: (url: string, o: ApiOptions) => Promise<unknown>) {
  return wxApi(name, (o: ApiOptions) => {
    const url = str(o.url);
    if (!url && name !== 'navigateBack') throw fail(name, 'parameter error: parameter.url should be String');
    return run(url, o);
  });
}

function createWxObject() {
  const wx: Record<string, unknown> = {
    cloud: createCloud(),

    // navigation
    navigateTo: navigation('navigateTo', (url, o) =>
      router.navigateTo(url, (o.events as Record<string, unknown> | undefined) ?? undefined),
    ),
    redirectTo: navigation('redirectTo', (url) => router.redirectTo(url)),
    switchTab: navigation('switchTab', (url) => router.switchTab(url)),
    reLaunch: navigation('reLaunch', (url) => router.reLaunch(url)),
    navigateBack: navigation('navigateBack', (_url, o) => router.navigateBack(num(o.delta, 1))),

    // UI
    showToast: wxApi('showToast', (o: ApiOptions) => showToast({ ...o, title: str(o.title) })),
    hideToast: wxApi('hideToast', () => hideToast()),
    showLoading: wxApi('showLoading', (o: ApiOptions) => showToast({ ...o, title: str(o.title, '加载中') }, 'loading')),
    hideLoading: wxApi('hideLoading', () => {
      if (isLoadingShown()) hideToast();
    }),
    showModal: wxApi('showModal', (o: ApiOptions) => showModal(o as ModalOptions)),
    showActionSheet: wxApi('showActionSheet', async (o: ApiOptions) => {
      const itemList = Array.isArray(o.itemList) ? o.itemList.map(String) : [];
      if (!itemList.length) throw fail('showActionSheet', 'parameter error: itemList should not be empty');
      const tapIndex = await showActionSheet({
        itemList,
        itemColor: str(o.itemColor) || undefined,
        alertText: str(o.alertText) || undefined,
      });
      if (tapIndex < 0) throw fail('showActionSheet', 'cancel');
      return { tapIndex };
    }),
    setNavigationBarTitle: wxApi('setNavigationBarTitle', (o: ApiOptions) => router.setTitle(str(o.title))),
    setNavigationBarColor: wxApi('setNavigationBarColor', (o: ApiOptions) =>
      router.setNavColors(str(o.frontColor) || undefined, str(o.backgroundColor) || undefined),
    ),
    showNavigationBarLoading: wxApi('showNavigationBarLoading', () => router.setNavLoading(true)),
    hideNavigationBarLoading: wxApi('hideNavigationBarLoading', () => router.setNavLoading(false)),
    hideHomeButton: wxApi('hideHomeButton', () => router.hideHomeButton()),
    setBackgroundColor: wxApi('setBackgroundColor', () => undefined),
    setBackgroundTextStyle: wxApi('setBackgroundTextStyle', () => undefined),
    startPullDownRefresh: wxApi('startPullDownRefresh', () => router.startPullDownRefresh()),
    stopPullDownRefresh: wxApi('stopPullDownRefresh', () => router.stopPullDownRefresh()),
    pageScrollTo: wxApi('pageScrollTo', (o: ApiOptions) => router.pageScrollTo(o)),
    setTabBarBadge: wxApi('setTabBarBadge', (o: ApiOptions) => router.setTabBadge(num(o.index, 0), str(o.text))),
    removeTabBarBadge: wxApi('removeTabBarBadge', (o: ApiOptions) => router.setTabBadge(num(o.index, 0), undefined)),
    showTabBarRedDot: wxApi('showTabBarRedDot', (o: ApiOptions) => router.setTabBadge(num(o.index, 0), '')),
    hideTabBarRedDot: wxApi('hideTabBarRedDot', (o: ApiOptions) => router.setTabBadge(num(o.index, 0), undefined)),
    showTabBar: wxApi('showTabBar', () => router.setTabBarHidden(false)),
    hideTabBar: wxApi('hideTabBar', () => router.setTabBarHidden(true)),
    setTabBarItem: wxApi('setTabBarItem', (o: ApiOptions) =>
      router.setTabText(num(o.index, 0), str(o.text) || undefined),
    ),
    setTabBarStyle: wxApi('setTabBarStyle', () => undefined),
    previewImage: wxApi('previewImage', (o: ApiOptions) => {
      const urls = (Array.isArray(o.urls) ? o.urls : []).map((u) => fileUrl(String(u)));
      if (!urls.length) throw fail('previewImage', 'parameter error: urls should not be empty');
      previewImages(urls, typeof o.current === 'string' ? fileUrl(o.current) : undefined);
    }),
    previewMedia: wxApi('previewMedia', (o: ApiOptions) => {
      const sources = Array.isArray(o.sources) ? (o.sources as { url?: string }[]) : [];
      previewImages(sources.map((s) => fileUrl(String(s.url ?? ''))));
    }),

    // storage
    getStorageSync,
    setStorageSync,
    removeStorageSync,
    clearStorageSync,
    getStorageInfoSync,
    getStorage: wxApi('getStorage', (o: ApiOptions) => {
      const key = str(o.key);
      if (localStorage.getItem(storagePrefix() + key) === null) throw fail('getStorage', 'data not found');
      return { data: getStorageSync(key) };
    }),
    setStorage: wxApi('setStorage', (o: ApiOptions) => setStorageSync(str(o.key), o.data)),
    removeStorage: wxApi('removeStorage', (o: ApiOptions) => removeStorageSync(str(o.key))),
    clearStorage: wxApi('clearStorage', () => clearStorageSync()),
    getStorageInfo: wxApi('getStorageInfo', () => getStorageInfoSync()),

    // system
    getSystemInfoSync: systemInfo,
    getSystemInfo: wxApi('getSystemInfo', systemInfo),
    getSystemInfoAsync: wxApi('getSystemInfoAsync', systemInfo),
    getWindowInfo: windowInfo,
    getDeviceInfo: () => ({
      brand: 'devtools',
      model: 'iPhone X（网页预览）',
      system: 'iOS 16.0',
      platform: 'devtools',
      pixelRatio: 2,
    }),
    getAppBaseInfo: () => ({
      SDKVersion: '3.5.0',
      language: 'zh_CN',
      version: '8.0.50',
      theme: 'light',
      enableDebug: false,
      fontSizeSetting: state.fontSize,
      host: { env: 'WeChat' },
    }),
    getSystemSetting: () => ({
      bluetoothEnabled: false,
      locationEnabled: true,
      wifiEnabled: true,
      deviceOrientation: 'portrait',
    }),
    getAppAuthorizeSetting: () => ({
      albumAuthorized: 'authorized',
      cameraAuthorized: 'authorized',
      locationAuthorized: 'authorized',
      notificationAuthorized: 'authorized',
    }),
    getMenuButtonBoundingClientRect: menuButtonRect,
    getAccountInfoSync: () => ({
      miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' },
      plugin: {},
    }),
    getLaunchOptionsSync: () => router.launchOptions(),
    getEnterOptionsSync: () => router.launchOptions(),
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    getNetworkType: wxApi('getNetworkType', () => ({ networkType: 'wifi', signalStrength: 100 })),
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,
    onAppShow: () => undefined,
    onAppHide: () => undefined,
    offAppShow: () => undefined,
    offAppHide: () => undefined,
    onError: () => undefined,
    onUnhandledRejection: () => undefined,
    onMemoryWarning: () => undefined,
    onWindowResize: () => undefined,
    offWindowResize: () => undefined,
    getUpdateManager: () => ({
      onCheckForUpdate: (cb: (r: unknown) => void) => setTimeout(() => cb({ hasUpdate: false }), 0),
      onUpdateReady: () => undefined,
      onUpdateFailed: () => undefined,
      applyUpdate: () => undefined,
    }),
    getLogManager: () => ({ log: console.log, info: console.info, warn: console.warn, debug: console.debug }),
    getRealtimeLogManager: () => ({
      info: console.info,
      warn: console.warn,
      error: console.error,
      setFilterMsg: () => undefined,
      addFilterMsg: () => undefined,
      in: () => undefined,
    }),
    reportAnalytics: () => undefined,
    reportEvent: () => undefined,
    reportMonitor: () => undefined,
    createSelectorQuery: () => createSelectorQuery(),
    createIntersectionObserver: () => stubObject('createIntersectionObserver'),
    vibrateShort: wxApi('vibrateShort', () => undefined),
    vibrateLong: wxApi('vibrateLong', () => undefined),
    setKeepScreenOn: wxApi('setKeepScreenOn', () => undefined),
    setScreenBrightness: wxApi('setScreenBrightness', () => undefined),
    hideKeyboard: wxApi('hideKeyboard', () => (document.activeElement as HTMLElement | null)?.blur()),
    showShareMenu: wxApi('showShareMenu', (o: ApiOptions) => setShareMenus(router.current()?.instance, o.menus)),
    hideShareMenu: wxApi('hideShareMenu', () => hideShareMenus(router.current()?.instance)),
    updateShareMenu: wxApi('updateShareMenu', () => undefined),
    canvasToTempFilePath: wxApi('canvasToTempFilePath', (o: ApiOptions) => canvasToTempFilePath(o)),

    // auth & privacy: everything granted, as for a user who accepted the privacy guide
    login: wxApi('login', () => ({ code: `sim-code-${state.identity.openid}-${Date.now()}` })),
    checkSession: wxApi('checkSession', () => undefined),
    getSetting: wxApi('getSetting', () => ({
      authSetting: { 'scope.userInfo': true },
      subscriptionsSetting: { mainSwitch: true },
    })),
    openSetting: wxApi('openSetting', () => ({ authSetting: {} })),
    authorize: wxApi('authorize', () => undefined),
    getUserProfile: wxApi('getUserProfile', () => ({
      userInfo: {
        nickName: state.identity.label,
        avatarUrl: '',
        gender: 0,
        country: '',
        province: '',
        city: '',
        language: 'zh_CN',
      },
    })),
    getUserInfo: wxApi('getUserInfo', () => ({ userInfo: { nickName: '微信用户', avatarUrl: '' } })),
    getPrivacySetting: wxApi('getPrivacySetting', () => ({
      needAuthorization: false,
      privacyContractName: '《小程序隐私保护指引》',
    })),
    requirePrivacyAuthorize: wxApi('requirePrivacyAuthorize', () => undefined),
    openPrivacyContract: wxApi('openPrivacyContract', () => showToast({ title: '预览中不展示隐私协议', icon: 'none' })),
    onNeedPrivacyAuthorization: () => undefined,
    requestSubscribeMessage: wxApi('requestSubscribeMessage', (o: ApiOptions) => {
      const ids = Array.isArray(o.tmplIds) ? o.tmplIds.map(String) : [];
      return Object.fromEntries(ids.map((id) => [id, 'accept']));
    }),

    // device-ish
    scanCode: wxApi('scanCode', async () => {
      const answer = await showModal({
        title: '模拟扫码',
        editable: true,
        placeholderText: '输入二维码 / 条形码的内容',
        confirmText: '识别',
      });
      if (!answer.confirm || !answer.content) throw fail('scanCode', 'cancel');
      const result = answer.content.trim();
      return {
        result,
        scanType: /^\d+$/.test(result) ? 'EAN_13' : 'QR_CODE',
        charSet: 'utf-8',
        rawData: btoa(unescape(encodeURIComponent(result))),
      };
    }),
    chooseMedia: wxApi('chooseMedia', async (o: ApiOptions) => {
      const files = await chooseFiles('chooseMedia', { count: o.count, mediaType: o.mediaType });
      return {
        type: files.every((f) => f.fileType === 'image') ? 'image' : 'mix',
        tempFiles: files.map(({ name: _n, ...f }) => f),
      };
    }),
    chooseImage: wxApi('chooseImage', async (o: ApiOptions) => {
      const files = await chooseFiles('chooseImage', { count: o.count });
      return {
        tempFilePaths: files.map((f) => f.tempFilePath),
        tempFiles: files.map((f) => ({ path: f.tempFilePath, size: f.size })),
      };
    }),
    chooseMessageFile: wxApi('chooseMessageFile', async (o: ApiOptions) => {
      const files = await chooseFiles('chooseMessageFile', { count: o.count, accept: '*/*' });
      return {
        tempFiles: files.map((f) => ({
          path: f.tempFilePath,
          size: f.size,
          name: f.name,
          type: 'file',
          time: Date.now(),
        })),
      };
    }),
    compressImage: wxApi('compressImage', (o: ApiOptions) => ({ tempFilePath: str(o.src) })),
    getImageInfo: wxApi('getImageInfo', async (o: ApiOptions) => {
      const src = fileUrl(str(o.src));
      return { ...(await imageSize(src)), path: src, orientation: 'up', type: 'unknown' };
    }),
    saveImageToPhotosAlbum: wxApi('saveImageToPhotosAlbum', (o: ApiOptions) => {
      const a = document.createElement('a');
      a.href = fileUrl(str(o.filePath));
      a.download = '';
      a.click();
    }),
    downloadFile: wxApi('downloadFile', async (o: ApiOptions) => {
      const response = await fetch(fileUrl(str(o.url)));
      return { tempFilePath: URL.createObjectURL(await response.blob()), statusCode: response.status };
    }),
    openDocument: wxApi('openDocument', (o: ApiOptions) => {
      window.open(fileUrl(str(o.filePath)), '_blank');
    }),
    request: wxApi('request', async (o: ApiOptions) => {
      const method = str(o.method, 'GET').toUpperCase();
      const headers = (o.header as Record<string, string> | undefined) ?? {};
      const body =
        method === 'GET' || o.data === undefined
          ? undefined
          : typeof o.data === 'string'
            ? o.data
            : JSON.stringify(o.data);
      const response = await fetch(str(o.url), { method, headers, body });
      const text = await response.text();
      let data: unknown = text;
      if (o.dataType !== '其他') {
        try {
          data = JSON.parse(text);
        } catch {
          data = text;
        }
      }
      return { data, statusCode: response.status, header: Object.fromEntries(response.headers.entries()) };
    }),
    makePhoneCall: wxApi('makePhoneCall', (o: ApiOptions) =>
      showToast({ title: `模拟拨打电话：${str(o.phoneNumber)}`, icon: 'none', duration: 2500 }),
    ),
    setClipboardData: wxApi('setClipboardData', async (o: ApiOptions) => {
      clipboard = str(o.data);
      await navigator.clipboard?.writeText(clipboard).catch(() => undefined);
      showToast({ title: '内容已复制', icon: 'success' });
    }),
    getClipboardData: wxApi('getClipboardData', () => ({ data: clipboard })),
    // A fixed demo position (广州市越秀区, GCJ-02), so "nearest first" lists sort the same for everyone.
    getLocation: wxApi('getLocation', () => ({ latitude: 23.1291, longitude: 113.2644, speed: 0, accuracy: 65 })),
    openLocation: wxApi('openLocation', (o: ApiOptions) => {
      const latitude = num(o.latitude, Number.NaN);
      const longitude = num(o.longitude, Number.NaN);
      if (Number.isNaN(latitude) || Number.isNaN(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
        throw fail('openLocation', 'parameter error: latitude and longitude should be numbers in range');
      }
      showLocation({ name: str(o.name), address: str(o.address), latitude, longitude });
    }),
  };
  return wx;
}

let clipboard = '';

export function createWx(): Record<string, unknown> {
  const target = createWxObject();
  return new Proxy(target, {
    get(obj, prop) {
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      if (prop in obj) return obj[prop];
      const fallback = unsupported(prop);
      obj[prop] = fallback;
      return fallback;
    },
  });
}
