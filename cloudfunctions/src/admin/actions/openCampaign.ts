import { campaignIdInput, type BeaconChoice } from '../../contract/voucher';
import { commitmentOf, newSecret } from '../../core/draw/hashes';
import { audit } from '../../runtime/audit';
import { findById, txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import type { CampaignDoc } from '../../services/documents';
import { pinBeacon } from '../draw/beacon';

/**
 * Publishes the campaign, commits to the draw secret and pins the beacon source. SHA-256(secret) is
 * public from now on; the secret stays in an admin-only collection and leaves the server only with
 * the published record. The beacon source (the draft's choice, default drand quicknet) is fixed to a
 * value that appears only after closesAt, so nobody can pick the beacon once the snapshot is known.
 */
export const openCampaign = action({
  access: 'admin',
  input: campaignIdInput,
  async handler({ campaignId }, { caller, db }) {
    const draft = await findById<CampaignDoc>(db, 'campaigns', campaignId);
    if (!draft) throw new AppError('NOT_FOUND', '活动不存在');
    if (draft.status !== 'draft') throw new AppError('CAMPAIGN_STATE', `活动状态为 ${draft.status}，只有草稿可以发布`);
    // Pinned outside the transaction (a test chain's info is fetched), for the draft as read here.
    const choice = draft.beaconSource as BeaconChoice | null | undefined;
    const beaconSource = await pinBeacon(choice ?? undefined, new Date(draft.closesAt));
    const secret = newSecret();
    const commitment = commitmentOf(secret);
    await runInTransaction(
      db,
      async (t: any) => {
        const campaign = await txGet<CampaignDoc>(t, 'campaigns', campaignId);
        if (!campaign) throw new AppError('NOT_FOUND', '活动不存在');
        if (campaign.status !== 'draft')
          throw new AppError('CAMPAIGN_STATE', `活动状态为 ${campaign.status}，只有草稿可以发布`);
        if (
          new Date(campaign.closesAt).getTime() !== new Date(draft.closesAt).getTime() ||
          JSON.stringify(campaign.beaconSource ?? null) !== JSON.stringify(choice ?? null)
        )
          throw new AppError('CONFLICT', '活动在发布过程中被修改，请重新发布');
        const existing = await txGet<{ secret: string }>(t, 'campaign_secrets', campaignId);
        if (existing) await t.collection('campaign_secrets').doc(campaignId).remove();
        await t.collection('campaign_secrets').add({ data: { _id: campaignId, secret, createdAt: db.serverDate() } });
        await t
          .collection('campaigns')
          .doc(campaignId)
          .update({
            data: {
              status: 'open',
              commitment,
              beaconSource: db.command.set(beaconSource),
              updatedAt: db.serverDate(),
            },
          });
      },
      5,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.openCampaign',
      targetType: 'campaign',
      targetId: campaignId,
      before: { status: 'draft' },
      after: { status: 'open', commitment, beaconSource },
    });
    return { campaignId, commitment, beaconSource };
  },
});
