/**
 * Vouchers as both sides reckon them: who may apply, and what a voucher covers of a service fee at
 * redemption (the hospital function records it; the redeem page shows it before the staff confirm).
 */

/** Codes are stored; labels are shown. */
export const APPLICANT_TYPES = { enterprise: '企业', person: '个人' } as const;
export type ApplicantType = keyof typeof APPLICANT_TYPES;
export const APPLICANT_TYPE_CODES = Object.keys(APPLICANT_TYPES) as [ApplicantType, ...ApplicantType[]];

/** An application's state in the words applicants read: results pages, result notices and admin exports. */
export const APPLICATION_STATUS_LABELS = {
  submitted: '已提交',
  won: '中签',
  waitlisted: '候补',
  lost: '未中签',
} as const;

/** A service fee (yuan) is positive, in whole fen, and at most this. */
export const MAX_FEE = 10_000_000;
export const FEE_MESSAGES = { notPositive: '费用必须大于 0', cents: '费用最多两位小数' } as const;

/** The staff's note on a redemption (e.g. the test report's number), in characters (shared/text.ts). */
export const REDEMPTION_NOTE_MAX = 200;

/** What a voucher covers of a fee: min(face value, fee), and what is left to pay (rounded to fen). */
export function offsetOf(faceValue: number, fee: number): { offset: number; payable: number } {
  const offset = Math.min(faceValue, fee);
  return { offset, payable: Math.round((fee - offset) * 100) / 100 };
}
