/** How a campaign reads on the home page and the 检测券 tab (one wording for both). */
import type { CampaignView } from '../../typings/api';
import { applicationWindow } from '../shared/campaign-window';
import { groupDigits } from './format';
import { formatDateTime } from './time';

export type Phase = 'upcoming' | 'accepting' | 'awaiting-draw' | 'drawn' | 'published';
/** Admins also see drafts, which applicants never see. */
export type AdminPhase = Phase | 'draft';

/** The one mapping from a campaign's state to its words: applicants' pages and the 管理 pages use it. */
const PHASES: Record<AdminPhase, { label: string; tag: string }> = {
  draft: { label: '草稿', tag: '' },
  upcoming: { label: '即将开始', tag: 'tag_info' },
  accepting: { label: '申领中', tag: 'tag_brand' },
  'awaiting-draw': { label: '申领已截止，等待摇号', tag: '' },
  drawn: { label: '已摇号，结果待公布', tag: '' },
  published: { label: '结果已公布', tag: 'tag_info' },
};

/** An open campaign outside its window reads by the clock, before the admin closes it. */
export function campaignPhase(c: Pick<CampaignView, 'status' | 'opensAt' | 'closesAt'>, nowMs: number): Phase {
  if (c.status === 'published') return 'published';
  if (c.status === 'drawn') return 'drawn';
  if (c.status === 'open') {
    const window = applicationWindow(c, nowMs);
    if (window === 'not-open') return 'upcoming';
    if (window === 'open') return 'accepting';
  }
  return 'awaiting-draw';
}

/** A campaign's state as the 管理 pages name it: the applicants' words, and 草稿 for drafts. */
export function adminCampaignPhase(
  c: Pick<CampaignView, 'status' | 'opensAt' | 'closesAt'>,
  nowMs: number,
): AdminPhase {
  return c.status === 'draft' ? 'draft' : campaignPhase(c, nowMs);
}

export function phaseLabel(phase: AdminPhase): { label: string; tag: string } {
  return PHASES[phase];
}

export interface CampaignSummary {
  campaignId: string;
  title: string;
  phase: Phase;
  phaseLabel: string;
  tagClass: string;
  accepting: boolean;
  opensAtText: string;
  closesAt: string;
  closesAtText: string;
  /** "5,000 / 2,000 / 1,000 / 500 元" */
  faceValuesText: string;
  /** Vouchers across all pools. */
  totalQuantityText: string;
}

export function summarizeCampaign(c: CampaignView, nowMs: number): CampaignSummary {
  const phase = campaignPhase(c, nowMs);
  const faceValues = [...new Set(c.pools.map((p) => p.faceValue))].sort((a, b) => b - a);
  const total = c.pools.reduce((sum, p) => sum + p.quantity, 0);
  return {
    campaignId: c.campaignId,
    title: c.title,
    phase,
    phaseLabel: PHASES[phase].label,
    tagClass: PHASES[phase].tag,
    accepting: phase === 'accepting',
    opensAtText: formatDateTime(c.opensAt),
    closesAt: c.closesAt,
    closesAtText: formatDateTime(c.closesAt),
    faceValuesText: `${faceValues.map(groupDigits).join(' / ')} 元`,
    totalQuantityText: `${groupDigits(total)} 份`,
  };
}

/**
 * The campaign the home page features: one accepting applications (the soonest to close), else
 * one about to open, else the most recent (the list comes newest first).
 */
export function featuredCampaign(items: CampaignView[], nowMs: number): CampaignView | null {
  const byClosing = (a: CampaignView, b: CampaignView) => Date.parse(a.closesAt) - Date.parse(b.closesAt);
  const accepting = items.filter((c) => campaignPhase(c, nowMs) === 'accepting').sort(byClosing);
  if (accepting.length) return accepting[0];
  const upcoming = items.filter((c) => campaignPhase(c, nowMs) === 'upcoming').sort(byClosing);
  return upcoming[0] ?? items[0] ?? null;
}
