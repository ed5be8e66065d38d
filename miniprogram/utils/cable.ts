/**
 * Cable quick-screen helpers shared by the requester and staff pages: page addresses, tag colours,
 * the staff forms' checks (on the rules of shared/cable-workflow.ts, which the server checks with too),
 * and the status timeline. Labels the views carry (statusLabel, verdictLabel, concernLabels, …) are
 * read from the answer; the rest come from shared/.
 */
import type { CableRequestView, CableStatus, Verdict } from '../../typings/api';
import type { CableConcern, FindingOutcome } from '../shared/cable-catalog';
import {
  CABLE_STATUS_LABELS,
  OPEN_STATUSES,
  REJECTION_REASON_MIN,
  resultProblem,
  SCREENING_MESSAGES,
  SCREENING_NOTE_MAX,
} from '../shared/cable-workflow';
import { formatDateTime } from './time';
import { textLength } from '../shared/text';

export const CABLE_PAGES = {
  submit: '/pages/cable/submit/index',
  myRequests: '/pages/cable/my-requests/index',
  request: '/pages/cable/request/index',
  screening: '/pages/hospital/screening/index',
  screeningDetail: '/pages/hospital/screening-detail/index',
} as const;

/** Tag colour per status (classes of styles/common.wxss). */
export const STATUS_TAGS: Readonly<Record<CableStatus, string>> = {
  submitted: 'tag_info',
  accepted: 'tag_info',
  sample_received: 'tag_info',
  screening: 'tag_info',
  completed: 'tag_brand',
  rejected: 'tag_warn',
  cancelled: '',
};

export const VERDICT_TAGS: Readonly<Record<Verdict, string>> = {
  conforming: 'tag_brand',
  suspected: 'tag_warn',
  non_conforming: 'tag_warn',
};

/**
 * An id for client request ids and storage paths: time plus randomness, never the openid (a storage
 * path is visible to whoever gets the fileID). Matches the server's /^[A-Za-z0-9_-]{8,64}$/.
 */
export function randomId(prefix = ''): string {
  const random = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `${prefix}${Date.now().toString(36)}-${random()}${random()}`;
}

/** The lower-case extension of a path or fileID, '' when it has none. */
export function extensionOf(path: string): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(path.split('?')[0]);
  return match ? match[1].toLowerCase() : '';
}

export interface FindingDraft {
  item: CableConcern;
  outcome: FindingOutcome | '';
  detail: string;
}

/**
 * Why a completion cannot be sent yet, or '' when it can (the server's rule, resultProblem: findings
 * without an outcome are not sent, so they do not count).
 */
export function completionProblem(verdict: Verdict | '', findings: FindingDraft[], reportFileID: string): string {
  return resultProblem({ verdict, findings, reportFileID });
}

/** The reason a staff member must give when not accepting a request. */
export function rejectionProblem(note: string): string {
  // Characters as every text counts them (shared/text.ts), the server's updateScreening too.
  const length = textLength(note.trim());
  if (length < REJECTION_REASON_MIN) {
    return `请填写不予受理的原因（至少 ${REJECTION_REASON_MIN} 个字），申请人会收到该说明`;
  }
  if (length > SCREENING_NOTE_MAX) return SCREENING_MESSAGES.noteTooLong;
  return '';
}

export interface TimelineStep {
  key: string;
  label: string;
  at: string;
  by: string;
  note: string;
  /** done: happened; current: the latest step; pending: still ahead on the usual path. */
  kind: 'done' | 'current' | 'pending';
}

const USUAL_PATH: CableStatus[] = ['submitted', 'accepted', 'sample_received', 'screening', 'completed'];

/** What happened (from the history) and, while the request is open, the steps still ahead. */
export function timeline(view: Pick<CableRequestView, 'history' | 'status'>, requesterLabel: string): TimelineStep[] {
  const steps: TimelineStep[] = view.history.map((h, i) => ({
    key: `h${i}`,
    label: h.toLabel,
    at: formatDateTime(h.at),
    by: h.by === 'staff' ? (h.hospitalName ?? '') : requesterLabel,
    note: h.note,
    kind: i === view.history.length - 1 ? 'current' : 'done',
  }));
  if (OPEN_STATUSES.includes(view.status)) {
    const ahead = USUAL_PATH.slice(USUAL_PATH.indexOf(view.status) + 1);
    for (const status of ahead) {
      steps.push({ key: `p-${status}`, label: CABLE_STATUS_LABELS[status], at: '', by: '', note: '', kind: 'pending' });
    }
  }
  return steps;
}

/** What both detail pages (requester's and staff's) show at the top of a request, derived once per answer. */
export function requestHeader(view: CableRequestView) {
  return {
    statusTag: STATUS_TAGS[view.status],
    verdictTag: view.verdict ? VERDICT_TAGS[view.verdict] : '',
    submittedText: formatDateTime(view.submittedAt),
    daysText: daysText(view.status, view.daysWaiting),
    sizeText: `${view.cable.cores > 1 ? `${view.cable.cores}×` : ''}${view.cable.crossSection} mm²`,
  };
}

/** "已等待 3 天" while open, "用时 3 天" once closed; day 0 reads as today. */
export function daysText(status: CableStatus, days: number): string {
  if (OPEN_STATUSES.includes(status)) return days === 0 ? '今天提交' : `已等待 ${days} 天`;
  return days === 0 ? '当天办结' : `用时 ${days} 天`;
}
