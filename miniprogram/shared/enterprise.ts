import { textLength } from './text';

/**
 * An enterprise as a user names it when binding it (the code itself: uscc.ts). The server's
 * `enterpriseNameSchema` (contract/user.ts) is built from these; the binding form checks the same.
 */

export const ENTERPRISE_NAME_MIN = 2;
export const ENTERPRISE_NAME_MAX = 100;

/** What a user may write when asking for a review of a claimed enterprise (and an admin when settling it). */
export const ENTERPRISE_NOTE_MAX = 500;
/** An admin's reason for refusing an enterprise's documents. */
export const REVIEW_REASON_MAX = 200;

export const ENTERPRISE_NAME_MESSAGES = {
  tooShort: `企业名称至少 ${ENTERPRISE_NAME_MIN} 个字`,
  tooLong: `企业名称不超过 ${ENTERPRISE_NAME_MAX} 个字`,
} as const;

/** Why an enterprise name (trimmed first) is not accepted, or '' when it is (characters counted as text.ts says). */
export function enterpriseNameProblem(name: string): string {
  const length = textLength(name.trim());
  if (length < ENTERPRISE_NAME_MIN) return ENTERPRISE_NAME_MESSAGES.tooShort;
  if (length > ENTERPRISE_NAME_MAX) return ENTERPRISE_NAME_MESSAGES.tooLong;
  return '';
}
