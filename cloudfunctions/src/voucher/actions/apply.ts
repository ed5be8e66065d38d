import type { z } from 'zod';
import { applyInput } from '../../contract/voucher';
import type { Database } from '../../runtime/cloud';
import { isDuplicateKeyError, txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, userRecordOf } from '../../runtime/router';
import { personApplicantKey } from '../../runtime/secrets';
import { assertWindowOpen, getCampaignOrFail } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc } from '../../services/documents';
import { actingEnterpriseOf } from '../../services/enterprise-binding';
import { applicationView } from '../../services/views';

/**
 * One application per applicant per campaign. The identity behind the application comes from the
 * caller's own records (verified enterprise or verified phone), never from the request.
 *
 * Five database requests either way: an enterprise's is the enterprise the caller verifiably owns (one
 * query on the owner index; the `users` record is not read unless that finds none or several), a
 * person's the caller's record (for the verified phone); then one transaction: start, the campaign, the
 * insert, commit. The campaign is read only inside the transaction, where the window, the pools and the
 * services are checked against the document the insert commits with; a second application of the same
 * applicant is refused by the unique (campaignId, applicantKey) index rather than by a read first; the
 * application itself, with its submittedAt, is the record of the act (withdrawals and draws keep their
 * audit entries).
 */
export const apply = action({
  access: 'user',
  userRecord: 'not read',
  input: applyInput,
  async handler(input, { caller, db, now }) {
    const applicant = await applicantOf(db, caller.openid!, input).catch(async (error: unknown) => {
      // A campaign that is not taking applications says so first, before who may apply (an error path,
      // so its extra read costs nothing on the way that succeeds).
      const campaign = await getCampaignOrFail(db, input.campaignId);
      assertWindowOpen(campaign, now);
      throw error;
    });
    const { applicationId, doc, campaign } = await insertApplication(db, caller.openid!, input, applicant);
    return applicationView({ ...doc, _id: applicationId, submittedAt: now }, campaign);
  },
});

type ApplyInput = z.infer<typeof applyInput>;

type Applicant = Pick<ApplicationDoc, 'applicantKey' | 'applicantName' | 'uscc' | 'city'>;

/** Who applies: the caller's verified enterprise, or the caller as a person with a verified phone. */
async function applicantOf(
  db: Database,
  openid: string,
  input: Pick<ApplyInput, 'applicantType' | 'contact' | 'campaignId'>,
): Promise<Applicant> {
  if (input.applicantType === 'enterprise') {
    const enterprise = await actingEnterpriseOf(db, openid, '请先在“我的”中绑定企业后再以企业身份申领');
    return {
      applicantKey: enterprise._id,
      applicantName: enterprise.name,
      uscc: enterprise._id,
      city: enterprise.city ?? null,
    };
  }
  const user = await userRecordOf(db, openid);
  if (!user?.phoneVerified || !user.phoneKey) {
    throw new AppError('PHONE_NOT_VERIFIED', '个人申领需先验证微信绑定的手机号');
  }
  // Keyed per campaign: published records must not link one person's applications across campaigns.
  return {
    applicantKey: personApplicantKey(input.campaignId, user.phoneKey),
    applicantName: input.contact.name,
    uscc: null,
    city: null,
  };
}

/** Every chosen pool belongs to the campaign and accepts this kind of applicant. */
function assertPoolsEligible(campaign: CampaignDoc, input: Pick<ApplyInput, 'applicantType' | 'poolIds'>): void {
  const pools = new Map(campaign.pools.map((p) => [p.poolId, p]));
  for (const poolId of input.poolIds) {
    const pool = pools.get(poolId);
    if (!pool) throw new AppError('VALIDATION_FAILED', `面值 ${poolId} 不属于本次活动`);
    if (!pool.applicantTypes.includes(input.applicantType)) {
      throw new AppError(
        'POOL_NOT_ELIGIBLE',
        `${pool.label ?? pool.poolId} 不接受${input.applicantType === 'enterprise' ? '企业' : '个人'}申领`,
      );
    }
  }
}

/**
 * Checks the campaign and adds the application in one transaction, so an application cannot land after
 * the close froze the snapshot; the unique (campaignId, applicantKey) index settles simultaneous
 * duplicates. Answers the new id, the stored document and the campaign it was checked against.
 */
async function insertApplication(
  db: Database,
  ownerOpenid: string,
  input: ApplyInput,
  applicant: Applicant,
): Promise<{ applicationId: string; doc: Omit<ApplicationDoc, '_id' | 'submittedAt'>; campaign: CampaignDoc }> {
  try {
    return await runInTransaction(
      db,
      async (t: any) => {
        const campaign = await txGet<CampaignDoc>(t, 'campaigns', input.campaignId);
        if (!campaign || campaign.status === 'draft') throw new AppError('NOT_FOUND', '活动不存在');
        assertWindowOpen(campaign, new Date());
        assertPoolsEligible(campaign, input);
        const doc: Omit<ApplicationDoc, '_id' | 'submittedAt'> = {
          campaignId: campaign._id,
          applicantKey: applicant.applicantKey,
          applicantType: input.applicantType,
          applicantName: applicant.applicantName,
          uscc: applicant.uscc,
          ownerOpenid,
          contact: input.contact,
          city: applicant.city,
          poolIds: [...input.poolIds].sort(),
          services: input.services.filter((s) => campaign.services.includes(s)),
          status: 'submitted',
        };
        const res = await t.collection('applications').add({
          data: { ...doc, submittedAt: db.serverDate(), createdAt: db.serverDate(), updatedAt: db.serverDate() },
        });
        if (res?.code) throw Object.assign(new Error(res.message ?? res.code), { code: res.code });
        return { applicationId: (res._id ?? res.id) as string, doc, campaign };
      },
      10,
    );
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('ALREADY_APPLIED', '您已申领过本次活动，每个申领人限申领一次');
    throw error;
  }
}
