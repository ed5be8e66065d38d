/**
 * How vouchers, applications and pools read on screen, for the voucher and hospital subpackages.
 * Service and applicant labels, contact checks and the fee rules the server shares are in shared/
 * (services.ts, vouchers.ts, contact.ts).
 */
import type { ActionOutput, ApplicationView, Pool, VoucherView } from '../../typings/api';
import { poolLabel } from '../shared/pools';
import { APPLICATION_STATUS_LABELS, FEE_MESSAGES, MAX_FEE } from '../shared/vouchers';
import { formatDate } from './time';

export type VoucherStatus = VoucherView['status'];

/** The pages of the voucher and hospital subpackages (PAGES in nav.ts lists the ones the shell links to). */
export const VOUCHER_PAGES = {
  campaign: '/pages/voucher/campaign/index',
  apply: '/pages/voucher/apply/index',
  myApplications: '/pages/voucher/my-applications/index',
  myVouchers: '/pages/voucher/my-vouchers/index',
  voucher: '/pages/voucher/voucher/index',
  results: '/pages/voucher/results/index',
  verify: '/pages/voucher/verify/index',
  redeem: '/pages/hospital/redeem/index',
  redemptions: '/pages/hospital/redemptions/index',
} as const;

/** "5,000 元券" when the admin gave no label (shared with the functions' result notices). */
export { poolLabel };

/**
 * Pool ids as their labels, in the campaign's order (largest face value first, as announced; the
 * server stores ids sorted as strings). Unknown ids (a deleted pool) show as they are, last.
 */
export function poolLabels(poolIds: string[], pools: Pool[]): string[] {
  const order = new Map(pools.map((p, i) => [p.poolId, i]));
  const byId = new Map(pools.map((p) => [p.poolId, p]));
  return [...poolIds]
    .sort((a, b) => (order.get(a) ?? pools.length) - (order.get(b) ?? pools.length))
    .map((id) => {
      const pool = byId.get(id);
      return pool ? poolLabel(pool) : id;
    });
}

export interface Outcome {
  /** 已提交 / 中签 / 候补第N位 / 未中签 */
  label: string;
  tag: string;
  /** One line per pool outcome once results are published. */
  details: string[];
}

/** An application's state as its owner reads it; results only exist once published (the server hides them before). */
export function applicationOutcome(app: ApplicationView, pools: Pool[]): Outcome {
  const details: string[] = [];
  if (app.wonPoolIds.length) details.push(`中签：${poolLabels(app.wonPoolIds, pools).join('、')}`);
  for (const w of app.waitlist) details.push(`候补：${poolLabels([w.poolId], pools)[0]} 第 ${w.rank} 位`);
  switch (app.status) {
    case 'won':
      return { label: APPLICATION_STATUS_LABELS.won, tag: 'tag_brand', details };
    case 'waitlisted': {
      const best = app.waitlist.length ? Math.min(...app.waitlist.map((w) => w.rank)) : 0;
      return { label: best ? `候补第${best}位` : APPLICATION_STATUS_LABELS.waitlisted, tag: 'tag_info', details };
    }
    case 'lost':
      return { label: APPLICATION_STATUS_LABELS.lost, tag: '', details };
    default:
      return { label: APPLICATION_STATUS_LABELS.submitted, tag: 'tag_info', details };
  }
}

const VOUCHER_STATUS: Record<VoucherStatus, { label: string; tag: string }> = {
  issued: { label: '可使用', tag: 'tag_brand' },
  redeemed: { label: '已核销', tag: 'tag_info' },
  expired: { label: '已过期', tag: '' },
  void: { label: '已作废', tag: '' },
};

/** A voucher still `issued` past its last day reads as expired (the daily timer marks it later). */
export function voucherStatus(
  v: Pick<VoucherView, 'status' | 'validUntil'>,
  nowMs: number,
): { label: string; tag: string; usable: boolean } {
  const lapsed = v.status === 'issued' && formatDate(nowMs) > v.validUntil;
  const status = lapsed ? 'expired' : v.status;
  return { ...VOUCHER_STATUS[status], usable: status === 'issued' };
}

/** A fee as staff type it: positive, at most two decimals, within the server's bound. null when invalid. */
export function parseFee(input: string): { fee: number | null; error: string } {
  const text = input.trim();
  if (!text) return { fee: null, error: '请输入本次服务费用' };
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return { fee: null, error: '费用为数字，最多两位小数' };
  const fee = Number(text);
  if (!(fee > 0)) return { fee: null, error: FEE_MESSAGES.notPositive };
  if (fee > MAX_FEE) return { fee: null, error: '费用超出范围' };
  return { fee, error: '' };
}

/** The calendar month so far in Asia/Shanghai: { from: 'YYYY-MM-01', to: today }. */
export function monthToDate(nowMs: number): { from: string; to: string } {
  const today = formatDate(nowMs);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** wx.showModal as a promise of the user's choice (a failed modal counts as cancel). */
export function confirmModal(options: {
  title: string;
  content: string;
  confirmText?: string;
  confirmColor?: string;
}): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      ...options,
      success: (res) => resolve(!!res.confirm),
      fail: () => resolve(false),
    });
  });
}

/** One application's standing in one pool, as the results actions answer it. */
export type PoolStanding = ActionOutput<'voucher', 'searchResults'>['items'][number]['pools'][number];

/** A standing in words: the tag, and what the places mean (draw-v1: ticket order, the cap may leave one out). */
export function standingText(s: PoolStanding): { label: string; tag: string; detail: string } {
  const places = `排第 ${s.rank} 位，本面值摇号中签到第 ${s.lastWinningRank} 位`;
  switch (s.outcome) {
    case 'won':
      return { label: '中签', tag: 'tag_brand', detail: places };
    case 'promoted':
      return {
        label: '候补递补中签',
        tag: 'tag_brand',
        detail: `${places}；有中签者放弃或检测券过期后按候补顺序递补中签`,
      };
    case 'waitlisted':
      return {
        label: `候补第 ${s.waitlistRank} 位`,
        tag: 'tag_info',
        detail: `${places}；有中签者放弃或检测券过期时按候补顺序递补`,
      };
    default:
      return {
        label: '未参加本面值排序',
        tag: '',
        detail: '已中签的其他面值加上本面值将超过每个申领人的封顶金额，按规则不参加本面值排序',
      };
  }
}

/**
 * A command anyone can run in a terminal to recompute one ticket: HMAC-SHA256 with the published seed
 * (hex, i.e. 32 bytes) as the key over "poolId|applicationId". Both are letters, digits, _ and -.
 */
export function ticketCheckCommand(seed: string, message: string): string {
  return `printf '%s' '${message}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:${seed}`;
}
