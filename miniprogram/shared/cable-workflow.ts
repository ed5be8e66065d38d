/**
 * The quick-screen request's statuses, verdicts and what a completed screening must carry: the one copy
 * the cloud functions (core/cable/workflow.ts, which adds the transition table, who sees what and the
 * history) and the pages (tabs before any data arrives, the staff completion form) share.
 *
 *   submitted → accepted → sample_received → screening → completed (verdict, findings, report)
 *   submitted | accepted → rejected (staff, with a reason)
 *   submitted | accepted → cancelled (the requester, before the sample is received)
 */
import type { CableConcern, FindingOutcome } from './cable-catalog';
import { textLength } from './text';

export const CABLE_STATUSES = [
  'submitted',
  'accepted',
  'sample_received',
  'screening',
  'completed',
  'rejected',
  'cancelled',
] as const;
export type CableStatus = (typeof CABLE_STATUSES)[number];

export const CABLE_STATUS_LABELS: Readonly<Record<CableStatus, string>> = {
  submitted: '已提交',
  accepted: '已受理',
  sample_received: '已收样',
  screening: '筛查中',
  completed: '已完成',
  rejected: '未受理',
  cancelled: '已撤销',
};

/** Statuses that count against the requester's open-request limit and show in a hospital's working queue. */
export const OPEN_STATUSES: readonly CableStatus[] = ['submitted', 'accepted', 'sample_received', 'screening'];
export const isOpenStatus = (status: CableStatus): boolean => OPEN_STATUSES.includes(status);

export const VERDICTS = {
  conforming: '未发现问题',
  suspected: '疑似不合格',
  non_conforming: '不合格',
} as const;
export type Verdict = keyof typeof VERDICTS;
export const VERDICT_CODES = Object.keys(VERDICTS) as [Verdict, ...Verdict[]];

/** A staff member's reason for not accepting a request: at least this many characters (trimmed). */
export const REJECTION_REASON_MIN = 2;
/** Notes of a move (a rejection's reason included), in characters. */
export const SCREENING_NOTE_MAX = 500;
/** The explanation of one finding, in characters. */
export const FINDING_DETAIL_MAX = 200;
export const MAX_FINDINGS = 20;

export const SCREENING_MESSAGES = {
  noteTooLong: `说明不超过 ${SCREENING_NOTE_MAX} 字`,
  findingDetailTooLong: `检查说明不超过 ${FINDING_DETAIL_MAX} 字`,
  tooManyFindings: `检查项目最多 ${MAX_FINDINGS} 项`,
} as const;

export interface Finding {
  item: CableConcern;
  outcome: FindingOutcome;
  detail: string;
}

/** What completing a screening sends; a finding not judged yet (outcome '') is a draft and is not sent. */
export interface ScreeningResult {
  verdict?: Verdict | '';
  findings?: readonly { outcome: FindingOutcome | ''; detail?: string }[];
  reportFileID?: string;
}

/**
 * Why a screening cannot be completed with this result, or '' when it can: it needs a verdict and a
 * report, and the judged findings must agree with the verdict (none doubtful or failed when nothing was
 * found; one at least when suspected; one failed at least when non-conforming).
 */
export function resultProblem({ verdict, findings = [], reportFileID }: ScreeningResult): string {
  if (!verdict) return '完成筛查时请选择筛查结论';
  if (!reportFileID) return '完成筛查时请上传筛查报告';
  const judged = findings.filter((f) => f.outcome !== '');
  if (judged.some((f) => textLength((f.detail ?? '').trim()) > FINDING_DETAIL_MAX)) {
    return SCREENING_MESSAGES.findingDetailTooLong;
  }
  const failed = judged.filter((f) => f.outcome === 'fail').length;
  const doubtful = judged.filter((f) => f.outcome === 'doubtful').length;
  if (verdict === 'conforming' && failed + doubtful > 0) {
    return '有“不符合”或“存疑”的检查项目时，结论不能是“未发现问题”';
  }
  if (verdict === 'suspected' && failed + doubtful === 0) {
    return '结论为“疑似不合格”时，请至少列出一个“存疑”或“不符合”的检查项目';
  }
  if (verdict === 'non_conforming' && failed === 0) return '结论为“不合格”时，请至少列出一个“不符合”的检查项目';
  return '';
}
