import { createCampaignInput, updateCampaignInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import { txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, describeZodError } from '../../runtime/router';
import { getCampaignOrFail } from '../../services/campaigns';
import type { CampaignDoc } from '../../services/documents';
import { campaignView } from '../../services/views';

export const updateCampaign = action({
  access: 'admin',
  input: updateCampaignInput,
  async handler({ campaignId, ...fields }, { caller, db }) {
    const checked = createCampaignInput.safeParse(fields);
    if (!checked.success) {
      // The rules across fields (window order, validity…), with the fields named for the form.
      const { message, fields: issues } = describeZodError(createCampaignInput, checked.error);
      throw new AppError('VALIDATION_FAILED', message, { fields: issues });
    }
    await runInTransaction(
      db,
      async (t: any) => {
        const campaign = await txGet<CampaignDoc>(t, 'campaigns', campaignId);
        if (!campaign) throw new AppError('NOT_FOUND', '活动不存在');
        if (campaign.status !== 'draft') throw new AppError('CAMPAIGN_STATE', '活动已发布，不能修改');
        await t
          .collection('campaigns')
          .doc(campaignId)
          .update({
            data: {
              ...checked.data,
              opensAt: new Date(checked.data.opensAt),
              closesAt: new Date(checked.data.closesAt),
              // set, not merge: a drand choice must not keep an earlier announced issue's fields
              beaconSource: checked.data.beaconSource ? db.command.set(checked.data.beaconSource) : null,
              updatedAt: db.serverDate(),
            },
          });
      },
      5,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.updateCampaign',
      targetType: 'campaign',
      targetId: campaignId,
      after: { title: fields.title },
    });
    return campaignView(await getCampaignOrFail(db, campaignId, true));
  },
});
