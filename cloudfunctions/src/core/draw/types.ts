/** Types of the verifiable lottery `draw-v1` (see design/LOTTERY.md, which is normative). */

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
  entries: DrawEntry[];
  result: PoolResult[];
  resultDigest: string;
}

/** What `computeRecord` needs: the inputs, plus any derived field already published (checked, not trusted). */
export type DrawRecordInput = Pick<DrawRecord, 'campaignId' | 'cap' | 'pools' | 'secret' | 'beacon' | 'entries'> &
  Partial<Pick<DrawRecord, 'algorithm' | 'commitment' | 'snapshotHash' | 'seed' | 'result' | 'resultDigest'>>;

export type VerifyOutcome = { ok: true } | { ok: false; difference: string };

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
