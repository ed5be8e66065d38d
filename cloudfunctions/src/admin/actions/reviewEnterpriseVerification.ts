import { reviewEnterpriseVerificationInput } from '../../contract/user';
import { verifiedOwnerOf } from '../../core/binding';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { findById, runInTransaction, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type UserRecord } from '../../runtime/router';
import {
  BINDINGS,
  queueBindingMessage,
  submittedApplicationsOf,
  verifyInTransaction,
  type BindingDoc,
} from '../../services/enterprise-binding';
import type { ApplicationDoc, EnterpriseDoc } from '../../services/documents';
import { verificationView, documentIds } from '../verification-views';
import { tempFileUrls } from '../../services/files';

/**
 * Approves or rejects submitted documents. Approval verifies the binding (displacing unverified ones,
 * see verifyInTransaction); when another account is already verified for the USCC it is refused, and the
 * admin settles the dispute instead. Either way the claimant gets a message.
 */
export const reviewEnterpriseVerification = action({
  access: 'admin',
  input: reviewEnterpriseVerificationInput,
  async handler({ bindingId, decision, reason }, { caller, db }) {
    const before = await findById<BindingDoc>(db, BINDINGS, bindingId);
    if (!before) throw new AppError('NOT_FOUND', '该绑定申请不存在或已被解除');
    const candidates = decision === 'approve' ? await submittedApplicationsOf(db, before.uscc) : [];
    const outcome = await runInTransaction(
      db,
      async (t: Transaction) => {
        const now = new Date();
        const { binding, enterprise } = await waitingReview(t, bindingId);
        return decision === 'approve'
          ? approveDocuments(t, db, caller.actor, { binding, enterprise, candidates }, now)
          : rejectDocuments(t, db, caller.actor, { binding, enterprise, reason }, now);
      },
      5,
    );
    const urls = await tempFileUrls(documentIds([outcome.binding]), 3600);
    return verificationView(outcome.binding, outcome.enterprise, urls);
  },
});

/** A binding under review, or as the review left it, with its enterprise. */
interface Review {
  binding: BindingDoc;
  enterprise: EnterpriseDoc | null;
}

/** The binding under review, still waiting and still the applicant's binding, with its enterprise. */
async function waitingReview(t: Transaction, bindingId: string): Promise<Review> {
  const binding = await txGet<BindingDoc>(t, BINDINGS, bindingId);
  if (!binding) throw new AppError('NOT_FOUND', '该绑定申请不存在或已被解除');
  if (binding.reviewStatus !== 'waiting') throw new AppError('CONFLICT', '该申请已处理');
  const user = await txGet<UserRecord>(t, 'users', bindingId);
  if (user?.enterpriseUscc !== binding.uscc) throw new AppError('CONFLICT', '申请人已更换绑定的企业');
  const enterprise = await txGet<EnterpriseDoc>(t, 'enterprises', binding.uscc);
  return { binding, enterprise };
}

/** Approval verifies the binding, unless another account is verified already (a dispute, settled elsewhere). */
async function approveDocuments(
  t: Transaction,
  db: Database,
  actor: string,
  { binding, enterprise, candidates }: Review & { candidates: ApplicationDoc[] },
  now: Date,
): Promise<Review> {
  const owner = verifiedOwnerOf(enterprise);
  if (owner && owner !== binding._id) {
    throw new AppError(
      'CONFLICT',
      '该企业已由其他账号完成验证，不能再通过此申请。如确需变更，请驳回本申请并请申请人提交企业绑定复核',
    );
  }
  const verified = await verifyInTransaction(t, db, {
    openid: binding._id,
    uscc: binding.uscc,
    claimedName: binding.claimedName,
    by: 'documents',
    actor,
    candidates,
    now,
  });
  await queueBindingMessage(
    t,
    db,
    {
      toOpenid: binding._id,
      uscc: binding.uscc,
      enterprise: verified.enterpriseName,
      event: 'approved',
      result: '已验证',
      note: '现在可以企业身份申领检测券',
    },
    now,
  );
  return { binding: { ...verified.binding, documentsSubmittedAt: binding.documentsSubmittedAt }, enterprise };
}

/** Rejection marks the binding rejected with the reason, audited, and tells the applicant why. */
async function rejectDocuments(
  t: Transaction,
  db: Database,
  actor: string,
  { binding, enterprise, reason }: Review & { reason: string },
  now: Date,
): Promise<Review> {
  const rejected: BindingDoc = {
    ...binding,
    verification: 'rejected',
    rejectionReason: reason,
    reviewStatus: 'rejected',
    reviewedAt: now,
    reviewedBy: actor,
  };
  const { _id, ...fields } = rejected;
  await t
    .collection(BINDINGS)
    .doc(_id)
    .set({ data: { ...fields, updatedAt: now } });
  await audit(t, db, {
    actor,
    action: 'admin.rejectEnterpriseDocuments',
    targetType: 'enterprise',
    targetId: binding.uscc,
    before: { verification: binding.verification, reviewStatus: 'waiting' },
    after: { verification: 'rejected', reviewStatus: 'rejected' },
    note: reason,
  });
  await queueBindingMessage(
    t,
    db,
    {
      toOpenid: binding._id,
      uscc: binding.uscc,
      enterprise: enterprise && enterprise.registered !== false ? enterprise.name : binding.claimedName,
      event: 'rejected',
      result: '被驳回',
      note: reason,
    },
    now,
  );
  return { binding: rejected, enterprise };
}
