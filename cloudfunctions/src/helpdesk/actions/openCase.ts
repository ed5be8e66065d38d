import { randomBytes } from 'node:crypto';
import {
  FIRST_ANSWER_WORKING_DAYS,
  MAX_OPEN_CASES,
  OFFER_LIMIT,
  PROBLEM_DISCIPLINES,
  type ProblemType,
} from '../../../../miniprogram/shared/helpdesk';
import { openCaseInput } from '../../contract/helpdesk';
import { hasCapacity, matchBand, routeCase, type RoutableCase } from '../../core/helpdesk/routing';
import { calendarDate } from '../../core/time';
import { cityOfUscc } from '../../core/uscc';
import { firstAnswerDue } from '../../core/working-days';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import {
  findById,
  isDuplicateKeyError,
  list,
  runInTransaction,
  throwIfErrorReply,
  txGet,
  type Transaction,
} from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { acceptOwnUploads, ownUploadFolder } from '../../services/files';
import { caseViewFor } from '../case-views';
import { CASE_HOLDERS, markServed, queueCaseNotices, verifiedCaller, type CaseHolderDoc } from '../cases';
import {
  CASE_OFFERS,
  CASES,
  EXPERTS,
  UNTOUCHED_CASE,
  type CaseDoc,
  type CaseOfferDoc,
  type ExpertDoc,
} from '../documents';

async function findByClientRequestId(db: Database, openid: string, clientRequestId: string): Promise<CaseDoc | null> {
  const [doc] = await list<CaseDoc>(db.collection(CASES).where({ ownerOpenid: openid, clientRequestId }).limit(1));
  return doc ?? null;
}

/** Experts read per query; the 专家库 holds some hundreds, a category or a discipline a fraction of them. */
const EXPERT_READ_LIMIT = 1000;

/**
 * The experts who could take the case, read with at most two indexed queries rather than the whole
 * 专家库: those of the product category (bands 0 and 1 of routeCase), and only when fewer than
 * OFFER_LIMIT of them can take it, those holding one of the problem type's disciplines (band 2).
 */
export async function candidateExperts(
  db: Database,
  c: RoutableCase & { problemType: ProblemType },
): Promise<ExpertDoc[]> {
  const byCategory = await list<ExpertDoc>(
    db.collection(EXPERTS).where({ productCategories: c.productCategory, active: true }).limit(EXPERT_READ_LIMIT),
  );
  const able = byCategory.filter((e) => hasCapacity(e) && matchBand(e, c) !== undefined).length;
  const wanted = PROBLEM_DISCIPLINES[c.problemType];
  if (able >= OFFER_LIMIT || wanted.length === 0) return byCategory;
  const byDiscipline = await list<ExpertDoc>(
    db
      .collection(EXPERTS)
      .where({ disciplines: db.command.in([...wanted]), active: true })
      .limit(EXPERT_READ_LIMIT),
  );
  const seen = new Set(byCategory.map((e) => e._id));
  return [...byCategory, ...byDiscipline.filter((e) => !seen.has(e._id))];
}

/**
 * A verified enterprise opens a problem case (问诊). Repeating a submit (double tap, retry after a
 * timeout) with the same clientRequestId answers the first case: the unique (ownerOpenid,
 * clientRequestId) index makes the second insert fail, whatever the timing. The enterprise's open cases
 * live in one `help_case_holders` document read and written in the insert's transaction, so concurrent
 * opens cannot overshoot MAX_OPEN_CASES. The case is routed (core/helpdesk/routing.ts) to at most
 * OFFER_LIMIT experts, stored as offeredTo; each offered expert bound to a WeChat user gets a message.
 * Files must be the caller's own uploads (formOptions.uploadFolder) and exist.
 */
