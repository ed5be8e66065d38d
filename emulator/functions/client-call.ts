import type { InvocationIdentity } from './host';

/**
 * What `/client/call` (and the CLI's `call --openid`) accept as a mini-program caller, and the
 * identity the platform would give that call. WeChat OPENIDs are 28 characters of base64url;
 * locally any readable name of that alphabet will do (`demo-admin`, `o-alice`, even `0`), but
 * nothing else reaches a function as an OPENID.
 */
export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * How deep a client call's JSON may nest. The platform's own limit is not documented; our actions
 * take data a few levels deep, and unbounded nesting overflowed the stack (HTTP 500).
 */
export const MAX_CLIENT_JSON_DEPTH = 32;

/** SOURCE values a client call may claim: a mini-program user, or WeChat's crawler (no OPENID). */
export const CLIENT_SOURCES = ['wx_client', 'wx_crawler'] as const;
export type ClientSource = (typeof CLIENT_SOURCES)[number];

/**
 * True when UTF-8 JSON nests arrays/objects deeper than `max`: a linear scan of the bytes, no
 * recursion (multi-byte UTF-8 sequences never contain the ASCII bytes looked at here).
 */
export function jsonNestsDeeperThan(json: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export type ClientIdentityResult = { ok: true; identity: InvocationIdentity } | { ok: false; message: string };

/**
 * The identity of a client call `{openid, unionid?, source?}`, as the platform gives it: `wx_client`
 * with OPENID and APPID, or `wx_crawler` with APPID and no OPENID. Anything else is refused.
 */
export function clientIdentity(
  body: { openid?: unknown; unionid?: unknown; source?: unknown },
  appid: string,
  clientIp: string | undefined,
): ClientIdentityResult {
  const { openid, unionid } = body;
  const source = CLIENT_SOURCES.find((s) => s === (body.source ?? 'wx_client'));
  if (!source) return { ok: false, message: `source 只能是 ${CLIENT_SOURCES.join(' 或 ')}` };
  if (source === 'wx_crawler') {
    if (openid !== undefined || unionid !== undefined) {
      return { ok: false, message: '微信爬虫的调用不带用户身份（openid、unionid）' };
    }
    return { ok: true, identity: { appid, clientIp, source } };
  }
  if (openid === undefined || openid === null || openid === '') {
    return { ok: false, message: '缺少 openid：小程序端调用总是带有用户身份' };
  }
  if (typeof openid !== 'string' || !OPENID_PATTERN.test(openid)) {
    return { ok: false, message: 'openid 格式不对：应为 1–64 位字母、数字、- 或 _' };
  }
  const hasUnionid = unionid !== undefined && unionid !== null && unionid !== '';
  if (hasUnionid && (typeof unionid !== 'string' || !OPENID_PATTERN.test(unionid))) {
    return { ok: false, message: 'unionid 格式不对：应为 1–64 位字母、数字、- 或 _' };
  }
  return {
    ok: true,
    identity: { openid, appid, unionid: hasUnionid ? (unionid as string) : undefined, clientIp, source },
  };
}
