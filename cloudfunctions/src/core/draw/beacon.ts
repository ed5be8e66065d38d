/**
 * The pinned beacon of draw-v1 (LOTTERY.md, "pins its beacon source"): at open a campaign fixes
 * where its public random value will come from, for a value that appears only after the close, and
 * the draw accepts nothing else. Pure: the drand BLS check runs offline against the chain's key.
 */
import { createHash } from 'node:crypto';
import type { bls12_381 as Bls12381 } from '@noble/curves/bls12-381';
import { calendarDate, startOfShanghaiDay } from '../time';
import { NUMBERS_PATTERN, normalizeIssue, normalizeNumbers } from './lottery';

export { ISSUE_PATTERN, NUMBERS_PATTERN, normalizeIssue, normalizeNumbers } from './lottery';

/** The pinned drand round is the first whose time is at least this long after closesAt. */
export const BEACON_DELAY_SECONDS = 600;

export type DrandScheme = 'bls-unchained-g1-rfc9380' | 'pedersen-bls-chained';

export interface DrandChainInfo {
  chainHash: string;
  /** Hex, compressed: G2 (96 bytes) for bls-unchained-g1-rfc9380, G1 (48 bytes) for pedersen-bls-chained. */
  publicKey: string;
  scheme: DrandScheme;
  /** Unix seconds of round 1. */
  genesis: number;
  /** Seconds between rounds. */
  period: number;
}

/** The League of Entropy's public chains (https://api.drand.sh/<chainHash>/info). */
export const DRAND_CHAINS = {
  quicknet: {
    chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
    publicKey:
      '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
    scheme: 'bls-unchained-g1-rfc9380',
    genesis: 1692803367,
    period: 3,
  },
  default: {
    chainHash: '8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce',
    publicKey: '868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31',
    scheme: 'pedersen-bls-chained',
    genesis: 1595431050,
    period: 30,
  },
} as const satisfies Record<string, DrandChainInfo>;

export type PublicDrandChain = keyof typeof DRAND_CHAINS;
export type DrandChainName = PublicDrandChain | 'test';

const DST_G1 = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
const DST_G2 = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_';

/** A drand round pinned at open. */
export interface PinnedDrand {
  type: 'drand';
  chain: DrandChainName;
  chainHash: string;
  round: number;
  /** ISO instant at which the round is produced. */
  roundTime: string;
  /** Test chains only (a local cloud's own chain): no constant names them, so the record carries their info. */
  test?: true;
  publicKey?: string;
  scheme?: DrandScheme;
  genesis?: number;
  period?: number;
}

/** An official lottery issue named at open, checked by people against the lottery's announcement. */
export interface PinnedAnnounced {
  type: 'announced';
  /** e.g. 福彩3D 第2026335期 */
  issue: string;
  /** Asia/Shanghai calendar date of that issue's draw. */
  drawDate: string;
}

export type PinnedBeacon = PinnedDrand | PinnedAnnounced;

export interface DrandValue {
  randomness: string;
  signature: string;
  /** Chained schemes only: the signature of the round before. */
  previousSignature?: string;
}

export interface AnnouncedValue {
  numbers: string;
}

export type BeaconValue = DrandValue | AnnouncedValue;

/** The beacon source as the draw record publishes it: the pinned source and the value it gave. */
export type BeaconSource = (PinnedDrand & DrandValue) | (PinnedAnnounced & AnnouncedValue & { checkedBy: 'people' });

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

/** Unix seconds at which `round` is produced: round 1 at genesis, then one per period. */
export function roundTime(chain: Pick<DrandChainInfo, 'genesis' | 'period'>, round: number): Date {
  return new Date((chain.genesis + (round - 1) * chain.period) * 1000);
}

/** The first round produced at or after `at`. */
export function firstRoundAtOrAfter(chain: Pick<DrandChainInfo, 'genesis' | 'period'>, at: Date): number {
  const seconds = Math.ceil(at.getTime() / 1000);
  if (seconds <= chain.genesis) return 1;
  return Math.ceil((seconds - chain.genesis) / chain.period) + 1;
}

/** How a test chain names itself: a hash of what a verifier needs to check it. */
export function testChainHash(info: Omit<DrandChainInfo, 'chainHash'>): string {
  return sha256(`ypt-test-chain|${info.scheme}|${info.publicKey}|${info.genesis}|${info.period}`).toString('hex');
}

/** Pins the round for a campaign closing at `closesAt` on a chain. */
export function pinDrand(chain: DrandChainName, info: DrandChainInfo, closesAt: Date): PinnedDrand {
  const round = firstRoundAtOrAfter(info, new Date(closesAt.getTime() + BEACON_DELAY_SECONDS * 1000));
  const pinned: PinnedDrand = {
    type: 'drand',
    chain,
    chainHash: info.chainHash,
    round,
    roundTime: roundTime(info, round).toISOString(),
  };
  if (chain !== 'test') return pinned;
  const { publicKey, scheme, genesis, period } = info;
  return { ...pinned, test: true, publicKey, scheme, genesis, period };
}

