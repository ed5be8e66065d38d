/**
 * The rules of a campaign draft, once for the admin's form (checked as it is typed) and the cloud functions'
 * schemas (contract/voucher.ts builds createCampaignInput from these): field limits with their messages and
 * the rules that tie fields together (window order, face value under the cap, validity after closing, a
 * lottery drawn after the closing day).
 */
import { upTo, type TextRule } from './text';

export const CAMPAIGN_TITLE_RULE: TextRule = {
  min: 2,
  tooShort: '标题至少 2 个字',
  max: 60,
  tooLong: '标题不超过 60 个字',
};
export const CAMPAIGN_DESCRIPTION_RULE: TextRule = upTo('活动说明', 2000);
export const POOL_LABEL_RULE: TextRule = upTo('奖池名称', 30);

export const POOL_ID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
export const FACE_VALUE_MAX = 100_000;
export const POOL_QUANTITY_MAX = 1_000_000;
export const POOLS_MAX = 20;

export const CAMPAIGN_MESSAGES = {
  poolId: '奖池编号只能是 1–16 位字母、数字、下划线或连字符',
  faceValueInteger: '面值必须是整数元',
  faceValuePositive: '面值必须大于 0',
  faceValueMax: `面值不超过 ${FACE_VALUE_MAX} 元`,
  quantityInteger: '数量必须是整数',
  quantityPositive: '数量必须大于 0',
  quantityMax: `数量不超过 ${POOL_QUANTITY_MAX}`,
  applicantTypes: '至少指定一种申领人类型',
  capPositive: '封顶金额必须大于 0',
  poolsMin: '至少一个奖池',
  poolsMax: `奖池不超过 ${POOLS_MAX} 个`,
  poolIdsUnique: '奖池编号不能重复',
  windowOrder: '截止时间必须晚于开始时间',
  faceValueOverCap: '单张面值不能超过封顶金额',
  validityAfterClose: '有效期必须晚于申领截止时间',
  drawDateAfterClose: '彩票开奖日期必须晚于申领截止日期',
} as const;

const OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant (a fixed UTC+8, as utils/time.ts explains). */
export function shanghaiDate(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 10);
}

/** The window's order: applications close after they open. */
export function windowInOrder(opensAt: string, closesAt: string): boolean {
  return Date.parse(opensAt) < Date.parse(closesAt);
}

/** Vouchers stay valid past the closing time (to the end of their last day in Asia/Shanghai). */
export function validAfterClose(voucherValidUntil: string, closesAt: string): boolean {
  return Date.parse(`${voucherValidUntil}T23:59:59+08:00`) > Date.parse(closesAt);
}

/** An announced lottery's numbers must not exist while applications can still come in. */
export function drawDateAfterClose(drawDate: string, closesAt: string): boolean {
  return drawDate > shanghaiDate(closesAt);
}

export function poolIdsUnique(poolIds: readonly string[]): boolean {
  return new Set(poolIds).size === poolIds.length;
}
