import type { PreviewIdentitiesReply, PreviewIdentity, PreviewManifest } from '../types';

/** WeChat's standard text size (px): wx.getSystemInfo().fontSizeSetting on a phone left as set. */
export const STANDARD_FONT_SIZE = 16;
/**
 * The largest text size the preview offers (`?font=largest`): 1.5× the standard, as WeChat's largest
 * font setting scales text. Pages with <page-meta root-font-size="system"> size rem from it.
 */
export const LARGEST_FONT_SIZE = 24;

/** The system text size asked for by `?font=` (`largest`, `standard` or a px value 12–40). */
function fontSizeFromQuery(): number {
  const asked = new URLSearchParams(location.search).get('font');
  if (asked === 'largest') return LARGEST_FONT_SIZE;
  const px = Number(asked);
  return asked && Number.isInteger(px) && px >= 12 && px <= 40 ? px : STANDARD_FONT_SIZE;
}

/** Process-wide state of the preview runtime (one mini-program, one user per page load). */
export const state: {
  manifest?: PreviewManifest;
  identities: PreviewIdentity[];
  identity: PreviewIdentity;
  cloudUrl: string;
  envId: string;
  /** Set once App() ran and the first page is open. */
  launched: boolean;
  /** wx.cloud requests in flight (tests wait for 0 before asserting). */
  pendingCalls: number;
  /** The phone's system text size in px (wx.getSystemInfo().fontSizeSetting). */
  fontSize: number;
} = {
  identities: [],
  identity: { openid: 'demo-consumer', label: '消费者' },
  cloudUrl: location.origin,
  envId: 'local',
  launched: false,
  pendingCalls: 0,
  fontSize: fontSizeFromQuery(),
};

/**
 * The page on top of the stack as the DOM shows it. The router installs the lookup; modules the
 * router imports (the selector query) ask here instead of importing the router back.
 */
export const topPage: { view: () => { root: Element; scroller: HTMLElement } | undefined } = {
  view: () => undefined,
};

/** Counts a request to the local cloud while it is in flight. */
export async function tracked<T>(request: Promise<T>): Promise<T> {
  state.pendingCalls += 1;
  try {
    return await request;
  } finally {
    state.pendingCalls -= 1;
  }
}

export function manifest(): PreviewManifest {
  if (!state.manifest) throw new Error('小程序尚未加载');
  return state.manifest;
}

const IDENTITY_KEY = 'wxp:identity';

/** The identity asked for by `?as=`, else the last one used, else the server's default. */
export function chooseIdentity(reply: PreviewIdentitiesReply): PreviewIdentity {
  const wanted =
    new URLSearchParams(location.search).get('as') ?? localStorage.getItem(IDENTITY_KEY) ?? reply.defaultOpenid;
  const found = reply.identities.find((i) => i.openid === wanted);
  // An openid that is not a demo identity is still usable (a fresh user for exploratory testing).
  const identity =
    found ?? (wanted ? { openid: wanted, label: wanted, description: '自定义身份' } : reply.identities[0]);
  localStorage.setItem(IDENTITY_KEY, identity.openid);
  return identity;
}

/** Relaunches the preview as another user: a fresh page load, like a new WeChat session. */
export function switchIdentity(openid: string): void {
  localStorage.setItem(IDENTITY_KEY, openid);
  const url = new URL(location.href);
  url.searchParams.set('as', openid);
  url.hash = '';
  location.href = url.toString();
}

/** Errors from the mini-program's code, listed in the side panel. */
export const errorLog: { message: string; at: Date }[] = [];
const errorListeners: (() => void)[] = [];

export function reportError(context: string, error: unknown): void {
  const detail = error instanceof Error ? error.stack || error.message : String(error);
  console.error(`[预览] ${context}`, error);
  errorLog.push({ message: `${context}：${detail}`, at: new Date() });
  for (const listener of errorListeners) listener();
}

export function onErrorLogged(listener: () => void): void {
  errorListeners.push(listener);
}