/** The chain info a pinned round is checked against: the constant for public chains, the record's own for test chains. */
export function chainInfoOf(pinned: PinnedDrand): DrandChainInfo | undefined {
  if (pinned.chain !== 'test') return DRAND_CHAINS[pinned.chain];
  const { chainHash, publicKey, scheme, genesis, period } = pinned;
  if (publicKey === undefined || scheme === undefined || genesis === undefined || period === undefined)
    return undefined;
  return { chainHash, publicKey, scheme, genesis, period };
}

/** The moment the pinned value exists: the round's time, or the start of the lottery's draw day. */
export function beaconTime(pinned: PinnedBeacon): Date {
  return pinned.type === 'drand' ? new Date(pinned.roundTime) : startOfShanghaiDay(pinned.drawDate);
}

/**
 * The beacon string that enters the seed, derived from the pinned source and its value:
 * `drand <chainHash> <round> <randomness>`, or `<drawDate> <issue> <numbers>` for an announced issue
 * (LOTTERY.md test vector 1's beacon has that form).
 */
export function beaconString(pinned: PinnedBeacon, value: BeaconValue): string {
  if (pinned.type === 'drand') return `drand ${pinned.chainHash} ${pinned.round} ${(value as DrandValue).randomness}`;
  return `${pinned.drawDate} ${normalizeIssue(pinned.issue)} ${normalizeNumbers((value as AnnouncedValue).numbers)}`;
}

/** The record's beaconSource: the pinned source and its value. */
export function beaconSourceOf(pinned: PinnedBeacon, value: BeaconValue): BeaconSource {
  if (pinned.type === 'drand') {
    const { randomness, signature, previousSignature } = value as DrandValue;
    return { ...pinned, randomness, signature, ...(previousSignature ? { previousSignature } : {}) };
  }
  return { ...pinned, numbers: normalizeNumbers((value as AnnouncedValue).numbers), checkedBy: 'people' };
}

/** The value part of a record's beaconSource. */
export function beaconValueOf(source: BeaconSource): BeaconValue {
  if (source.type === 'announced') return { numbers: source.numbers };
  return {
    randomness: source.randomness,
    signature: source.signature,
    ...(source.previousSignature ? { previousSignature: source.previousSignature } : {}),
  };
}

function roundMessage(round: number, previousSignature?: string): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(round));
  return sha256(previousSignature ? Buffer.concat([Buffer.from(previousSignature, 'hex'), bytes]) : bytes);
}

let curve: typeof Bls12381 | undefined;

/** The curve, loaded on first use: building its tables takes ~0.1 s that `draw compute` never needs. */
function bls12381(): typeof Bls12381 {
  curve ??= (require('@noble/curves/bls12-381') as typeof import('@noble/curves/bls12-381')).bls12_381;
  return curve;
}

/**
 * The BLS check of one drand round against a chain's public key, offline. A malformed point or
 * signature counts as invalid, never throws.
 */
export function verifyDrandSignature(
  info: Pick<DrandChainInfo, 'publicKey' | 'scheme'>,
  round: number,
  value: Pick<DrandValue, 'signature' | 'previousSignature'>,
): boolean {
  const bls = bls12381();
  try {
    if (info.scheme === 'bls-unchained-g1-rfc9380') {
      const message = bls.shortSignatures.hash(roundMessage(round), DST_G1);
      return bls.shortSignatures.verify(value.signature, message, info.publicKey);
    }
    if (!value.previousSignature) return false;
    const message = bls.longSignatures.hash(roundMessage(round, value.previousSignature), DST_G2);
    return bls.longSignatures.verify(value.signature, message, info.publicKey);
  } catch {
    return false;
  }
}

/** randomness = SHA-256(signature). */
export function randomnessOf(signatureHex: string): string {
  return sha256(Buffer.from(signatureHex, 'hex')).toString('hex');
}

/**
 * Checks a drand value against its pinned round: randomness derived from the signature, and the
 * signature valid for that round under the chain's key. Returns the first problem, or undefined.
 */
export function checkDrandValue(pinned: PinnedDrand, value: DrandValue): string | undefined {
  const info = chainInfoOf(pinned);
  if (!info) return 'beaconSource: a test chain must carry its publicKey, scheme, genesis and period';
  if (info.scheme === 'pedersen-bls-chained' && !value.previousSignature)
    return 'beaconSource.previousSignature is missing (the chain signs each round over the previous signature)';
  if (info.scheme !== 'pedersen-bls-chained' && value.previousSignature)
    return `beaconSource.previousSignature is not part of ${info.scheme} rounds`;
  const randomness = randomnessOf(value.signature);
  if (value.randomness !== randomness)
    return `beaconSource.randomness differs: record has ${value.randomness}, SHA-256(signature) is ${randomness}`;
  if (!verifyDrandSignature(info, pinned.round, value))
    return `beaconSource.signature is not a valid signature of round ${pinned.round} under the chain's public key`;
  return undefined;
}

