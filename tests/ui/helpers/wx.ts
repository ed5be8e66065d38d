/**
 * A fake `wx` for one test: the cloud answers from a table of envelopes keyed by "function.action"
 * (this is the only place the cloud is faked; integration tests use the real local cloud), and the
 * UI APIs the pages use are jest mocks to assert on.
 */
import type { ErrorCode } from '../../../typings/api';

export type Envelope = { ok: true; data: unknown } | { ok: false; code: ErrorCode; message: string; details?: unknown };
type Route = Envelope | ((data: Record<string, unknown>) => Envelope | Promise<Envelope>);

export const ok = (data: unknown): Envelope => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string): Envelope => ({ ok: false, code, message });

/** A response the test releases when it wants: lets it look at the loading state first. */
export function deferred<T = Envelope>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** What wx.cloud.CloudID returns: the marker the platform swaps for decrypted open data. */
export interface CloudIdMarker {
  cloudID: string;
}

export function mockWx(routes: Record<string, Route> = {}) {
  const callFunction = jest.fn(async ({ name, data }: { name: string; data: Record<string, unknown> }) => {
    const key = `${name}.${String(data.action)}`;
    const route = routes[key];
    if (!route) throw new Error(`cloud.callFunction:fail no fake for ${key}`);
    const result = typeof route === 'function' ? await route(data) : route;
    return { result, errMsg: 'cloud.callFunction:ok', requestID: 'test' };
  });
  let privacyListener: ((resolve: (o: object) => void, info?: { referrer?: string }) => void) | null = null;
  const mocks = {
    cloud: {
      init: jest.fn(),
      callFunction,
      CloudID: jest.fn((cloudID: string): CloudIdMarker => ({ cloudID })),
    },
    showToast: jest.fn(),
    showModal: jest.fn(),
    navigateTo: jest.fn(),
    switchTab: jest.fn(),
    makePhoneCall: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    // WeChat always ends the prompt with `complete` (accepted, rejected or failed).
    requestSubscribeMessage: jest.fn((o: { complete?: () => void }) => o.complete?.()),
    openPrivacyContract: jest.fn(),
    getPrivacySetting: jest.fn((o: { success?: (r: object) => void }) =>
      o.success?.({
        needAuthorization: true,
        privacyContractName: '《粤品通小程序隐私保护指引》',
        errMsg: 'getPrivacySetting:ok',
      }),
    ),
    onNeedPrivacyAuthorization: jest.fn((listener: typeof privacyListener) => {
      privacyListener = listener;
    }),
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { appId: 'wx-test', envVersion: 'develop', version: '' } })),
  };
  Object.assign(globalThis as unknown as { wx: object }, {
    wx: { ...(globalThis as unknown as { wx: object }).wx, ...mocks },
  });
  return {
    ...mocks,
    callFunction,
    /** The `{name, data}` of every cloud call, in order. */
    calls: () => callFunction.mock.calls.map(([arg]) => arg),
    /** Simulates WeChat pausing a privacy API (e.g. the phone button) until the user answers. */
    triggerPrivacy(referrer = 'button.getPhoneNumber') {
      if (!privacyListener) throw new Error('no onNeedPrivacyAuthorization listener registered');
      const resolve = jest.fn();
      privacyListener(resolve, { referrer });
      return resolve;
    },
    /** Last toast title. */
    lastToast: () => (mocks.showToast.mock.calls.at(-1)?.[0] as { title?: string } | undefined)?.title,
  };
}

export type WxMock = ReturnType<typeof mockWx>;
