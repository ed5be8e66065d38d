/**
 * The quick-screen request workflow (pure: no SDK). Reads like the spec:
 *
 *   submitted → accepted → sample_received → screening → completed (verdict, findings, report)
 *   submitted | accepted → rejected (staff, with a reason)
 *   submitted | accepted → cancelled (the requester, before the sample is received)
 *
 * Any other move is INVALID_TRANSITION; a listed move by the wrong party is FORBIDDEN.
 */
import { shanghai } from '../time';
import {
  CABLE_STATUS_LABELS,
  isOpenStatus,
  REJECTION_REASON_MIN,
  resultProblem,
  type CableStatus,
  type Finding,
  type Verdict,
} from '../../../../miniprogram/shared/cable-workflow';

// Statuses, their labels, verdicts and the result rule live once in miniprogram/shared (the pages use them too).
export {
  CABLE_STATUSES,
  CABLE_STATUS_LABELS,
  FINDING_DETAIL_MAX,
  isOpenStatus,
  MAX_FINDINGS,
  OPEN_STATUSES,
  REJECTION_REASON_MIN,
  resultProblem,
  SCREENING_MESSAGES,
  SCREENING_NOTE_MAX,
  VERDICT_CODES,
  VERDICTS,
} from '../../../../miniprogram/shared/cable-workflow';
export type { CableStatus, Finding, ScreeningResult, Verdict } from '../../../../miniprogram/shared/cable-workflow';

export type ActorRole = 'requester' | 'staff';

/** from → to → the only party who may make that move. */
export const TRANSITIONS: Readonly<Record<CableStatus, Readonly<Partial<Record<CableStatus, ActorRole>>>>> = {
  submitted: { accepted: 'staff', rejected: 'staff', cancelled: 'requester' },
  accepted: { sample_received: 'staff', rejected: 'staff', cancelled: 'requester' },
  sample_received: { screening: 'staff' },
  screening: { completed: 'staff' },
  completed: {},
  rejected: {},
  cancelled: {},
};

export interface TransitionInput {
  to: CableStatus;
  note?: string;
  verdict?: Verdict;
  findings?: Finding[];
  reportFileID?: string;
}

export type TransitionCheck =
  { ok: true } | { ok: false; code: 'INVALID_TRANSITION' | 'FORBIDDEN' | 'VALIDATION_FAILED'; message: string };

const label = (s: CableStatus) => CABLE_STATUS_LABELS[s];
const refuse = (code: 'INVALID_TRANSITION' | 'FORBIDDEN' | 'VALIDATION_FAILED', message: string): TransitionCheck => ({
  ok: false,
  code,
  message,
});

/** The moves `role` may make from `from` (what a page offers as buttons). */
export function nextStatuses(from: CableStatus, role: ActorRole): CableStatus[] {
  return (Object.entries(TRANSITIONS[from]) as [CableStatus, ActorRole][])
    .filter(([, who]) => who === role)
    .map(([to]) => to);
}

/** Whether `role` may move a request from `from` as `input` asks, with the payload each move needs. */
export function checkTransition(from: CableStatus, input: TransitionInput, role: ActorRole): TransitionCheck {
  const { to } = input;
  const who = TRANSITIONS[from][to];
  if (!who) {
    const possible = Object.keys(TRANSITIONS[from]) as CableStatus[];
    if (from === to) return refuse('INVALID_TRANSITION', `申请已是“${label(from)}”状态`);
    if (possible.length === 0) {
      return refuse('INVALID_TRANSITION', `申请已${label(from)}，不能再变更为“${label(to)}”`);
    }
    if (to === 'cancelled') {
      return refuse('INVALID_TRANSITION', `样品已送达产品医院（当前“${label(from)}”），不能再撤销申请`);
    }
    return refuse(
      'INVALID_TRANSITION',
      `不能从“${label(from)}”变更为“${label(to)}”，当前只能变更为：${possible.map((s) => `“${label(s)}”`).join('、')}`,
    );
  }
  if (who !== role) {
    return refuse('FORBIDDEN', who === 'requester' ? '只有申请人本人可以撤销申请' : '只有产品医院工作人员可以处理申请');
  }

  const note = input.note?.trim() ?? '';
  const hasResult = input.verdict !== undefined || input.findings !== undefined || input.reportFileID !== undefined;
  if (to !== 'completed' && hasResult) {
    return refuse('VALIDATION_FAILED', '筛查结论、检查项目和报告只能在“完成筛查”时填写');
  }
  if (to === 'rejected' && note.length < REJECTION_REASON_MIN) {
    return refuse('VALIDATION_FAILED', '不予受理时请填写原因（至少 2 个字），申请人会收到该说明');
  }
  if (to === 'completed') return checkResult(input);
  return { ok: true };
}

