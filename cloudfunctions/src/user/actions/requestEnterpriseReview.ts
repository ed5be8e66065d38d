import { requestEnterpriseReviewInput } from '../../contract/user';
import { audit } from '../../runtime/audit';
import { isDuplicateKeyError } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';

/** A second claimant of a bound USCC asks the regulator to check who really represents the firm. */
export const requestEnterpriseReview = action({
  access: 'user',
  userRecord: 'not read',
  input: requestEnterpriseReviewInput,
  async handler({ uscc, name, note }, { caller, db }) {
    try {
      const res = await db.collection('enterprise_claims').add({
        data: {
          uscc,
          name,
          note,
          claimantOpenid: caller.openid!,
          status: 'pending',
          createdAt: db.serverDate(),
          updatedAt: db.serverDate(),
        },
      });
      await audit(db, db, {
        actor: caller.actor,
        action: 'user.requestEnterpriseReview',
        targetType: 'enterprise',
        targetId: uscc,
        after: { status: 'pending' },
      });
      return { claimId: (res as { _id: string })._id, status: 'pending' as const };
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new AppError('CONFLICT', '您已提交过该企业的复核申请，请等待管理员处理');
      throw error;
    }
  },
});
