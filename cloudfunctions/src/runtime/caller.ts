/**
 * Who is calling, decided from the platform context only (getWXContext() and the invocation's
 * environment), never from the event a client sends. Pure: no SDK import, so the rule is tested as
 * a table (tests/unit/runtime/caller.test.ts). The reasoning is in docs/ARCHITECTURE.md ("Who is
 * calling").
 *
 * - user: the platform gave an OPENID (whatever the SOURCE; `0` is a user like any other);
 * - console: no end-user identity at all and no SOURCE (the Tencent Cloud API InvokeFunction path:
 *   the CloudBase console, `tcb fn invoke`, server SDKs);
 * - timer: no end-user identity, TRIGGER_SRC `timer` and SOURCE `wx_trigger` (or none);
 * - anonymous: everything else: the WeChat crawler, HTTP access, web logins, function chains,
 *   origins we do not know. An allowlist: an unknown origin is never the console.
 */

export type CallerKind = 'user' | 'console' | 'timer' | 'anonymous';

export interface CallerIdentity {
  kind: CallerKind;
  /** The OPENID as a string; set only for `user`. */
  openid?: string;
  /** The SOURCE chain as given (comma separated, caller first), for logs. */
  source?: string;
}

/** What getWXContext() returned: wx-server-sdk turns an all-digit value into a number. */
export type WXContextLike = Record<string, unknown>;

/** The invocation's environment (process.env in SCF): TRIGGER_SRC, the raw WX_OPENID, web-login keys. */
export type PlatformEnv = Record<string, string | undefined>;

/**
 * Keys the platform sets for end users who are not WeChat mini-program users (CloudBase web SDK
 * logins: anonymous, custom, WeChat open platform). Any of them rules out the console.
 */
const END_USER_KEYS = ['TCB_UUID', 'TCB_CUSTOM_USER_ID', 'TCB_ISANONYMOUS_USER', 'LOGINTYPE', 'QQ_OPENID'] as const;

const present = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * The OPENID as a string. wx-server-sdk parseInt()s an all-digit value, so `007` arrives as 7; the
 * digits are then taken from WX_OPENID, the variable the SDK itself read, so `007` and `7` stay two
 * users.
 */
export function normaliseOpenid(value: unknown, rawEnvValue?: string): string {
  if (typeof value === 'number' && rawEnvValue !== undefined && /^-?\d+$/.test(rawEnvValue)) {
    if (parseInt(rawEnvValue, 10) === value) return rawEnvValue;
  }
  return String(value);
}

export function identifyCaller(wx: WXContextLike, env: PlatformEnv): CallerIdentity {
  const source = present(wx.SOURCE) ? String(wx.SOURCE) : undefined;
  const withSource = <T extends CallerIdentity>(identity: T): T =>
    source === undefined ? identity : { ...identity, source };

  if (present(wx.OPENID)) {
    const openid = normaliseOpenid(wx.OPENID, env.WX_OPENID);
    // An empty OPENID is no identity, and not the console either.
    return withSource(openid ? { kind: 'user', openid } : { kind: 'anonymous' });
  }
  if (present(wx.UNIONID) || END_USER_KEYS.some((key) => present(env[key]) && env[key] !== '')) {
    return withSource({ kind: 'anonymous' });
  }
  if (env.TRIGGER_SRC === 'timer' && (source === undefined || source === 'wx_trigger')) {
    return withSource({ kind: 'timer' });
  }
  // Other TRIGGER_SRC values are undocumented (API calls may carry one): they neither grant nor refuse.
  return source === undefined ? { kind: 'console' } : { kind: 'anonymous', source };
}
