/**
 * The quick-screen request form's field rules: the limits and the sentences of the fields the server's
 * schema (cloudfunctions/src/contract/cable.ts, submitCableRequestInput) checks and the form
 * (miniprogram/utils/cable-form.ts) checks as the user types. Contact fields: contact.ts; the
 * manufacturer's USCC: uscc.ts; type, cores and cross-section: cable-catalog.ts.
 */
import { MAX_PHOTOS } from './cable-catalog';
import type { TextRule } from './text';

// Free-text rules count characters as shared/text.ts says (code points), on the page and on the server.
export { textProblem, type TextRule } from './text';

const upTo = (label: string, max: number, unit = '个字') => ({ max, tooLong: `${label}不超过 ${max} ${unit}` });
const optional = { min: 0, tooShort: '' };
/** Types the table below as rules while keeping its keys (`satisfies`, without the syntax). */
const textRules = <T extends Record<string, TextRule>>(rules: T): T => rules;

export const REQUEST_TEXT = textRules({
  organization: { ...optional, ...upTo('单位名称', 100) },
  brand: { min: 1, tooShort: '请填写品牌（无品牌可填“无”）', ...upTo('品牌', 40) },
  manufacturer: { min: 2, tooShort: '生产厂家至少 2 个字（见线盘标签或合格证上的厂名）', ...upTo('生产厂家', 100) },
  purchaseChannelDetail: { ...optional, ...upTo('购买渠道说明', 100) },
  description: { ...optional, ...upTo('问题描述', 500, '字') },
  /** Required only when the sample is to be picked up. */
  pickupAddress: { min: 5, tooShort: '选择上门取样时请填写取样地址（至少 5 个字）', ...upTo('取样地址', 120) },
  cancelReason: { ...optional, ...upTo('撤销原因', 200, '字') },
});

/**
 * What a requester may answer for the manufacturer, the purchase date and the length when the label is
 * lost or the cable came with the house: the form sends null, the request stores null, views say this.
 */
export const UNKNOWN_TEXT = '不清楚';

/** A stored value as people read it: the value (with its unit) or 不清楚 when the requester did not know. */
export function knownOrUnknown<T>(value: T | null | undefined, show: (v: T) => string = String): string {
  return value === null || value === undefined ? UNKNOWN_TEXT : show(value);
}

/** Why a request is refused to a user without a verified phone (the form says the same before it is sent). */
export const PHONE_REQUIRED_MESSAGE = '提交快速筛查申请需先验证本人微信绑定的手机号，请先到“手机号验证”完成验证';

export const EARLIEST_PURCHASE_DATE = '1980-01-01';
/** Metres bought (or installed). */
export const MAX_LENGTH_METRES = 100_000;

export const REQUEST_MESSAGES = {
  manufacturerMissing: '请填写生产厂家，不清楚请选“不清楚”',
  purchaseDateMissing: '请选择购买日期，不清楚请选“不清楚”',
  lengthMissing: '请填写长度（米），不清楚请选“不清楚”',
  lengthNotNumber: '长度应为数字（米）',
  lengthNotPositive: '长度必须大于 0 米',
  lengthTooLong: `长度不超过 ${MAX_LENGTH_METRES} 米`,
  concernsMissing: '请至少选择一项疑似问题',
  photosTooMany: `最多上传 ${MAX_PHOTOS} 张照片`,
} as const;

/** Why a purchase date (a calendar date, YYYY-MM-DD) is not accepted, or '' when it is; `today` in Asia/Shanghai. */
export function purchaseDateProblem(date: string, today: string): string {
  if (date > today) return '购买日期不能晚于今天';
  if (date < EARLIEST_PURCHASE_DATE) return '购买日期不能早于 1980 年';
  return '';
}

/** Why a length in metres is not accepted, or '' when it is. */
export function lengthProblem(metres: number): string {
  if (!(metres > 0)) return REQUEST_MESSAGES.lengthNotPositive;
  if (metres > MAX_LENGTH_METRES) return REQUEST_MESSAGES.lengthTooLong;
  return '';
}
