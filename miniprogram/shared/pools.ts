/**
 * How a voucher pool and its numbers read, on the pages and in the result notices the functions send
 * (core/notifications.ts): one wording for both.
 */

/** 20000 → "20,000" */
export function groupDigits(n: number | string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A pool's name: the admin's label, else "5,000 元券". */
export function poolLabel(pool: { faceValue: number; label?: string }): string {
  return pool.label || `${groupDigits(pool.faceValue)} 元券`;
}
