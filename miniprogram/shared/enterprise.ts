/**
 * An enterprise as a user names it when binding it (the code itself: uscc.ts). The server's
 * `enterpriseNameSchema` (contract/user.ts) is built from these; the binding form checks the same.
 */

export const ENTERPRISE_NAME_MIN = 2;
export const ENTERPRISE_NAME_MAX = 100;

export const ENTERPRISE_NAME_MESSAGES = {
  tooShort: `企业名称至少 ${ENTERPRISE_NAME_MIN} 个字`,
  tooLong: `企业名称不超过 ${ENTERPRISE_NAME_MAX} 个字`,
} as const;

/** Why an enterprise name (trimmed first) is not accepted, or '' when it is. */
export function enterpriseNameProblem(name: string): string {
  const length = name.trim().length;
  if (length < ENTERPRISE_NAME_MIN) return ENTERPRISE_NAME_MESSAGES.tooShort;
  if (length > ENTERPRISE_NAME_MAX) return ENTERPRISE_NAME_MESSAGES.tooLong;
  return '';
}
