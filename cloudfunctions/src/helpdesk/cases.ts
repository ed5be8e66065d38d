/**
 * Shared steps of the case actions: who may see a case (loadCaseFor: NOT_FOUND for anyone else, so case
 * ids cannot be probed), the one way a case moves (transition: the state machine's check, the update,
 * the audit entry and the outbox messages in one transaction) and the per-enterprise open-case list.
 */
import { randomBytes } from 'node:crypto';
import {
  CASE_STATUS_LABELS,
  caseTransition,
  type CaseActor,
  type CaseEvent,
} from '../../../miniprogram/shared/helpdesk';
import { formatDateTime } from '../core/time';
import { audit } from '../runtime/audit';
import type { Database } from '../runtime/cloud';
import { findById, runInTransaction, txGet, type Transaction } from '../runtime/db';
import { AppError } from '../runtime/errors';
import type { Caller } from '../runtime/router';
import { verifiedEnterpriseOf } from '../services/enterprise-binding';
import type { EnterpriseDoc } from '../services/documents';
import type { CaseViewer } from './case-views';
import { CASES, EXPERTS, SERVED, type CaseDoc, type ExpertDoc } from './documents';

/** One document per enterprise (USCC): the ids of its open cases, read and written with each change. */
export const CASE_HOLDERS = 'help_case_holders';
export interface CaseHolderDoc {
  _id: string;
  openCaseIds: string[];
}

export const CASE_NOT_FOUND = '问诊不存在';
export const casePage = (caseId: string) => `pages/help/case/index?caseId=${caseId}`;

/** The enterprise an account acts for on the help desk: only as its verified owner. */
export async function verifiedCaller(db: Database, caller: Caller): Promise<EnterpriseDoc> {
  const uscc = caller.user?.enterpriseUscc;
  if (!caller.openid || !uscc) {
    throw new AppError('ENTERPRISE_NOT_BOUND', '请先在“我的 - 企业绑定”中绑定企业，验证通过后才能发起问诊');
  }
  return verifiedEnterpriseOf(db, caller.openid, uscc, '使用质量帮扶');
}

/** The expert record the caller answers for (role `expert`, checked by the router), or undefined. */
export const expertIdOf = (caller: Caller): string | undefined =>
  caller.user?.roles?.includes('expert') && caller.user.expertId ? caller.user.expertId : undefined;

/** May this viewer see this case at all? An expert: while it is offered to them and open, or once they own it. */
export function canSee(doc: CaseDoc, viewer: CaseViewer): boolean {
  if (viewer.role === 'enterprise') return doc.ownerOpenid === viewer.openid;
  if (viewer.role === 'expert') {
    return doc.expertId === viewer.expertId || (doc.status === 'open' && doc.offeredTo.includes(viewer.expertId));
  }
  return true;
}

/**
 * The case and who the caller is on it: its enterprise, an expert it is offered to or owned by, or an
 * admin (in that order, for a caller who is several). `as` narrows the roles an action serves. Anyone
 * else gets NOT_FOUND, exactly as for a case that does not exist.
 */
export async function loadCaseFor(
  db: Database,
  caller: Caller,
  caseId: string,
  as: readonly CaseViewer['role'][] = ['enterprise', 'expert', 'admin'],
): Promise<{ doc: CaseDoc; viewer: CaseViewer }> {
  const doc = await findById<CaseDoc>(db, CASES, caseId);
  const viewer = doc ? viewerOf(doc, caller, as) : undefined;
  if (!doc || !viewer) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
  return { doc, viewer };
}

export function viewerOf(doc: CaseDoc, caller: Caller, as: readonly CaseViewer['role'][]): CaseViewer | undefined {
  const candidates: CaseViewer[] = [];
  if (caller.openid && as.includes('enterprise')) candidates.push({ role: 'enterprise', openid: caller.openid });
  const expertId = expertIdOf(caller);
  if (caller.openid && expertId && as.includes('expert')) {
    candidates.push({ role: 'expert', openid: caller.openid, expertId });
  }
  if (caller.isAdmin && as.includes('admin')) candidates.push({ role: 'admin', openid: caller.openid ?? null });
  return candidates.find((v) => canSee(doc, v));
}

/** An outbox document (template helpdeskCase) telling `toOpenid` what happened to the case. */
export interface CaseNotice {
  toOpenid: string;
  /** What happened, short (WeChat's thing keyword: 20 characters). */
  note: string;
}

export async function queueCaseNotices(
  t: Transaction,
  db: Database,
  doc: Pick<CaseDoc, '_id' | 'caseNo' | 'title' | 'status'>,
  event: string,
  notices: CaseNotice[],
  now: Date,
): Promise<void> {
  const seen = new Set<string>();
  for (const notice of notices) {
    if (!notice.toOpenid || seen.has(notice.toOpenid)) continue;
    seen.add(notice.toOpenid);
    await t.collection('outbox').add({
      data: {
        // Each move is written once (its transaction); the random part keeps two moves of one instant apart.
        dedupeKey: `helpdesk-case:${doc._id}:${event}:${notice.toOpenid}:${now.getTime()}:${randomBytes(4).toString('hex')}`,
        toOpenid: notice.toOpenid,
        template: 'helpdeskCase',
        page: casePage(doc._id),
        data: {
          caseNo: doc.caseNo,
          title: doc.title,
          status: CASE_STATUS_LABELS[doc.status],
          note: notice.note,
          time: formatDateTime(now),
        },
        status: 'pending',
        createdAt: db.serverDate(),
        updatedAt: db.serverDate(),
      },
    });
  }
}

