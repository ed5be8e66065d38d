/**
 * The response envelope every cloud function answers with. Codes are stable: clients branch on
 * them, so a code is never renamed, only added.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNKNOWN_ACTION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INTERNAL',
  // vouchers
  'CAMPAIGN_NOT_OPEN',
  'CAMPAIGN_CLOSED',
  'CAMPAIGN_STATE',
  'ALREADY_APPLIED',
  'POOL_NOT_ELIGIBLE',
  'ENTERPRISE_NOT_BOUND',
  'PHONE_NOT_VERIFIED',
  'COMMITMENT_MISMATCH',
  // the pinned beacon: not published yet, not the pinned source, failed its signature check, relays unreachable,
  // or the campaign closed after the value existed
  'BEACON_NOT_READY',
  'BEACON_MISMATCH',
  'BEACON_INVALID',
  'BEACON_UNAVAILABLE',
  'CLOSED_AFTER_BEACON',
  'VOUCHER_INVALID',
  'VOUCHER_ALREADY_REDEEMED',
  'VOUCHER_EXPIRED',
  'VOUCHER_NOT_ISSUED',
  'VOUCHER_SELF_REDEEM',
  'WRONG_HOSPITAL',
  // user
  'ENTERPRISE_CLAIMED',
  'ENTERPRISE_NOT_VERIFIED',
  // cable
  'TOO_MANY_OPEN_REQUESTS',
  'INVALID_TRANSITION',
  // help desk: another expert accepted first; the expert has no capacity left; too many open cases;
  // the case was rated already; the check-up answers a questionnaire version that is not current
  'CASE_TAKEN',
  'EXPERT_AT_CAPACITY',
  'TOO_MANY_OPEN_CASES',
  'ALREADY_RATED',
  'QUESTIONNAIRE_CHANGED',
  // training: sign-up outside its window; the attendee is signed up already; over the enterprise's
  // attendee limit; a check-in code that is forged or altered, used already, or for another session;
  // an attendee without a confirmed seat; check-in outside its window; a session that no longer allows it
  'SIGNUP_CLOSED',
  'ALREADY_SIGNED_UP',
  'ATTENDEE_LIMIT',
  'CHECKIN_CODE_INVALID',
  'ALREADY_CHECKED_IN',
  'WRONG_SESSION',
  'NOT_CONFIRMED',
  'CHECKIN_NOT_OPEN',
  'SESSION_STATE',
  // imports
  'FILE_NOT_FOUND',
  'IMPORT_FAILED',
  // credit codes: the product's codes were revoked (no edits, no new codes)
  'PRODUCT_REVOKED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type Ok<T> = { ok: true; data: T };
export type Fail = { ok: false; code: ErrorCode; message: string; details?: unknown };
export type Result<T> = Ok<T> | Fail;
