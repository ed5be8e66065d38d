/**
 * What pages see of a problem case (问诊): the list summary (caseSummaryOf, pure) and the full thread view
 * for one viewer (caseViewFor). The viewer is decided before a view is built (helpdesk/cases.ts
 * loadCaseFor): whoever gets a view may see the case, so only they get temp URLs of its files; the
 * enterprise's contact is shown in full only to the enterprise itself and to the expert who owns it.
 */
import {
  CASE_STATUS_LABELS,
  PROBLEM_TYPES,
  caseEventsFor,
  isOpenCase,
  type CaseActor,
  type CaseEvent,
} from '../../../miniprogram/shared/helpdesk';
import type { CaseFileView, CaseMessageView, CaseSummary, CaseView } from '../contract/helpdesk';
import { maskPersonName, maskPhone } from '../core/privacy';
import type { Database } from '../runtime/cloud';
import { findById, list } from '../runtime/db';
import { ownUploadFolder, tempFileUrls } from '../services/files';
import { CASE_MESSAGES, EXPERTS, type CaseDoc, type CaseMessageDoc, type ExpertDoc } from './documents';
import { expertSummaryOf } from './experts';

/** Who is looking at a case: its enterprise, an expert (offered it or owning it), or an admin. */
export type CaseViewer =
  | { role: 'enterprise'; openid: string }
  | { role: 'expert'; openid: string; expertId: string }
  | { role: 'admin'; openid: string | null };

/** How long the temp URLs of a view's files stay valid. */
export const FILE_URL_SECONDS = 2 * 3600;
/** Messages a thread view shows (the newest; a thread longer than this is unusual). */
export const THREAD_LIMIT = 200;

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** The list entry of a case. `expert`: the owning expert's record (null when unowned or not loaded). */
export function caseSummaryOf(doc: CaseDoc, expert: ExpertDoc | null, now: Date): CaseSummary {
  const dueAt = new Date(doc.firstAnswerDueAt);
  return {
    caseId: doc._id,
    caseNo: doc.caseNo,
    status: doc.status,
    statusLabel: CASE_STATUS_LABELS[doc.status],
    productCategory: doc.productCategory,
    problemType: doc.problemType,
    problemTypeLabel: PROBLEM_TYPES[doc.problemType],
    title: doc.title,
    urgency: doc.urgency,
    enterpriseName: doc.enterpriseName,
    city: doc.city,
    expert: expert && doc.expertId === expert._id ? expertSummaryOf(expert) : null,
    submittedAt: iso(doc.submittedAt)!,
    firstAnswerDueAt: dueAt.toISOString(),
    firstAnsweredAt: iso(doc.firstAnsweredAt),
    escalated: !!doc.escalatedAt,
    overdue: !doc.firstAnsweredAt && isOpenCase(doc.status) && now.getTime() > dueAt.getTime(),
    updatedAt: iso(doc.updatedAt) ?? iso(doc.submittedAt)!,
  };
}

/** Summaries of several cases, their owning experts loaded in one query. */
export async function caseSummariesOf(db: Database, docs: CaseDoc[], now: Date): Promise<CaseSummary[]> {
  const experts = await expertsById(
    db,
    docs.map((d) => d.expertId).filter((id): id is string => !!id),
  );
  return docs.map((doc) => caseSummaryOf(doc, doc.expertId ? (experts.get(doc.expertId) ?? null) : null, now));
}

async function expertsById(db: Database, ids: string[]): Promise<Map<string, ExpertDoc>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const docs = await list<ExpertDoc>(
    db
      .collection(EXPERTS)
      .where({ _id: db.command.in(unique) })
      .limit(unique.length),
  );
  return new Map(docs.map((d) => [d._id, d]));
}

/** The state machine's actor for a viewer. */
export const actorOf = (viewer: CaseViewer): CaseActor => viewer.role;

/** Does this viewer own the case on the expert side? */
export const ownsCase = (doc: CaseDoc, viewer: CaseViewer): boolean =>
  viewer.role === 'expert' && doc.expertId === viewer.expertId;

