/**
 * The quality help desk (质量帮扶): what experts declare, what a problem case (问诊) carries, and the
 * case's state machine. The one copy the cloud functions (the `helpdesk` function, contract/helpdesk.ts)
 * and the pages (forms, buttons, labels) share.
 *
 *   open ──accept (expert) / reassign (admin)──▶ accepted ──proposeClose (expert)──▶ closing
 *   closing ──confirmSolved (enterprise)──▶ resolved ──rate (enterprise, once)
 *   closing ──notSolved (enterprise)──▶ accepted
 *   open | accepted ──withdraw (enterprise)──▶ withdrawn
 *   accepted | closing ──reassign (admin)──▶ accepted (another expert)
 *   open | accepted ──escalate (timer: no first answer in 2 working days)── (same status, flagged)
 */
import type { ProductCategory } from './product-categories';
import type { TextRule } from './text';

export const DISCIPLINES = {
  standards: '标准',
  metrology: '计量',
  testing: '检验检测',
  certification: '认证',
  quality_management: '质量管理',
  process: '生产工艺',
  trade_measures: '技术性贸易措施/出口',
} as const;
export type Discipline = keyof typeof DISCIPLINES;
export const DISCIPLINE_CODES = Object.keys(DISCIPLINES) as [Discipline, ...Discipline[]];

export const PROBLEM_TYPES = {
  failed_sampling: '抽检不合格整改',
  standards: '标准理解',
  testing_certification: '检测认证',
  process: '生产工艺',
  export_barriers: '出口技术壁垒',
  other: '其他',
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPES;
export const PROBLEM_TYPE_CODES = Object.keys(PROBLEM_TYPES) as [ProblemType, ...ProblemType[]];

/** The disciplines that answer a problem type (routing prefers experts holding one; `other`: any). */
export const PROBLEM_DISCIPLINES: Readonly<Record<ProblemType, readonly Discipline[]>> = {
  failed_sampling: ['testing', 'quality_management', 'process'],
  standards: ['standards', 'metrology'],
  testing_certification: ['testing', 'certification'],
  process: ['process', 'quality_management'],
  export_barriers: ['trade_measures', 'standards', 'certification'],
  other: [],
};

export const URGENCIES = {
  normal: '一般',
  urgent: '紧急（影响生产或出货）',
} as const;
export type Urgency = keyof typeof URGENCIES;
export const URGENCY_CODES = Object.keys(URGENCIES) as [Urgency, ...Urgency[]];

export const CASE_STATUSES = ['open', 'accepted', 'closing', 'resolved', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  open: '待专家接单',
  accepted: '专家处理中',
  closing: '待确认解决',
  resolved: '已解决',
  withdrawn: '已撤回',
};
/** Statuses that hold an expert's capacity and count as the enterprise's open cases. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['open', 'accepted', 'closing'];
export const isOpenCase = (status: CaseStatus): boolean => OPEN_CASE_STATUSES.includes(status);

export type CaseActor = 'enterprise' | 'expert' | 'admin' | 'timer';
export const CASE_EVENTS = [
  'accept',
  'message',
  'diagnose',
  'proposeClose',
  'confirmSolved',
  'notSolved',
  'rate',
  'withdraw',
  'reassign',
  'escalate',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

interface Transition {
  from: readonly CaseStatus[];
  /** null: the status stays (the event records something on the case). */
  to: CaseStatus | null;
  by: readonly CaseActor[];
}

/** Every allowed move; anything not here is refused (INVALID_TRANSITION). */
export const CASE_TRANSITIONS: Readonly<Record<CaseEvent, Transition>> = {
  accept: { from: ['open'], to: 'accepted', by: ['expert'] },
  message: { from: ['accepted', 'closing'], to: null, by: ['enterprise', 'expert', 'admin'] },
  diagnose: { from: ['accepted'], to: null, by: ['expert'] },
  proposeClose: { from: ['accepted'], to: 'closing', by: ['expert'] },
  confirmSolved: { from: ['closing'], to: 'resolved', by: ['enterprise'] },
  notSolved: { from: ['closing'], to: 'accepted', by: ['enterprise'] },
  rate: { from: ['resolved'], to: null, by: ['enterprise'] },
  withdraw: { from: ['open', 'accepted'], to: 'withdrawn', by: ['enterprise'] },
  reassign: { from: ['open', 'accepted', 'closing'], to: 'accepted', by: ['admin'] },
  escalate: { from: ['open', 'accepted'], to: null, by: ['timer', 'admin'] },
};

/** The status after `event` by `actor` in `status`, or undefined when the move is not allowed. */
export function caseTransition(status: CaseStatus, event: CaseEvent, actor: CaseActor): CaseStatus | undefined {
  const t = CASE_TRANSITIONS[event];
  if (!t.from.includes(status) || !t.by.includes(actor)) return undefined;
  return t.to ?? status;
}

/** The events `actor` may start in `status` (the buttons a page shows). */
export function caseEventsFor(status: CaseStatus, actor: CaseActor): CaseEvent[] {
  return CASE_EVENTS.filter((event) => caseTransition(status, event, actor) !== undefined);
}

/** First answer due within this many Chinese working days (法定节假日 off, 调休 workdays on). */
export const FIRST_ANSWER_WORKING_DAYS = 2;
/** How many matching experts a new case is offered to. */
export const OFFER_LIMIT = 10;
/** Files on a case or a message: photos or PDFs. */
export const MAX_CASE_FILES = 9;
export const CASE_FILE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'pdf'] as const;
/** Measures in an improvement plan (一企一策). */
export const MAX_PLAN_MEASURES = 10;
/** Open cases an enterprise may have at once. */
export const MAX_OPEN_CASES = 5;

const rule = (label: string, min: number, max: number): TextRule => ({
  min,
  max,
  tooShort: min > 0 ? `${label}至少 ${min} 个字` : '',
  tooLong: `${label}不超过 ${max} 字`,
});

export const CASE_TEXT = {
  title: rule('标题', 4, 40),
  description: rule('问题描述', 10, 1000),
  failedItems: rule('不合格项目', 0, 200),
  message: rule('留言', 1, 1000),
  diagnosis: rule('诊断意见', 10, 1000),
  measure: rule('整改措施', 2, 100),
  target: rule('目标', 1, 60),
  closingNote: rule('结案说明', 0, 500),
  ratingComment: rule('评价', 0, 300),
  reason: rule('原因', 0, 200),
} as const;

/** What an enterprise sees of its case form's first question. */
export interface CasePrefill {
  productCategory?: ProductCategory;
  problemType?: ProblemType;
  title?: string;
  failedItems?: string;
}
