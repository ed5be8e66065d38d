import { campaignIdInput } from '../../contract/voucher';
import { count } from '../../runtime/db';
import { action } from '../../runtime/router';
import { getCampaignOrFail } from '../../services/campaigns';

export const campaignStats = action({
  access: 'admin',
  input: campaignIdInput,
  async handler({ campaignId }, { db }) {
    const campaign = await getCampaignOrFail(db, campaignId, true);
    const $ = db.command.aggregate;
    const apps = db.collection('applications');
    const pools = [];
    for (const pool of campaign.pools) {
      const vouchers = db.collection('vouchers');
      const [applied, issued, redeemed, expired, voided] = await Promise.all([
        count(apps.where({ campaignId, poolIds: pool.poolId })),
        count(vouchers.where({ campaignId, poolId: pool.poolId, status: 'issued' })),
        count(vouchers.where({ campaignId, poolId: pool.poolId, status: 'redeemed' })),
        count(vouchers.where({ campaignId, poolId: pool.poolId, status: 'expired' })),
        count(vouchers.where({ campaignId, poolId: pool.poolId, status: 'void' })),
      ]);
      pools.push({
        poolId: pool.poolId,
        faceValue: pool.faceValue,
        quantity: pool.quantity,
        applied,
        issued,
        redeemed,
        expired,
        void: voided,
      });
    }
    const byStatus: Record<string, number> = {};
    for (const status of ['submitted', 'won', 'waitlisted', 'lost'])
      byStatus[status] = await count(apps.where({ campaignId, status }));
    const byType: Record<string, number> = {};
    for (const type of ['enterprise', 'person'])
      byType[type] = await count(apps.where({ campaignId, applicantType: type }));
    const redeemedRows = await db
      .collection('vouchers')
      .aggregate()
      .match({ campaignId, status: 'redeemed' })
      .group({ _id: null, offset: $.sum('$redemption.offset'), fee: $.sum('$redemption.fee') })
      .end();
    const totals = (redeemedRows as { list: { offset: number; fee: number }[] }).list[0] ?? { offset: 0, fee: 0 };
    return {
      campaignId,
      status: campaign.status,
      applications: { total: Object.values(byType).reduce((a, b) => a + b, 0), byStatus, byType },
      pools,
      redeemedOffset: totals.offset,
      redeemedFee: totals.fee,
    };
  },
});
