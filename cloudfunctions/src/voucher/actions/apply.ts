import { applyInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import { isDuplicateKeyError, list, txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { personApplicantKey } from '../../runtime/secrets';
import { getCampaignOrFail } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc } from '../../services/documents';
import { verifiedEnterpriseOf } from '../../services/enterprise-binding';
import { applicationView } from '../../services/views';

export function assertWindowOpen(campaign: Pick<CampaignDoc, 'status' | 'opensAt' | 'closesAt'>, now: Date): void {
  if (campaign.status === 'draft' || (campaign.status === 'open' && now < new Date(campaign.opensAt))) {
    throw new AppError('CAMPAIGN_NOT_OPEN', '申领尚未开始');
  }
  if (campaign.status !== 'open' || now >= new Date(campaign.closesAt)) {
    throw new AppError('CAMPAIGN_CLOSED', '申领已截止');
  }
}

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

    let applicantKey: string;
    let applicantName: string;
    let uscc: string | null = null;
    let city: string | null = null;
    if (input.applicantType === 'enterprise') {
      const boundUscc = caller.user?.enterpriseUscc;
      if (!boundUscc) throw new AppError('ENTERPRISE_NOT_BOUND', '请先在“我的”中绑定企业后再以企业身份申领');
      // Only a verified binding applies: a USCC and a name alone are public.
      const enterprise = await verifiedEnterpriseOf(db, caller.openid!, boundUscc);
      applicantKey = enterprise._id;
      applicantName = enterprise.name;
      uscc = enterprise._id;
      city = enterprise.city ?? null;
    } else {
      if (!caller.user?.phoneVerified || !caller.user.phoneKey) {
        throw new AppError('PHONE_NOT_VERIFIED', '个人申领需先验证微信绑定的手机号');
      }
      // Keyed per campaign: published records must not link one person's applications across campaigns.
      applicantKey = personApplicantKey(campaign._id, caller.user.phoneKey);
      applicantName = input.contact.name;
    }

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
    const services = input.services.filter((s) => campaign.services.includes(s));

    const _ = db.command;
    const [existing] = await list<ApplicationDoc>(
      db
        .collection('applications')
        .where({ campaignId: campaign._id, applicantKey: _.eq(applicantKey) })
        .limit(1),
    );
    if (existing) throw new AppError('ALREADY_APPLIED', '您已申领过本次活动，每个申领人限申领一次');

    const doc: Omit<ApplicationDoc, '_id' | 'submittedAt'> = {
      campaignId: campaign._id,
      applicantKey,
      applicantType: input.applicantType,
      applicantName,
      uscc,
      ownerOpenid: caller.openid!,
      contact: input.contact,
      city,
      poolIds: [...input.poolIds].sort(),
      services,
      status: 'submitted',
    };
    let applicationId: string;
    try {
      // The campaign is read inside the transaction so an application cannot land after the close froze
      // the snapshot; the unique (campaignId, applicantKey) index settles simultaneous duplicates.
      applicationId = await runInTransaction(
        db,
        async (t: any) => {
          const current = await txGet<CampaignDoc>(t, 'campaigns', campaign._id);
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
