/** How an announced lottery issue and its drawn numbers are written, so one draw gives one beacon string. */

/** Drawn numbers as one canonical string: "5 0 8", "03 07 12 19 25 31 + 09". */
export function normalizeNumbers(text: string): string {
  return text
    .trim()
    .replace(/＋/g, '+')
    .replace(/\s*\+\s*/g, ' + ')
    .split(/[\s,，、]+/)
    .filter(Boolean)
    .join(' ');
}

/** Normalized drawn numbers: groups of 1–3 digits, one optional "+" part (e.g. a bonus ball). */
export const NUMBERS_PATTERN = /^\d{1,3}( \d{1,3})*( \+ \d{1,3}( \d{1,3})*)?$/;

/** e.g. "福彩3D 第2026335期", whitespace collapsed. */
export function normalizeIssue(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** An issue names its number: 第2026335期. */
export const ISSUE_PATTERN = /第\s*\d{5,}\s*期/;
