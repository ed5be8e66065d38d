/**
 * The campaign page's applicant counts and odds (voucher.liveFigures): how many applied per pool and, while
 * applications are open, the odds of a voucher in plain words. Counts only; the server never says who.
 */
import type { ActionOutput, Pool } from '../../typings/api';
import { groupDigits, poolLabel } from '../shared/pools';

export type LiveFigures = ActionOutput<'voucher', 'liveFigures'>;

export const FIGURES_TEXT = {
  liveTitle: '实时申领人数',
  finalTitle: '申领人数',
  applicants: '已申领 {n} 人',
  finalApplicants: '共 {n} 人申领',
  total: '共 {n} 个申领人（可同时申领多种面值）',
  odds: '中签机会：',
  plenty: '名额充足',
  liveNote: '每 {s} 秒更新一次，下拉可刷新',
  finalNote: '申领已截止，以上为最终人数',
};

/**
 * The odds of a voucher in a pool: "名额充足" when there are no more applicants than vouchers, else
 * "约 1 / r" with r = applicants / quantity, one decimal below 10 (never shown as 1), whole above.
 */
export function oddsText(quantity: number, applicants: number): string {
  if (applicants <= quantity || quantity <= 0) return FIGURES_TEXT.plenty;
  const ratio = applicants / quantity;
  const shown = ratio < 10 ? String(Math.max(1.1, Math.round(ratio * 10) / 10)) : groupDigits(Math.round(ratio));
  return `约 1 / ${shown}`;
}

export interface FigureRow {
  poolId: string;
  label: string;
  applicantsText: string;
  /** Empty once the counts are final (no odds after closing). */
  oddsText: string;
}

export interface FiguresView {
  title: string;
  totalText: string;
  note: string;
  final: boolean;
  rows: FigureRow[];
}

const fill = (text: string, n: number | string) => text.replace(/\{\w+\}/, String(n));

/** The section as the page shows it, pools in the campaign's order and with its labels. */
export function figuresView(figures: LiveFigures, pools: Pool[]): FiguresView {
  const counts = new Map(figures.pools.map((p) => [p.poolId, p]));
  return {
    title: figures.final ? FIGURES_TEXT.finalTitle : FIGURES_TEXT.liveTitle,
    totalText: fill(FIGURES_TEXT.total, groupDigits(figures.applicants)),
    note: figures.final ? FIGURES_TEXT.finalNote : fill(FIGURES_TEXT.liveNote, figures.maxAgeSeconds),
    final: figures.final,
    rows: pools.map((pool) => {
      const n = counts.get(pool.poolId)?.applicants ?? 0;
      return {
        poolId: pool.poolId,
        label: poolLabel(pool),
        applicantsText: fill(figures.final ? FIGURES_TEXT.finalApplicants : FIGURES_TEXT.applicants, groupDigits(n)),
        oddsText: figures.final ? '' : `${FIGURES_TEXT.odds}${oddsText(pool.quantity, n)}`,
      };
    }),
  };
}