/** What the viewer may do now: the state machine's events, narrowed to the cases they hold. */
export function actionsFor(doc: CaseDoc, viewer: CaseViewer): CaseEvent[] {
  const events = caseEventsFor(doc.status, actorOf(viewer));
  if (viewer.role === 'expert' && !ownsCase(doc, viewer)) return events.filter((e) => e === 'accept');
  if (viewer.role === 'expert') return events.filter((e) => e !== 'accept');
  if (viewer.role === 'enterprise' && doc.rating) return events.filter((e) => e !== 'rate');
  return events;
}

const fileKind = (fileID: string): CaseFileView['kind'] => (/\.pdf$/i.test(fileID) ? 'pdf' : 'image');

const FROM_LABEL = { enterprise: '企业', admin: '管理员', system: '系统' } as const;

/**
 * The case as `viewer` sees it: thread, diagnosis, rating, temp URLs of every file of the case and its
 * messages (one getTempFileURL call), the contact masked unless the viewer is the enterprise or the
 * owning expert, and the buttons (actions) the state machine allows them now.
 */
export async function caseViewFor(db: Database, doc: CaseDoc, viewer: CaseViewer, now: Date): Promise<CaseView> {
  const [expert, messages] = await Promise.all([
    doc.expertId ? findById<ExpertDoc>(db, EXPERTS, doc.expertId) : Promise.resolve(null),
    list<CaseMessageDoc>(
      db
        .collection(CASE_MESSAGES)
        .where({ caseId: doc._id })
        .orderBy('at', 'asc')
        .orderBy('_id', 'asc')
        .limit(THREAD_LIMIT),
    ),
  ]);
  const fileIDs = [...doc.files, ...messages.flatMap((m) => m.files)];
  let urls = new Map<string, string>();
  if (fileIDs.length) {
    try {
      urls = await tempFileUrls(fileIDs, FILE_URL_SECONDS);
    } catch (error) {
      // Storage failing does not fail the view: its files show as unavailable and a reload asks again.
      console.error(`helpdesk: no temp URLs for case ${doc._id}: ${(error as Error).message}`);
    }
  }
  const fileView = (fileID: string): CaseFileView => ({ url: urls.get(fileID) ?? null, kind: fileKind(fileID) });
  const fullContact = viewer.role === 'enterprise' || ownsCase(doc, viewer);
  const actions = actionsFor(doc, viewer);
  const canPost = actions.includes('message') && !!viewer.openid;
  return {
    ...caseSummaryOf(doc, expert, now),
    description: doc.description,
    failedItems: doc.failedItems,
    files: doc.files.map(fileView),
    preferredCity: doc.preferredCity,
    contact: fullContact
      ? { name: doc.contact.name, phone: doc.contact.phone }
      : { name: maskPersonName(doc.contact.name), phone: maskPhone(doc.contact.phone) },
    contactMasked: !fullContact,
    diagnosis: doc.diagnosis
      ? { text: doc.diagnosis.text, plan: doc.diagnosis.plan.map((m) => ({ ...m })), at: iso(doc.diagnosis.at)! }
      : null,
    closingNote: doc.closingNote,
    rating: doc.rating ? { stars: doc.rating.stars, comment: doc.rating.comment, at: iso(doc.rating.at)! } : null,
    messages: messages.map((m): CaseMessageView => ({
      messageId: m._id,
      from: m.from,
      fromLabel: m.from === 'expert' ? (doc.expertName ?? expert?.name ?? '专家') : FROM_LABEL[m.from],
      text: m.text,
      files: m.files.map(fileView),
      at: iso(m.at)!,
    })),
    uploadFolder: canPost ? ownUploadFolder('help-files', viewer.openid!) : null,
    filesExpireIn: urls.size ? FILE_URL_SECONDS : 0,
    viewerRole: viewer.role,
    actions,
  };
}
