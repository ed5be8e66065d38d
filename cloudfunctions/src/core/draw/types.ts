/** Types of the verifiable lottery `draw-v1` (see design/LOTTERY.md, which is normative). */
import type { BeaconSource } from './beacon';

export const DRAW_ALGORITHM = 'draw-v1';

export interface DrawPool {
  poolId: string;
  /** Yuan. */
  faceValue: number;
  quantity: number;
}

/** One `submitted` application in the snapshot taken at close. */
export interface DrawEntry {
  applicationId: string;
  /** USCC for enterprises, `P:` + keyed hash for persons. */
  applicantKey: string;
  poolIds: readonly string[];
}

export interface PoolResult {
  poolId: string;
  /** applicationIds in ticket order (rank 1 first). */
  winners: string[];
  /** applicationIds in ticket order. */
  waitlist: string[];
}

/** The published draw record: the input and the output of `npm run draw`. */
export interface DrawRecord {
  algorithm: typeof DRAW_ALGORITHM;
  campaignId: string;
  /** Yuan one applicant may win across all pools. */
  cap: number;
  pools: DrawPool[];
  commitment: string;
  secret: string;
  beacon: string;
  snapshotHash: string;
  seed: string;
  /**
   * When the campaign was due to close and when it closed (ISO instants), and the beacon source pinned
   * at open with the value it gave: the beacon must derive from it. A published record has all three;
   * a bare input (the test vectors) may lack them, and then only the computation can be checked.
   */
  closesAt?: string;
  closedAt?: string;
  beaconSource?: BeaconSource;
  entries: DrawEntry[];
  result: PoolResult[];
  resultDigest: string;
}

/**
 * What `computeRecord` needs: the inputs, plus any derived field already published (checked, not
 * trusted). The beacon may be given as a string, derived from a beaconSource, or both (they must agree).
 */
export type DrawRecordInput = Pick<DrawRecord, 'campaignId' | 'cap' | 'pools' | 'secret' | 'entries'> &
  Partial<
    Pick<
      DrawRecord,
      | 'algorithm'
      | 'beacon'
      | 'closesAt'
      | 'closedAt'
      | 'beaconSource'
      | 'commitment'
      | 'snapshotHash'
      | 'seed'
      | 'result'
      | 'resultDigest'
    >
  >;

/** A verified record's notices say what the tool checked about the beacon, or that people must check it. */
export type VerifyOutcome = { ok: true; notices: string[] } | { ok: false; difference: string };

export interface VerifyOptions {
  /** Accept a beacon from a local test chain (development records only). */
  allowTestChain?: boolean;
}

/** The draw inputs are malformed (duplicate ids, unknown pool, bad hex…): nothing can be computed from them. */
export class DrawInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrawInputError';
  }
}

/** A value published earlier (commitment, snapshotHash) does not match what the inputs give. */
export class DrawMismatchError extends Error {
  constructor(readonly difference: string) {
    super(difference);
    this.name = 'DrawMismatchError';
  }
}
