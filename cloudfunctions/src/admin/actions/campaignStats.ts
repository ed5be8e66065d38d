import { campaignIdInput } from '../../contract/voucher';
import { count } from '../../runtime/db';
import { action } from '../../runtime/router';
import { getCampaignOrFail } from '../../services/campaigns';
import { poolCounts } from '../pool-counts';

export const campaignStats = action({
  access: 'admin',
  input: campaignIdInput,
  async handler({ campaignId }, { db }) {
    const campaign = await getCampaignOrFail(db, campaignId, true);
    const $ = db.command.aggregate;
    const apps = db.collection('applications');
    const pools = [];
    for (const pool of campaign.pools) {
      const counts = await poolCounts(db, campaignId, pool.poolId);
      pools.push({ poolId: pool.poolId, faceValue: pool.faceValue, quantity: pool.quantity, ...counts });
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
