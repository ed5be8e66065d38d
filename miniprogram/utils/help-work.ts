/**
 * What the help desk's work pages share (experts: offers and my cases; admins: escalations, the
 * expert register, statistics): page addresses, how a case summary reads in a list, and durations
 * in 小时/天. Labels come from the answer (statusLabel, problemTypeLabel) or from shared/helpdesk.ts.
 */
import type { CaseSummary } from '../../typings/api';
import { URGENCIES, type CaseStatus } from '../shared/helpdesk';
import { fill } from './format';
import { PAGES } from './nav';
import { formatDateTime } from './time';

export const HELP_WORK_PAGES = {
  /** The case thread (pages/help, the enterprise pages' subpackage): accepting happens there. */
  case: '/pages/help/case/index',
  expertOffers: PAGES.expertOffers,
  expertCases: PAGES.expertCases,
  escalations: PAGES.helpEscalations,
  experts: PAGES.experts,
  stats: PAGES.helpStats,
} as const;

/** Tag colour per case status (classes of styles/common.wxss). */
export const CASE_STATUS_TAGS: Readonly<Record<CaseStatus, string>> = {
  open: 'tag_info',
  accepted: 'tag_info',
  closing: 'tag_brand',
  resolved: 'tag_brand',
  withdrawn: '',
};

const HOUR_MS = 3600_000;

const TEXT = {
  hours: '{n} 小时',
  days: '{n} 天',
  none: '—',
  overdueDays: '已超时 {d} 天 {h} 小时',
  overdueHours: '已超时 {h} 小时',
  overdueMinutes: '已超时不足 1 小时',
  leftDays: '剩 {d} 天 {h} 小时',
  leftHours: '剩 {h} 小时',
  leftMinutes: '剩不足 1 小时',
  answered: '已于 {at} 首次答复',
  urgent: '紧急',
};

/** One decimal, without a trailing .0: 1.25 → "1.3", 2 → "2". */
const oneDecimal = (n: number) => String(Math.round(n * 10) / 10);

/**
 * A duration given in hours as people say it: under two days in hours ("5.5 小时", "36 小时"), from
 * two days on in days ("2.5 天"); "—" when there is nothing to measure.
 */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return TEXT.none;
  if (hours < 48) return fill(TEXT.hours, { n: oneDecimal(hours) });
  return fill(TEXT.days, { n: oneDecimal(hours / 24) });
}

/** Whole days and hours of a non-negative span. */
function daysHours(ms: number) {
  const totalHours = Math.floor(ms / HOUR_MS);
  return { d: Math.floor(totalHours / 24), h: totalHours % 24, totalHours };
}

/** How long past the first-answer deadline a case is: 已超时 1 天 5 小时; '' when not past it. */
export function overdueText(dueAt: string, nowMs: number): string {
  const late = nowMs - Date.parse(dueAt);
  if (!(late > 0)) return '';
  const { d, h, totalHours } = daysHours(late);
  if (totalHours === 0) return TEXT.overdueMinutes;
  return d > 0 ? fill(TEXT.overdueDays, { d, h }) : fill(TEXT.overdueHours, { h });
}

/** What is left before the first-answer deadline: 剩 1 天 3 小时; '' when past it. */
export function timeLeftText(dueAt: string, nowMs: number): string {
  const left = Date.parse(dueAt) - nowMs;
  if (!(left > 0)) return '';
  const { d, h, totalHours } = daysHours(left);
  if (totalHours === 0) return TEXT.leftMinutes;
  return d > 0 ? fill(TEXT.leftDays, { d, h }) : fill(TEXT.leftHours, { h });
}

/** A case as the work lists show it. */
export interface CaseRow {
  caseId: string;
  caseNo: string;
  title: string;
  status: CaseStatus;
  statusLabel: string;
  statusTag: string;
  urgent: boolean;
  urgencyLabel: string;
  /** 电线电缆 · 抽检不合格整改 */
  topic: string;
  /** 佛山市顺德区美达电器有限公司 · 佛山市 */
  enterprise: string;
  expertName: string;
  submittedText: string;
  dueText: string;
  /** 已超时 … / 剩 … / 已于 … 首次答复 */
  slaText: string;
  overdue: boolean;
  escalated: boolean;
  ariaLabel: string;
}

export function caseRow(s: CaseSummary, nowMs: number): CaseRow {
  const late = overdueText(s.firstAnswerDueAt, nowMs);
  const answered = s.firstAnsweredAt ? fill(TEXT.answered, { at: formatDateTime(s.firstAnsweredAt) }) : '';
  const overdue = s.overdue || (!s.firstAnsweredAt && !!late);
  const slaText = answered || late || timeLeftText(s.firstAnswerDueAt, nowMs);
  const urgent = s.urgency === 'urgent';
  return {
    caseId: s.caseId,
    caseNo: s.caseNo,
    title: s.title,
    status: s.status,
    statusLabel: s.statusLabel,
    statusTag: CASE_STATUS_TAGS[s.status] ?? '',
    urgent,
    urgencyLabel: urgent ? TEXT.urgent : URGENCIES.normal,
    topic: `${s.productCategory} · ${s.problemTypeLabel}`,
    enterprise: s.city ? `${s.enterpriseName} · ${s.city}` : s.enterpriseName,
    expertName: s.expert?.name ?? '',
    submittedText: formatDateTime(s.submittedAt),
    dueText: formatDateTime(s.firstAnswerDueAt),
    slaText,
    overdue,
    escalated: s.escalated,
    ariaLabel: [s.caseNo, s.title, s.statusLabel, urgent ? TEXT.urgent : '', overdue ? late : '']
      .filter(Boolean)
      .join('，'),
  };
}