export interface BeaconCheckInput {
  beacon: string;
  beaconSource: BeaconSource;
  /** ISO instants: when the campaign was due to close, and when it closed. */
  closesAt: string;
  closedAt: string;
}

export type BeaconCheck = { ok: true; notice: string } | { ok: false; difference: string };

/**
 * Everything a record's beacon must satisfy: the source is the one pinned for this closing time,
 * the campaign closed before the value existed, the value is genuine (drand: BLS-verified; an
 * announced issue: checked by people, said so in the notice), and the beacon string derives from it.
 */
export function checkBeacon(input: BeaconCheckInput, options: { allowTestChain?: boolean } = {}): BeaconCheck {
  const fail = (difference: string): BeaconCheck => ({ ok: false, difference });
  const source = input.beaconSource;
  const closesAt = new Date(input.closesAt);
  const closedAt = new Date(input.closedAt);
  const derived = beaconString(source, beaconValueOf(source));
  if (input.beacon !== derived)
    return fail(`beacon differs: record has ${input.beacon}, the beaconSource gives ${derived}`);
  const valueTime = beaconTime(source);

  if (source.type === 'announced') {
    const closingDay = calendarDate(closesAt);
    if (!(source.drawDate > closingDay))
      return fail(`beaconSource.drawDate ${source.drawDate} is not after the closing day ${closingDay}`);
    if (closedAt > valueTime)
      return fail(`closedAt ${input.closedAt} is after the start of the draw day ${source.drawDate}`);
    if (source.numbers !== normalizeNumbers(source.numbers) || !NUMBERS_PATTERN.test(source.numbers))
      return fail(`beaconSource.numbers "${source.numbers}" is not a list of drawn numbers`);
    return {
      ok: true,
      notice:
        `beacon not checked by this tool: compare ${source.issue} (drawn ${source.drawDate}) with "${source.numbers}" ` +
        `in the lottery's official announcement / 公开随机数需对照官方开奖公告人工核对：${source.issue}（${source.drawDate}）开奖号码应为 ${source.numbers}`,
    };
  }

  if (source.chain === 'test') {
    if (!options.allowTestChain)
      return fail(
        'beaconSource is a local test chain, not a public drand network (pass --allow-test-chain to accept it)',
      );
    const info = chainInfoOf(source);
    if (!info) return fail('beaconSource: a test chain must carry its publicKey, scheme, genesis and period');
    const hash = testChainHash(info);
    if (source.chainHash !== hash)
      return fail(
        `beaconSource.chainHash differs: record has ${source.chainHash}, the test chain's info gives ${hash}`,
      );
  } else {
    const known = DRAND_CHAINS[source.chain];
    if (source.chainHash !== known.chainHash)
      return fail(`beaconSource.chainHash ${source.chainHash} is not drand ${source.chain} (${known.chainHash})`);
    if (source.test || source.publicKey || source.scheme || source.genesis !== undefined || source.period !== undefined)
      return fail(
        `beaconSource: drand ${source.chain} is checked against its published key; the record must not name another`,
      );
  }
  const info = chainInfoOf(source)!;
  const expectedTime = roundTime(info, source.round).toISOString();
  if (source.roundTime !== expectedTime)
    return fail(
      `beaconSource.roundTime differs: record has ${source.roundTime}, round ${source.round} is at ${expectedTime}`,
    );
  const pinnedRound = firstRoundAtOrAfter(info, new Date(closesAt.getTime() + BEACON_DELAY_SECONDS * 1000));
  if (source.round !== pinnedRound)
    return fail(
      `beaconSource.round differs: record has ${source.round}, the first round at least ` +
        `${BEACON_DELAY_SECONDS / 60} minutes after closesAt ${input.closesAt} is ${pinnedRound}`,
    );
  if (closedAt > valueTime)
    return fail(`closedAt ${input.closedAt} is after round ${source.round} was produced (${source.roundTime})`);
  const problem = checkDrandValue(source, beaconValueOf(source) as DrandValue);
  if (problem) return fail(problem);
  const chainLabel = source.chain === 'test' ? 'local test chain' : `drand ${source.chain}`;
  return {
    ok: true,
    notice: `beacon: ${chainLabel} round ${source.round}, signature verified / 公开随机数：${source.chain === 'test' ? '本地测试链' : `drand ${source.chain}`} 第 ${source.round} 轮，签名核验通过`,
  };
}
