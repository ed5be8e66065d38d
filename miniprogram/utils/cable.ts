/**
 * Cable quick-screen helpers shared by the requester and staff pages: page addresses, labels the
 * pages need before any data arrives (status tabs, staff buttons, verdicts), the as-you-type checks
 * of the completion form, and the status timeline.
 *
 * Labels and rules mirror cloudfunctions/src/core/cable/{catalog,workflow}.ts, which the mini-program
 * cannot import; tests/unit/miniprogram/cable-form.test.ts keeps the copies equal. The server stays the
 * judge; these only spare users a round trip.
 */
import type { CableConcern, CableRequestView, CableStatus, CableType, Verdict } from '../../typings/api';
import { formatDateTime } from './time';

export const CABLE_PAGES = {
  submit: '/pages/cable/submit/index',
  myRequests: '/pages/cable/my-requests/index',
  request: '/pages/cable/request/index',
  screening: '/pages/hospital/screening/index',
  screeningDetail: '/pages/hospital/screening-detail/index',
} as const;

export const STATUS_LABELS: Readonly<Record<CableStatus, string>> = {
  submitted: '已提交',
  accepted: '已受理',
  sample_received: '已收样',
  screening: '筛查中',
  completed: '已完成',
  rejected: '未受理',
  cancelled: '已撤销',
};

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

export const OPEN_STATUSES: readonly CableStatus[] = ['submitted', 'accepted', 'sample_received', 'screening'];

export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  conforming: '未发现问题',
  suspected: '疑似不合格',
  non_conforming: '不合格',
};

export const VERDICT_TAGS: Readonly<Record<Verdict, string>> = {
  conforming: 'tag_brand',
  suspected: 'tag_warn',
  non_conforming: 'tag_warn',
};

/** Concern labels, for findings the requester did not raise (the views label only the raised ones). */
export const CONCERN_LABELS: Readonly<Record<CableConcern, string>> = {
  conductor_resistance: '导体电阻超标',
  thin_conductor: '导体偏细（截面“缩水”）',
  conductor_material: '导体材质（铜包铝、掺杂等）',
  insulation_thickness: '绝缘厚度不足',
  sheath_thickness: '护套厚度不足',
  insulation_material: '绝缘或护套材料（回收料、易老化开裂）',
  marking: '标志不清或与实物不符（型号、规格、厂名）',
  flame_retardancy: '阻燃性能',
  ccc_mark: '无 CCC 认证标志',
  length_shortfall: '长度不足',
  other: '其他问题',
};

export type FindingOutcome = 'pass' | 'doubtful' | 'fail';
export const OUTCOME_LABELS: Readonly<Record<FindingOutcome, string>> = {
  pass: '符合',
  doubtful: '存疑',
  fail: '不符合',
};

export const MAX_FINDING_DETAIL = 200;
export const MAX_NOTE = 500;
export const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'heic'];
export const REPORT_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png', 'webp'];

/** `BV 2.5mm² 粤星`, `YJV 3×95mm² 粤星` (the cores only when more than one). */
export function cableLine(cable: { type: CableType; cores: number; crossSection: number; brand?: string }): string {
  const size = `${cable.cores > 1 ? `${cable.cores}×` : ''}${cable.crossSection}mm²`;
  return [cable.type, size, cable.brand ?? ''].filter(Boolean).join(' ');
}

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
 * Why a completion cannot be sent yet, or '' when it can (checkResult of the server's workflow, plus
 * the finding-detail length the schema enforces). Findings without an outcome are not sent.
 */
export function completionProblem(verdict: Verdict | '', findings: FindingDraft[], reportFileID: string): string {
  if (!verdict) return '完成筛查时请选择筛查结论';
  if (!reportFileID) return '完成筛查时请上传筛查报告';
  const checked = findings.filter((f) => f.outcome !== '');
  if (checked.some((f) => f.detail.trim().length > MAX_FINDING_DETAIL)) return '检查说明不超过 200 字';
  const failed = checked.filter((f) => f.outcome === 'fail').length;
  const doubtful = checked.filter((f) => f.outcome === 'doubtful').length;
  if (verdict === 'conforming' && failed + doubtful > 0) {
    return '有“不符合”或“存疑”的检查项目时，结论不能是“未发现问题”';
  }
  if (verdict === 'suspected' && failed + doubtful === 0) {
    return '结论为“疑似不合格”时，请至少列出一个“存疑”或“不符合”的检查项目';
  }
  if (verdict === 'non_conforming' && failed === 0) return '结论为“不合格”时，请至少列出一个“不符合”的检查项目';
  return '';
}

/** The reason a staff member must give when not accepting a request (server: at least 2 characters). */
export function rejectionProblem(note: string): string {
  const length = note.trim().length;
  if (length < 2) return '请填写不予受理的原因（至少 2 个字），申请人会收到该说明';
  if (length > MAX_NOTE) return '说明不超过 500 字';
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
      steps.push({ key: `p-${status}`, label: STATUS_LABELS[status], at: '', by: '', note: '', kind: 'pending' });
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
