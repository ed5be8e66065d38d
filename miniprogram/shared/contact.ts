/**
 * A contact person as forms collect one (voucher applications, quick-screen requests): a person's name
 * and a mainland mobile number. The cloud functions' `contactSchema` (contract/common.ts) is built from
 * these limits and messages; the forms check the same as the user types.
 */

export const PERSON_NAME_MIN = 2;
export const PERSON_NAME_MAX = 30;
/** 汉字, Latin letters, the middle dot of transcribed names (阿依·买买提), dots and spaces. */
export const PERSON_NAME_PATTERN = /^[\u4e00-\u9fa5A-Za-z·.\s]+$/;
/** Mainland mobile numbers: 11 digits, 13–19 first. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export const CONTACT_MESSAGES = {
  nameMissing: '请填写联系人姓名',
  nameTooShort: `姓名至少 ${PERSON_NAME_MIN} 个字`,
  nameTooLong: `姓名不超过 ${PERSON_NAME_MAX} 个字`,
  nameCharacters: '姓名只能包含汉字、字母和间隔号',
  mobile: '请输入 11 位手机号',
} as const;

/**
 * Why a name (trimmed first) is not accepted, or '' when it is. Length counts UTF-16 units, as the
 * server's schema does; the pattern admits no character outside the BMP anyway.
 */
export function personNameProblem(name: string): string {
  const value = name.trim();
  if (!value) return CONTACT_MESSAGES.nameMissing;
  if (value.length < PERSON_NAME_MIN) return CONTACT_MESSAGES.nameTooShort;
  if (value.length > PERSON_NAME_MAX) return CONTACT_MESSAGES.nameTooLong;
  if (!PERSON_NAME_PATTERN.test(value)) return CONTACT_MESSAGES.nameCharacters;
  return '';
}

/** Whether the number (trimmed first) is a mainland mobile number. */
export function isMobile(phone: string): boolean {
  return MOBILE_PATTERN.test(phone.trim());
}

export type MobileCheck = { kind: 'info' | 'error' | 'ok'; hint: string; valid: boolean };

/** The mobile rule for a number still being typed: what is wrong or missing so far (valid = isMobile). */
export function checkMobile(input: string): MobileCheck {
  const phone = input.trim();
  if (!phone) return { kind: 'info', hint: CONTACT_MESSAGES.mobile, valid: false };
  if (!/^\d+$/.test(phone)) return { kind: 'error', hint: '手机号只能包含数字', valid: false };
  if (phone[0] !== '1' || (phone.length > 1 && !/[3-9]/.test(phone[1])))
    return { kind: 'error', hint: '手机号应以 13–19 开头', valid: false };
  if (phone.length < 11) return { kind: 'info', hint: `还需输入 ${11 - phone.length} 位`, valid: false };
  if (phone.length > 11) return { kind: 'error', hint: `手机号应为 11 位，已输入 ${phone.length} 位`, valid: false };
  return { kind: 'ok', hint: '手机号格式正确', valid: true };
}
