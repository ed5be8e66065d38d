/**
 * The quick-screen request form's field rules: the limits and the sentences of the fields the server's
 * schema (cloudfunctions/src/contract/cable.ts, submitCableRequestInput) checks and the form
 * (miniprogram/utils/cable-form.ts) checks as the user types. Contact fields: contact.ts; the
 * manufacturer's USCC: uscc.ts; type, cores and cross-section: cable-catalog.ts.
 */
import { MAX_PHOTOS } from './cable-catalog';

/** A free-text field: its length after trimming, at least `min` (0: optional) and at most `max`. */
export interface TextRule {
  min: number;
  tooShort: string;
  max: number;
  tooLong: string;
}

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

/** Why a text is too short or too long for its rule (trimmed first), or '' when it fits. */
export function textProblem(rule: TextRule, value: string): string {
  const length = value.trim().length;
  if (length < rule.min) return rule.tooShort;
  if (length > rule.max) return rule.tooLong;
  return '';
}

export const EARLIEST_PURCHASE_DATE = '1980-01-01';
/** Metres bought (or installed). */
export const MAX_LENGTH_METRES = 100_000;

export const REQUEST_MESSAGES = {
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
