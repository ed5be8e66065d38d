import { createCampaignInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import { action } from '../../runtime/router';

export const createCampaign = action({
  access: 'admin',
  input: createCampaignInput,
  async handler(input, { caller, db }) {
    const doc = {
      ...input,
      opensAt: new Date(input.opensAt),
      closesAt: new Date(input.closesAt),
      beaconSource: input.beaconSource ?? null,
      status: 'draft' as const,
      createdAt: db.serverDate(),
      updatedAt: db.serverDate(),
    };
    const res = (await db.collection('campaigns').add({ data: doc })) as { _id: string };
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.createCampaign',
      targetType: 'campaign',
      targetId: res._id,
      after: { status: 'draft', title: input.title },
    });
    return { campaignId: res._id };
  },
});
