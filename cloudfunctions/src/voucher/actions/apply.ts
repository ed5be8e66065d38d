import type { z } from 'zod';
import { applyInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { isDuplicateKeyError, list, txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type Caller } from '../../runtime/router';
import { personApplicantKey } from '../../runtime/secrets';
import { assertWindowOpen, getCampaignOrFail } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc } from '../../services/documents';
import { verifiedEnterpriseOf } from '../../services/enterprise-binding';
import { applicationView } from '../../services/views';

/**
 * One application per applicant per campaign. The identity behind the application comes from the
 * caller's own records (bound enterprise or verified phone), never from the request.
 */
export const apply = action({
  access: 'user',
  input: applyInput,
  async handler(input, { caller, db, now }) {
    const campaign = await getCampaignOrFail(db, input.campaignId);
    assertWindowOpen(campaign, now);
    const applicant = await applicantOf(db, caller, campaign, input);
    assertPoolsEligible(campaign, input);
    const services = input.services.filter((s) => campaign.services.includes(s));
    await assertNotApplied(db, campaign._id, applicant.applicantKey);

    const doc: Omit<ApplicationDoc, '_id' | 'submittedAt'> = {
      campaignId: campaign._id,
      applicantKey: applicant.applicantKey,
      applicantType: input.applicantType,
      applicantName: applicant.applicantName,
      uscc: applicant.uscc,
      ownerOpenid: caller.openid!,
      contact: input.contact,
      city: applicant.city,
      poolIds: [...input.poolIds].sort(),
      services,
      status: 'submitted',
    };
    const applicationId = await insertApplication(db, doc);
    await audit(db, db, {
      actor: caller.actor,
      action: 'voucher.apply',
      targetType: 'application',
      targetId: applicationId,
      after: { status: 'submitted', poolIds: doc.poolIds },
    });
    return applicationView({ ...doc, _id: applicationId, submittedAt: now }, campaign);
  },
});

type ApplyInput = z.infer<typeof applyInput>;

type Applicant = Pick<ApplicationDoc, 'applicantKey' | 'applicantName' | 'uscc' | 'city'>;

/** Who applies: the caller's verified enterprise, or the caller as a person with a verified phone. */
async function applicantOf(
  db: Database,
  caller: Caller,
  campaign: CampaignDoc,
  input: Pick<ApplyInput, 'applicantType' | 'contact'>,
): Promise<Applicant> {
  if (input.applicantType === 'enterprise') {
    const boundUscc = caller.user?.enterpriseUscc;
    if (!boundUscc) throw new AppError('ENTERPRISE_NOT_BOUND', '请先在“我的”中绑定企业后再以企业身份申领');
    // Only a verified binding applies: a USCC and a name alone are public.
    const enterprise = await verifiedEnterpriseOf(db, caller.openid!, boundUscc);
    return {
      applicantKey: enterprise._id,
      applicantName: enterprise.name,
      uscc: enterprise._id,
      city: enterprise.city ?? null,
    };
  }
  if (!caller.user?.phoneVerified || !caller.user.phoneKey) {
    throw new AppError('PHONE_NOT_VERIFIED', '个人申领需先验证微信绑定的手机号');
  }
  // Keyed per campaign: published records must not link one person's applications across campaigns.
  return {
    applicantKey: personApplicantKey(campaign._id, caller.user.phoneKey),
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

/** An earlier application of the same applicant; simultaneous ones are settled by the unique index (insertApplication). */
async function assertNotApplied(db: Database, campaignId: string, applicantKey: string): Promise<void> {
  const _ = db.command;
  const [existing] = await list<ApplicationDoc>(
    db
      .collection('applications')
      .where({ campaignId, applicantKey: _.eq(applicantKey) })
      .limit(1),
  );
  if (existing) throw new AppError('ALREADY_APPLIED', '您已申领过本次活动，每个申领人限申领一次');
}

/** Adds the application, re-checking the campaign's window in the transaction; answers its id. */
async function insertApplication(db: Database, doc: Omit<ApplicationDoc, '_id' | 'submittedAt'>): Promise<string> {
  try {
    // The campaign is read inside the transaction so an application cannot land after the close froze
    // the snapshot; the unique (campaignId, applicantKey) index settles simultaneous duplicates.
    return await runInTransaction(
      db,
      async (t: any) => {
        const current = await txGet<CampaignDoc>(t, 'campaigns', doc.campaignId);
        if (!current) throw new AppError('NOT_FOUND', '活动不存在');
        assertWindowOpen(current, new Date());
        const res = await t.collection('applications').add({
          data: { ...doc, submittedAt: db.serverDate(), createdAt: db.serverDate(), updatedAt: db.serverDate() },
        });
        if (res?.code) throw Object.assign(new Error(res.message ?? res.code), { code: res.code });
        return res._id ?? res.id;
      },
      10,
    );
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('ALREADY_APPLIED', '您已申领过本次活动，每个申领人限申领一次');
    throw error;
  }
}
