import { resolveEnterpriseClaimInput, type ClaimStatus } from '../../contract/admin';
import { audit } from '../../runtime/audit';
import { findById, runInTransaction, txGet } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type UserRecord } from '../../runtime/router';
import type { EnterpriseDoc } from '../../services/documents';
import { submittedApplicationsOf, verifyInTransaction } from '../../services/enterprise-binding';
import { ClaimDoc, claimView } from '../claim-views';

/**
 * Settles a dispute over who represents an enterprise. Approving makes the claimant the verified owner
 * in one transaction (the previous owner's account is unbound, unverified claimants are displaced as
 * by any verification); the previous owner's applications and vouchers stay with it.
 */
export const resolveEnterpriseClaim = action({
  access: 'admin',
  input: resolveEnterpriseClaimInput,
  async handler({ claimId, decision, note }, { caller, db }) {
    const pending = decision === 'approve' ? await findById<ClaimDoc>(db, 'enterprise_claims', claimId) : null;
    const candidates = pending ? await submittedApplicationsOf(db, pending.uscc) : [];
    const outcome = await runInTransaction(
      db,
      async (t: any) => {
        const claim = await txGet<ClaimDoc>(t, 'enterprise_claims', claimId);
        if (!claim) throw new AppError('NOT_FOUND', '复核申请不存在');
        if (claim.status !== 'pending') throw new AppError('CONFLICT', '该复核申请已处理');
        const enterprise = await txGet<EnterpriseDoc>(t, 'enterprises', claim.uscc);
        const status: ClaimStatus = decision === 'approve' ? 'approved' : 'rejected';
        const resolution = note || (decision === 'approve' ? '已核实，企业绑定已转至申请人' : '');
        let previousOwner: string | null = null;
        if (decision === 'approve') {
          if (!enterprise) throw new AppError('NOT_FOUND', '企业不存在');
          previousOwner = enterprise.ownerOpenid ?? null;
          const claimant = await txGet<UserRecord>(t, 'users', claim.claimantOpenid);
          if (!claimant) throw new AppError('NOT_FOUND', '申请人账号不存在');
          if (claimant.enterpriseUscc && claimant.enterpriseUscc !== claim.uscc) {
            throw new AppError('CONFLICT', `申请人账号已绑定企业 ${claimant.enterpriseUscc}，请先处理该绑定`);
          }
          // The admin's finding verifies the claimant; the previous owner and any unverified claimants go.
          await verifyInTransaction(t, db, {
            openid: claim.claimantOpenid,
            uscc: claim.uscc,
            claimedName: claim.name,
            by: 'review',
            actor: caller.actor,
            replaceVerifiedOwner: true,
            candidates,
            now: new Date(),
          });
        }
        await t
          .collection('enterprise_claims')
          .doc(claimId)
          .update({ data: { status, resolution, resolvedBy: caller.actor, updatedAt: new Date() } });
        return {
          claim: { ...claim, status, resolution },
          enterprise:
            enterprise && decision === 'approve' ? { ...enterprise, ownerOpenid: claim.claimantOpenid } : enterprise,
          previousOwner,
        };
      },
      5,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.resolveEnterpriseClaim',
      targetType: 'enterprise',
      targetId: outcome.claim.uscc,
      before: { ownerOpenid: outcome.previousOwner, claimStatus: 'pending' },
      after: {
        ownerOpenid: decision === 'approve' ? outcome.claim.claimantOpenid : outcome.previousOwner,
        claimStatus: outcome.claim.status,
      },
      note,
    });
    return claimView(outcome.claim, outcome.enterprise);
  },
});
