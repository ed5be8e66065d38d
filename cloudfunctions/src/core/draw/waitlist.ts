/** Waitlist promotion (LOTTERY.md "Waitlist promotion"): who gets a forfeited or expired voucher back. */

export interface WaitlistCandidate {
  applicationId: string;
  applicantKey: string;
}

export interface PromotionInput {
  faceValue: number;
  cap: number;
  /** The pool's waitlist as the draw published it (ticket order), joined with each application's applicantKey. */
  waitlist: readonly WaitlistCandidate[];
  /** How many vouchers to hand out again. */
  count: number;
  /**
   * Yuan each applicant currently holds in live vouchers (issued or redeemed, across all pools;
   * forfeited and expired ones no longer count). Missing = 0.
   */
  currentTotals: ReadonlyMap<string, number>;
  /** applicationIds that no longer wait: already promoted earlier (whatever became of that voucher) or withdrawn. */
  settled?: ReadonlySet<string>;
  /**
   * applicantKeys holding a live voucher of this pool. The draw never lets one applicant win a pool
   * twice; this keeps that true when the same applicant has a second application on the waitlist.
   */
  holders?: ReadonlySet<string>;
}

export type PassOverReason = 'cap' | 'holdsPool';

export interface PromotionResult {
  /** In waitlist order; issue their vouchers in this order. */
  promoted: WaitlistCandidate[];
  /** Waiting entries skipped on the way (they stay on the waitlist and are looked at again next time). */
  passedOver: Array<WaitlistCandidate & { reason: PassOverReason }>;
  /** True when the waitlist ran out before `count` were promoted. */
  exhausted: boolean;
}

/**
 * Takes waitlist entries in order, skipping settled ones and any whose applicant's current total
 * + faceValue would exceed the cap (or who already holds this pool); promotes up to `count`.
 * Pure: the admin function loads totals, settled ids and holders from the database, calls this,
 * then issues the vouchers. Totals and holders are updated as it goes, so two promotions in one
 * call respect the cap together.
 */
export function promoteFromWaitlist(input: PromotionInput): PromotionResult {
  const { faceValue, cap, waitlist, count } = input;
  const totals = new Map(input.currentTotals);
  const holders = new Set(input.holders ?? []);
  const settled = input.settled ?? new Set<string>();
  const promoted: WaitlistCandidate[] = [];
  const passedOver: PromotionResult['passedOver'] = [];
  for (const candidate of waitlist) {
    if (promoted.length >= count) break;
    if (settled.has(candidate.applicationId)) continue;
    const key = candidate.applicantKey;
    if (holders.has(key)) {
      passedOver.push({ ...candidate, reason: 'holdsPool' });
      continue;
    }
    const total = totals.get(key) ?? 0;
    if (total + faceValue > cap) {
      passedOver.push({ ...candidate, reason: 'cap' });
      continue;
    }
    promoted.push(candidate);
    totals.set(key, total + faceValue);
    holders.add(key);
  }
  return { promoted, passedOver, exhausted: promoted.length < count };
}