/** The openid bound to an expert record, read inside the transaction (null when unbound). */
export async function expertOpenid(t: Transaction, expertId: string | null): Promise<string | null> {
  if (!expertId) return null;
  return (await txGet<ExpertDoc>(t, EXPERTS, expertId))?.openid ?? null;
}

/** Adds to an expert's counters inside a transaction (openCases never below 0). */
export async function bumpExpert(
  t: Transaction,
  db: Database,
  expertId: string,
  change: Partial<Record<'openCases' | 'resolvedCases' | 'starsTotal' | 'ratings', number>>,
): Promise<ExpertDoc> {
  const expert = await txGet<ExpertDoc>(t, EXPERTS, expertId);
  if (!expert) throw new AppError('NOT_FOUND', '专家不存在');
  const data: Record<string, unknown> = { updatedAt: db.serverDate() };
  for (const [key, delta] of Object.entries(change) as [keyof typeof change, number][]) {
    data[key] = Math.max(0, (expert[key] ?? 0) + delta);
  }
  await t.collection(EXPERTS).doc(expertId).update({ data });
  return expert;
}

/** Removes a case from its enterprise's open list (inside the transaction that ends it). */
export async function releaseHolder(t: Transaction, db: Database, uscc: string, caseId: string): Promise<void> {
  const holder = await txGet<CaseHolderDoc>(t, CASE_HOLDERS, uscc);
  if (!holder || !holder.openCaseIds.includes(caseId)) return;
  await t
    .collection(CASE_HOLDERS)
    .doc(uscc)
    .update({ data: { openCaseIds: holder.openCaseIds.filter((id) => id !== caseId), updatedAt: db.serverDate() } });
}

export interface TransitionStep {
  /** The case field changes (status is set from the state machine), and who to tell. */
  patch?: Partial<Omit<CaseDoc, '_id' | 'status'>>;
  notices?: CaseNotice[];
  note?: string;
}

export interface TransitionParams {
  caseId: string;
  event: CaseEvent;
  actor: CaseActor;
  caller: Caller;
  now: Date;
  /** Decides inside the transaction (may throw AppError, may write other documents with `t`). */
  apply: (t: Transaction, doc: CaseDoc, to: CaseDoc['status']) => Promise<TransitionStep>;
  /** Refuses before the state machine is asked (e.g. ALREADY_RATED). */
  guard?: (doc: CaseDoc) => void;
}

/**
 * One move of a case, all or nothing: reads the case in a transaction, asks the state machine
 * (INVALID_TRANSITION when the move is not allowed from the case's current status), lets `apply` decide
 * the change and write what else moves with it (an expert's counters, the open-case list), then
 * writes the case, one audit entry and the outbox messages. Answers the case as written.
 */
export async function transition(db: Database, p: TransitionParams): Promise<CaseDoc> {
  return runInTransaction(
    db,
    async (t: Transaction) => {
      const doc = await txGet<CaseDoc>(t, CASES, p.caseId);
      if (!doc) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
      p.guard?.(doc);
      const to = caseTransition(doc.status, p.event, p.actor);
      if (!to) {
        throw new AppError(
          'INVALID_TRANSITION',
          `问诊当前状态为“${CASE_STATUS_LABELS[doc.status]}”，不能进行此操作，请刷新后重试`,
        );
      }
      const step = await p.apply(t, doc, to);
      const patch = { ...(step.patch ?? {}), status: to };
      await t
        .collection(CASES)
        .doc(doc._id)
        .update({ data: { ...patch, updatedAt: p.now } });
      const after: CaseDoc = { ...doc, ...patch, updatedAt: p.now };
      await audit(t, db, {
        actor: p.caller.actor,
        action: `helpdesk.${p.event}`,
        targetType: 'help_case',
        targetId: doc._id,
        before: { status: doc.status, expertId: doc.expertId },
        after: { status: to, expertId: after.expertId },
        ...(step.note ? { note: step.note } : {}),
      });
      await queueCaseNotices(t, db, after, p.event, step.notices ?? [], p.now);
      return after;
    },
    10,
  );
}

/**
 * Records, inside the transaction of the case (or check-up) that serves it, that the help desk served
 * this enterprise: one `help_served` document per USCC (the public count counts them), written by
 * whichever comes first.
 */
export async function markServed(t: Transaction, uscc: string, via: 'case' | 'checkup', now: Date): Promise<void> {
  if (await txGet(t, SERVED, uscc)) return;
  await t
    .collection(SERVED)
    .doc(uscc)
    .set({ data: { via, createdAt: now } });
}

/**
 * The case for an enterprise-side action: the caller must hold a verified binding of the case's
 * enterprise and have opened the case; anyone else gets NOT_FOUND (an unverified caller, first, the
 * binding's own refusal).
 */
export async function loadOwnCase(db: Database, caller: Caller, caseId: string): Promise<CaseDoc> {
  const enterprise = await verifiedCaller(db, caller);
  const { doc } = await loadCaseFor(db, caller, caseId, ['enterprise']);
  if (doc.uscc !== enterprise._id) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
  return doc;
}

/**
 * Inside a transaction: the expert may still see the case (a reassignment or another expert's accept
 * may have moved it since it was loaded). An offered, unowned case stays visible, so a move it does not
 * allow yet is the state machine's INVALID_TRANSITION; the moves themselves are owner-only because
 * an owner is the only expert who sees a case past `open`.
 */
export function assertOwner(doc: CaseDoc, expertId: string): void {
  if (!canSee(doc, { role: 'expert', openid: '', expertId })) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
}
