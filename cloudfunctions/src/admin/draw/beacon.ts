/**
 * The draw's beacon, server side: pinning the source at open and obtaining its value at draw time.
 * drand rounds come from HTTP relays (YPT_DRAND_RELAYS, comma-separated; default the League of
 * Entropy's public relays) and are BLS-verified against the pinned chain's key before use, so a relay
 * can withhold a round but never substitute one.
 */
import { z } from 'zod';
import {
  DRAND_CHAINS,
  checkDrandValue,
  normalizeIssue,
  normalizeNumbers,
  pinDrand,
  testChainHash,
  type BeaconValue,
  type DrandChainInfo,
  type DrandValue,
  type PinnedBeacon,
  type PinnedDrand,
} from '../../core/draw/beacon';
import { calendarDate, formatDateTime } from '../../core/time';
import type { BeaconChoice } from '../../contract/voucher';
import { AppError } from '../../runtime/errors';
import { localOnly } from '../../runtime/jobs';

export const DEFAULT_DRAND_RELAYS = ['https://api.drand.sh', 'https://drand.cloudflare.com'];
const FETCH_TIMEOUT_MS = 5000;

export function drandRelays(): string[] {
  const configured = (process.env.YPT_DRAND_RELAYS ?? '')
    .split(',')
    .map((r) => r.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return configured.length ? configured : DEFAULT_DRAND_RELAYS;
}

type Fetched = { kind: 'ok'; json: unknown } | { kind: 'missing' } | { kind: 'failed'; reason: string };

async function getJson(url: string): Promise<Fetched> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    // Relays answer a round that is not produced yet with 404 or 425 (Too Early).
    if (res.status === 404 || res.status === 425) return { kind: 'missing' };
    if (!res.ok) return { kind: 'failed', reason: `${url}: HTTP ${res.status}` };
    return { kind: 'ok', json: await res.json() };
  } catch (error) {
    return { kind: 'failed', reason: `${url}: ${(error as Error).message}` };
  }
}

const hex = z.string().regex(/^([0-9a-f]{2})+$/);
const relayInfoSchema = z.object({
  public_key: hex,
  period: z.number().int().positive(),
  genesis_time: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  schemeID: z.enum(['bls-unchained-g1-rfc9380', 'pedersen-bls-chained']),
});
const relayRoundSchema = z.object({
  round: z.number().int().positive(),
  randomness: z.string().regex(/^[0-9a-f]{64}$/),
  signature: hex,
  previous_signature: hex.optional(),
});

/**
 * The local cloud serves only its test chain, so there every drand campaign pins that chain (marked
 * `test: true`, which verify accepts only when told to); its info is fetched from the relay.
 */
async function localTestChain(): Promise<DrandChainInfo> {
  const problems: string[] = [];
  for (const relay of drandRelays()) {
    const fetched = await getJson(`${relay}/info`);
    if (fetched.kind !== 'ok') {
      problems.push(fetched.kind === 'failed' ? fetched.reason : `${relay}/info: not found`);
      continue;
    }
    const parsed = relayInfoSchema.safeParse(fetched.json);
    if (!parsed.success) {
      problems.push(`${relay}/info: not a drand chain info`);
      continue;
    }
    const info = {
      publicKey: parsed.data.public_key,
      scheme: parsed.data.schemeID,
      genesis: parsed.data.genesis_time,
      period: parsed.data.period,
    };
    const chainHash = testChainHash(info);
    if (chainHash !== parsed.data.hash) {
      problems.push(`${relay}/info: hash ${parsed.data.hash} does not name this info`);
      continue;
    }
    return { chainHash, ...info };
  }
  console.error(`[beacon] no test chain: ${problems.join('; ')}`);
  throw new AppError('BEACON_UNAVAILABLE', '无法连接本地测试随机信标，请稍后重试');
}

/**
 * Fixes the campaign's beacon source at open: the chosen source (default: drand quicknet), for a value
 * that appears only after closesAt (the create input already requires an announced issue's draw day
 * to come after the closing day).
 */
