/**
 * A contact person as forms collect one (voucher applications, quick-screen requests): a person's name
 * and a mainland mobile number. The cloud functions' `contactSchema` (contract/common.ts) is built from
 * these limits and messages; the forms check the same as the user types.
 *
 * Numbers are taken as people write them ("139 2345 6789", "138-0013-8000", "+86 139…", "86-139…",
 * full-width digits) and normalised to their 11 digits (normalizeMobile) before any check, on both
 * sides; what is sent and stored is the 11 digits.
 */
import { textLength } from './text';

export const PERSON_NAME_MIN = 2;
export const PERSON_NAME_MAX = 30;
/** 汉字, Latin letters, the middle dot of transcribed names (阿依·买买提), dots and spaces. */
export const PERSON_NAME_PATTERN = /^[\u4e00-\u9fa5A-Za-z·.\s]+$/;
/** Mainland mobile numbers: 11 digits, 13–19 first (after normalizeMobile). */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
/**
 * The `maxlength` of a phone input: room for the longest way people write a number
 * ("0086 139 2345 6789" is 18), so WeChat never cuts a spaced number short.
 */
export const MOBILE_INPUT_MAXLENGTH = 20;

/** What people put between digits: spaces (also full-width and no-break), hyphens and dashes, dots, brackets. */
const MOBILE_SEPARATORS = /[\s\u00a0\u3000\-\u2010-\u2015\uff0d.()\uff08\uff09]/g;
/** Full-width digits and plus (Chinese input methods type them). */
const FULL_WIDTH = /[\uff10-\uff19\uff0b]/g;

/**
 * A number as people write it, reduced to what the mobile rule checks: separators dropped, full-width
 * digits made ASCII, and the country code (+86, 0086, or 86 before 11 digits) removed. Anything else
 * is kept, so the check can say what is wrong.
 */
export function normalizeMobile(input: string): string {
  const value = input
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(MOBILE_SEPARATORS, '');
  // No mainland mobile number starts with 8: 86 before a 1 is always the country code.
  const national = /^(?:\+|00)?86(1\d*)$/.exec(value);
  return national ? national[1] : value;
}

/** A country code typed so far ("+", "+8", "0086"): not wrong yet, the number follows. */
const COUNTRY_CODE_SO_FAR = /^(?:\+|00)(?:8|86)?$|^86$/;

export const CONTACT_MESSAGES = {
  nameMissing: '请填写联系人姓名',
  nameTooShort: `姓名至少 ${PERSON_NAME_MIN} 个字`,
  nameTooLong: `姓名不超过 ${PERSON_NAME_MAX} 个字`,
  nameCharacters: '姓名只能包含汉字、字母和间隔号',
  mobile: '请输入 11 位手机号',
  mobileCharacters: '手机号只能包含数字（可带空格或短横线）',
} as const;

/**
 * Why a name (trimmed first) is not accepted, or '' when it is. Length counts characters as text.ts
 * says (code points); the server's personNameSchema is this function.
 */
export function personNameProblem(name: string): string {
  const value = name.trim();
  if (!value) return CONTACT_MESSAGES.nameMissing;
  const length = textLength(value);
  if (length < PERSON_NAME_MIN) return CONTACT_MESSAGES.nameTooShort;
  if (length > PERSON_NAME_MAX) return CONTACT_MESSAGES.nameTooLong;
  if (!PERSON_NAME_PATTERN.test(value)) return CONTACT_MESSAGES.nameCharacters;
  return '';
}

/** Whether the number (as people write it: normalizeMobile first) is a mainland mobile number. */
export function isMobile(phone: string): boolean {
  return MOBILE_PATTERN.test(normalizeMobile(phone));
}

export type MobileCheck = { kind: 'info' | 'error' | 'ok'; hint: string; valid: boolean };

/**
 * The mobile rule for a number still being typed (normalizeMobile first, so spaces and dashes are
 * fine): what is wrong or missing so far (valid = isMobile).
 */
export function checkMobile(input: string): MobileCheck {
  const phone = normalizeMobile(input);
  if (!phone || COUNTRY_CODE_SO_FAR.test(phone)) return { kind: 'info', hint: CONTACT_MESSAGES.mobile, valid: false };
  if (!/^\d+$/.test(phone)) return { kind: 'error', hint: CONTACT_MESSAGES.mobileCharacters, valid: false };
  if (phone[0] !== '1' || (phone.length > 1 && !/[3-9]/.test(phone[1])))
    return { kind: 'error', hint: '手机号应以 13–19 开头', valid: false };
  if (phone.length < 11) return { kind: 'info', hint: `还需输入 ${11 - phone.length} 位`, valid: false };
  if (phone.length > 11) return { kind: 'error', hint: `手机号应为 11 位，已输入 ${phone.length} 位`, valid: false };
  return { kind: 'ok', hint: '手机号格式正确', valid: true };
}