/** A completed screening needs a verdict, a report, and findings that agree with the verdict. */
function checkResult(input: TransitionInput): TransitionCheck {
  const problem = resultProblem(input);
  return problem ? refuse('VALIDATION_FAILED', problem) : { ok: true };
}

// ---- who sees what ----

export interface RequestScopeFields {
  status: CableStatus;
  /** The hospital that accepted (or rejected) the request; null while unassigned. */
  hospitalId: string | null;
  preferredHospitalId: string | null;
}

/**
 * How a hospital relates to a request: `assigned` (it accepted or rejected it), `candidate` (an unassigned
 * submitted request it may accept: it was preferred, or no hospital was), or `none` (invisible to it).
 */
export type StaffScope = 'assigned' | 'candidate' | 'none';

export function staffScope(request: RequestScopeFields, hospitalId: string): StaffScope {
  if (request.hospitalId) return request.hospitalId === hospitalId ? 'assigned' : 'none';
  if (request.status !== 'submitted') return 'none';
  return request.preferredHospitalId === null || request.preferredHospitalId === hospitalId ? 'candidate' : 'none';
}

// ---- applying a move ----

export interface HistoryEntry {
  from: CableStatus | null;
  to: CableStatus;
  at: Date;
  role: ActorRole;
  actorOpenid: string | null;
  /** The acting staff member's hospital (null for the requester). */
  hospitalId: string | null;
  hospitalName: string | null;
  note: string;
}

export interface Actor {
  role: ActorRole;
  openid: string | null;
  hospitalId: string | null;
  hospitalName: string | null;
}

export interface WorkflowState {
  status: CableStatus;
  hospitalId: string | null;
  hospitalName: string | null;
  statusHistory: HistoryEntry[];
}

export interface WorkflowPatch {
  status: CableStatus;
  statusHistory: HistoryEntry[];
  statusChangedAt: Date;
  hospitalId: string | null;
  hospitalName: string | null;
  verdict?: Verdict;
  findings?: Finding[];
  reportFileID?: string;
  rejectionReason?: string;
  cancelReason?: string;
  completedAt?: Date;
  /** When the request stopped being open (completed, rejected or cancelled). */
  closedAt?: Date;
}

/** The first history entry of a new request. */
export function submittedEntry(openid: string, at: Date, note = ''): HistoryEntry {
  return {
    from: null,
    to: 'submitted',
    at,
    role: 'requester',
    actorOpenid: openid,
    hospitalId: null,
    hospitalName: null,
    note,
  };
}

/**
 * The fields a checked move writes. Accepting assigns the request to the actor's hospital; a staff
 * rejection of an unassigned request records the rejecting hospital so it stays in that hospital's history.
 */
export function applyTransition(state: WorkflowState, input: TransitionInput, actor: Actor, now: Date): WorkflowPatch {
  const note = input.note?.trim() ?? '';
  const entry: HistoryEntry = {
    from: state.status,
    to: input.to,
    at: now,
    role: actor.role,
    actorOpenid: actor.openid,
    hospitalId: actor.role === 'staff' ? actor.hospitalId : null,
    hospitalName: actor.role === 'staff' ? actor.hospitalName : null,
    note,
  };
  const claim = actor.role === 'staff' && !state.hospitalId && (input.to === 'accepted' || input.to === 'rejected');
  const patch: WorkflowPatch = {
    status: input.to,
    statusHistory: [...state.statusHistory, entry],
    statusChangedAt: now,
    hospitalId: claim ? actor.hospitalId : state.hospitalId,
    hospitalName: claim ? actor.hospitalName : state.hospitalName,
  };
  if (input.to === 'completed') {
    patch.verdict = input.verdict;
    patch.findings = input.findings ?? [];
    patch.reportFileID = input.reportFileID;
    patch.completedAt = now;
  }
  if (input.to === 'rejected') patch.rejectionReason = note;
  if (input.to === 'cancelled') patch.cancelReason = note;
  if (!isOpenStatus(input.to)) patch.closedAt = now;
  return patch;
}

// ---- time ----

/** Whole calendar days (Asia/Shanghai) from `since` to `until`: same day → 0. */
export function calendarDaysBetween(since: Date | string, until: Date | string): number {
  return Math.max(0, shanghai(until).startOf('day').diff(shanghai(since).startOf('day'), 'day'));
}

/** Days a request has waited: until now while open, until it closed otherwise. */
export function daysWaiting(
  request: { submittedAt: Date | string; closedAt?: Date | string | null },
  now: Date,
): number {
  return calendarDaysBetween(request.submittedAt, request.closedAt ?? now);
}