export async function pinBeacon(choice: BeaconChoice | undefined, closesAt: Date): Promise<PinnedBeacon> {
  const chosen: BeaconChoice = choice ?? { type: 'drand', chain: 'quicknet' };
  if (chosen.type === 'announced') {
    return { type: 'announced', issue: normalizeIssue(chosen.issue), drawDate: chosen.drawDate };
  }
  return localOnly()
    ? pinDrand('test', await localTestChain(), closesAt)
    : pinDrand(chosen.chain, DRAND_CHAINS[chosen.chain], closesAt);
}

/** Fetches the pinned drand round from the relays, verifying it; the first valid answer wins. */
export async function fetchDrandRound(pinned: PinnedDrand): Promise<DrandValue> {
  let missing = false;
  const problems: string[] = [];
  for (const relay of drandRelays()) {
    const url = `${relay}/${pinned.chainHash}/public/${pinned.round}`;
    const fetched = await getJson(url);
    if (fetched.kind === 'missing') {
      missing = true;
      continue;
    }
    if (fetched.kind === 'failed') {
      problems.push(fetched.reason);
      continue;
    }
    const parsed = relayRoundSchema.safeParse(fetched.json);
    if (!parsed.success || parsed.data.round !== pinned.round) {
      problems.push(`${url}: not round ${pinned.round}`);
      continue;
    }
    const value: DrandValue = {
      randomness: parsed.data.randomness,
      signature: parsed.data.signature,
      ...(pinned.chain === 'default' && parsed.data.previous_signature
        ? { previousSignature: parsed.data.previous_signature }
        : {}),
    };
    const problem = checkDrandValue(pinned, value);
    if (problem) {
      problems.push(`${url}: ${problem}`);
      continue;
    }
    return value;
  }
  if (problems.length) console.error(`[beacon] round ${pinned.round}: ${problems.join('; ')}`);
  if (missing) {
    throw new AppError(
      'BEACON_NOT_READY',
      `公开随机数（drand 第 ${pinned.round} 轮，${formatDateTime(pinned.roundTime)} 产生）尚未发布，请在该时间之后再摇号`,
    );
  }
  if (problems.some((p) => /signature|randomness|not round/.test(p))) {
    throw new AppError('BEACON_INVALID', `随机信标服务返回的第 ${pinned.round} 轮数据未通过签名核验，摇号已中止`);
  }
  throw new AppError('BEACON_UNAVAILABLE', '暂时无法连接随机信标服务，请稍后重试');
}

export interface AnnouncedEntry {
  issue: string;
  numbers: string;
}

/**
 * The value of the pinned source: drand is fetched (never typed); an announced issue's numbers are
 * typed by the admin, for the pinned issue, on or after its draw day.
 */
export async function resolveBeaconValue(
  pinned: PinnedBeacon,
  announced: AnnouncedEntry | undefined,
  now: Date,
): Promise<BeaconValue> {
  if (pinned.type === 'drand') {
    if (announced)
      throw new AppError(
        'BEACON_MISMATCH',
        `本活动的公开随机数锁定为 drand 第 ${pinned.round} 轮，由系统自动获取，不能填写开奖号码`,
      );
    return fetchDrandRound(pinned);
  }
  if (!announced) throw new AppError('VALIDATION_FAILED', `请填写${pinned.issue}的开奖号码`);
  if (normalizeIssue(announced.issue) !== pinned.issue)
    throw new AppError(
      'BEACON_MISMATCH',
      `填写的期号“${normalizeIssue(announced.issue)}”与活动开放时锁定的“${pinned.issue}”不一致`,
    );
  if (calendarDate(now) < pinned.drawDate)
    throw new AppError('BEACON_NOT_READY', `${pinned.issue}于 ${pinned.drawDate} 开奖，开奖日之前不能录入开奖号码`);
  return { numbers: normalizeNumbers(announced.numbers) };
}