export const openCase = action({
  access: 'user',
  input: openCaseInput,
  async handler(input, { caller, db, now }) {
    const openid = caller.openid!;
    const enterprise = await verifiedCaller(db, caller);
    const viewer = { role: 'enterprise' as const, openid };
    const earlier = await findByClientRequestId(db, openid, input.clientRequestId);
    if (earlier) return { created: false, case: await caseViewFor(db, earlier, viewer, now) };

    await acceptOwnUploads(
      input.files.map((fileID, i) => ({ fileID, label: `第 ${i + 1} 个附件` })),
      ownUploadFolder('help-files', openid),
    );
    if (input.offerId) {
      const offer = await findById<CaseOfferDoc>(db, CASE_OFFERS, input.offerId);
      if (!offer || offer.uscc !== enterprise._id) {
        throw new AppError('VALIDATION_FAILED', '抽检整改提示：该提示不存在或不属于本企业');
      }
    }

    const city = enterprise.city ?? cityOfUscc(enterprise._id) ?? '';
    const routable = {
      productCategory: input.productCategory,
      problemType: input.problemType,
      city: input.preferredCity ?? (city || null),
    };
    const offered = routeCase(routable, await candidateExperts(db, routable), OFFER_LIMIT);

    const id = randomBytes(12).toString('hex');
    const doc: CaseDoc = {
      _id: id,
      caseNo: `WZ${calendarDate(now).replace(/-/g, '')}-${id.slice(0, 6).toUpperCase()}`,
      status: 'open',
      uscc: enterprise._id,
      enterpriseName: enterprise.name,
      city,
      ownerOpenid: openid,
      contact: { name: input.contact.name, phone: input.contact.phone },
      productCategory: input.productCategory,
      problemType: input.problemType,
      title: input.title,
      description: input.description,
      failedItems: input.failedItems,
      offerId: input.offerId ?? null,
      files: input.files,
      urgency: input.urgency,
      preferredCity: input.preferredCity ?? null,
      clientRequestId: input.clientRequestId,
      offeredTo: offered.map((e) => e._id),
      ...UNTOUCHED_CASE,
      submittedAt: now,
      firstAnswerDueAt: firstAnswerDue(now, FIRST_ANSWER_WORKING_DAYS).dueAt,
      createdAt: now,
      updatedAt: now,
    };

    try {
      await runInTransaction(
        db,
        async (t: Transaction) => {
          const holder = await txGet<CaseHolderDoc>(t, CASE_HOLDERS, enterprise._id);
          const open = holder?.openCaseIds ?? [];
          if (open.length >= MAX_OPEN_CASES) {
            throw new AppError(
              'TOO_MANY_OPEN_CASES',
              `您的企业已有 ${open.length} 个问诊正在处理，最多同时 ${MAX_OPEN_CASES} 个；请等待已有问诊解决或撤回后再发起`,
            );
          }
          throwIfErrorReply(await t.collection(CASES).add({ data: doc }));
          const openList = { openCaseIds: [...open, id], updatedAt: db.serverDate() };
          if (holder) await t.collection(CASE_HOLDERS).doc(enterprise._id).update({ data: openList });
          else await t.collection(CASE_HOLDERS).doc(enterprise._id).set({ data: openList });
          await markServed(t, enterprise._id, 'case', now);
          if (input.offerId) {
            const offer = await txGet<CaseOfferDoc>(t, CASE_OFFERS, input.offerId);
            if (offer && !offer.caseId)
              await t
                .collection(CASE_OFFERS)
                .doc(offer._id)
                .update({ data: { caseId: id } });
          }
          await audit(t, db, {
            actor: caller.actor,
            action: 'helpdesk.open',
            targetType: 'help_case',
            targetId: id,
            after: { status: 'open', uscc: doc.uscc, offeredTo: doc.offeredTo.length },
          });
          const notices = offered
            .filter((e) => !!e.openid)
            .map((e) => ({ toOpenid: e.openid!, note: '有新的问诊待接单' }));
          await queueCaseNotices(t, db, doc, 'open', notices, now);
        },
        10,
      );
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        const first = await findByClientRequestId(db, openid, input.clientRequestId);
        if (first) return { created: false, case: await caseViewFor(db, first, viewer, now) };
      }
      throw error;
    }
    return { created: true, case: await caseViewFor(db, doc, viewer, now) };
  },
});
