/**
 * The local cloud's drand test chain: a drand-compatible HTTP relay (v1 API) for one chain with its
 * own key, so the draw fetches and BLS-verifies its pinned round exactly as in production. Served
 * under /_emulator/drand (the functions' YPT_DRAND_RELAYS points here):
 *   GET  /info, /<hash>/info               chain info {public_key, period, genesis_time, hash, schemeID, …}
 *   GET  /chains                           [hash]
 *   GET  /<hash>/public/latest | /<round>  {round, randomness, signature}; a round not yet produced → 425
 *   POST /advance {seconds}                moves the chain's clock forward (tests cannot wait 10 minutes)
 * The key derives from a fixed seed, so records drawn locally verify (with --allow-test-chain) after a
 * restart; the clock offset is in memory only.
 *
 * The round arithmetic and the randomness are drand's; the chain hash follows the test-chain naming
 * convention verifiers of such records check (SHA-256 of "ypt-test-chain|scheme|publicKey|genesis|period",
 * as docs/LOTTERY.md states), written out here: the emulator imports none of the product's code.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bls12_381 as bls } from '@noble/curves/bls12-381';
import { parseJsonObject, readBody, sendJson } from './http-util';

export const DRAND_ROUTE = '/_emulator/drand';

const DST_G1 = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
/** 2023-11-14T22:13:20Z: before any campaign a local cloud will see. */
const TEST_GENESIS = 1_700_000_000;
const TEST_PERIOD = 3;
const MAX_ADVANCE_SECONDS = 10 * 365 * 24 * 3600;

/** A drand chain as its /info describes it (the fields a verifier needs). */
export interface DrandChainInfo {
  chainHash: string;
  /** Hex, compressed G2 public key (bls-unchained-g1-rfc9380). */
  publicKey: string;
  scheme: 'bls-unchained-g1-rfc9380';
  /** Unix seconds of round 1. */
  genesis: number;
  /** Seconds between rounds. */
  period: number;
}

type ChainClock = Pick<DrandChainInfo, 'genesis' | 'period'>;

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest();

/** When `round` is produced: genesis + (round - 1) periods. */
export function roundTime(chain: ChainClock, round: number): Date {
  return new Date((chain.genesis + (round - 1) * chain.period) * 1000);
}

/** The first round produced at or after `at`. */
export function firstRoundAtOrAfter(chain: ChainClock, at: Date): number {
  const seconds = Math.ceil(at.getTime() / 1000);
  if (seconds <= chain.genesis) return 1;
  return Math.ceil((seconds - chain.genesis) / chain.period) + 1;
}

/** A round's randomness: SHA-256 of its signature bytes. */
export function randomnessOf(signatureHex: string): string {
  return sha256(Buffer.from(signatureHex, 'hex')).toString('hex');
}

/** How a test chain names itself: a hash of what a verifier needs to check it. */
export function testChainHash(info: Omit<DrandChainInfo, 'chainHash'>): string {
  return sha256(`ypt-test-chain|${info.scheme}|${info.publicKey}|${info.genesis}|${info.period}`).toString('hex');
}

export interface LocalDrandOptions {
  /** Key seed; the default gives every local cloud the same chain. */
  seed?: string;
  genesis?: number;
  period?: number;
}

export interface DrandRound {
  round: number;
  randomness: string;
  signature: string;
}

export class LocalDrandChain {
  readonly info: DrandChainInfo;
  private readonly secretKey: Uint8Array;
  private offsetMs = 0;
  private readonly rounds = new Map<number, DrandRound>();

  constructor(options: LocalDrandOptions = {}) {
    const digest = sha256(options.seed ?? 'ypt local drand test chain');
    // A scalar in [1, r): reduce the hash modulo the group order.
    const { Fr } = bls.fields;
    const scalar = Fr.create(BigInt('0x' + digest.toString('hex'))) || 1n;
    this.secretKey = Fr.toBytes(scalar);
    const publicKey = bls.shortSignatures.getPublicKey(this.secretKey).toHex(true);
    const base = {
      publicKey,
      scheme: 'bls-unchained-g1-rfc9380' as const,
      genesis: options.genesis ?? TEST_GENESIS,
      period: options.period ?? TEST_PERIOD,
    };
    this.info = { chainHash: testChainHash(base), ...base };
  }

  /** The chain's clock: real time plus what tests advanced it by. */
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  /** The newest round produced by the chain's clock (0 before genesis). */
  latestRound(): number {
    const now = this.now();
    if (now.getTime() < this.info.genesis * 1000) return 0;
    const next = firstRoundAtOrAfter(this.info, now);
    return roundTime(this.info, next).getTime() <= now.getTime() ? next : next - 1;
  }

  /** A round's beacon (unchained: the signature of SHA-256(round as 8 bytes big-endian)). */
  round(round: number): DrandRound {
    const cached = this.rounds.get(round);
    if (cached) return cached;
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64BE(BigInt(round));
    const message = bls.shortSignatures.hash(sha256(bytes), DST_G1);
    const signature = bls.shortSignatures.sign(message, this.secretKey).toHex(true);
    const beacon = { round, randomness: randomnessOf(signature), signature };
    this.rounds.set(round, beacon);
    return beacon;
  }

  /** The info document as drand relays answer /info. */
  infoJson() {
    return {
      public_key: this.info.publicKey,
      period: this.info.period,
      genesis_time: this.info.genesis,
      hash: this.info.chainHash,
      groupHash: this.info.chainHash,
      schemeID: this.info.scheme,
      metadata: { beaconID: 'ypt-local-test' },
    };
  }

  /** Serves a request under DRAND_ROUTE. */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const method = req.method ?? 'GET';
    const rest = pathname.slice(DRAND_ROUTE.length).replace(/\/+$/, '') || '/';
    const notFound = () => sendJson(res, 404, { error: `unknown path ${pathname}` });
    if (rest === '/advance') {
      if (method !== 'POST') return notFound();
      let seconds: unknown;
      try {
        seconds = parseJsonObject(await readBody(req, 4096)).seconds;
      } catch (error) {
        return sendJson(res, 400, { error: (error as Error).message });
      }
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS)
        return sendJson(res, 400, { error: 'seconds must be a number from 0 to ten years' });
      this.advance(seconds);
      return sendJson(res, 200, { now: this.now().toISOString(), latestRound: this.latestRound() });
    }
    if (method !== 'GET' && method !== 'HEAD') return notFound();
    if (rest === '/info') return sendJson(res, 200, this.infoJson());
    if (rest === '/chains') return sendJson(res, 200, [this.info.chainHash]);
    const match = /^\/([0-9a-f]{64})\/(info|public\/(latest|\d{1,15}))$/.exec(rest);
    if (!match || match[1] !== this.info.chainHash) return notFound();
    if (match[2] === 'info') return sendJson(res, 200, this.infoJson());
    const latest = this.latestRound();
    const wanted = match[3] === 'latest' ? latest : Number(match[3]);
    if (wanted < 1) return sendJson(res, 404, { error: 'no such round' });
    // As the public relays: a round the chain has not produced yet does not exist.
    if (wanted > latest) return sendJson(res, 425, { error: `round ${wanted} is not produced yet (latest ${latest})` });
    return sendJson(res, 200, this.round(wanted));
  }
}
