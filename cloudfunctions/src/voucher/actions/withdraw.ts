import { applicationIdInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import { txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import type { ApplicationDoc, CampaignDoc } from '../../services/documents';
import { assertWindowOpen } from '../../services/campaigns';

/** Withdrawing removes the application (the audit log keeps it), so the applicant may apply again. */
export const withdraw = action({
  access: 'user',
  userRecord: 'not read',
  input: applicationIdInput,
  async handler({ applicationId }, { caller, db }) {
    const removed = await runInTransaction(
      db,
      async (t: any) => {
        const application = await txGet<ApplicationDoc>(t, 'applications', applicationId);
        if (!application || application.ownerOpenid !== caller.openid)
          throw new AppError('NOT_FOUND', '申领记录不存在');
        const campaign = await txGet<CampaignDoc>(t, 'campaigns', application.campaignId);
        if (!campaign) throw new AppError('NOT_FOUND', '活动不存在');
        assertWindowOpen(campaign, new Date());
        await t.collection('applications').doc(applicationId).remove();
        return application;
      },
      10,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'voucher.withdraw',
      targetType: 'application',
      targetId: applicationId,
      before: { status: removed.status, poolIds: removed.poolIds },
      after: null,
    });
    return { withdrawn: true as const };
  },
});
