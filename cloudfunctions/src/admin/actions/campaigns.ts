import { z } from 'zod';
import { campaignIdInput, createCampaignInput, updateCampaignInput, type BeaconChoice } from '../../contract/voucher';
import { commitmentOf, newSecret, snapshotHash } from '../../core/draw/hashes';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { findById, list, txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type Caller } from '../../runtime/router';
import { getCampaignOrFail } from '../../services/campaigns';
import type { CampaignDoc } from '../../services/documents';
import { campaignView } from '../../services/views';
import { pinBeacon } from '../draw/beacon';
import { loadSnapshot } from '../draw/snapshot';

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

export const updateCampaign = action({
  access: 'admin',
  input: updateCampaignInput,
  async handler({ campaignId, ...fields }, { caller, db }) {
    const checked = createCampaignInput.safeParse(fields);
    if (!checked.success)
      throw new AppError('VALIDATION_FAILED', checked.error.issues.map((i) => i.message).join('；'));
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

/** Freezes applications and publishes the snapshot hash. Re-running finishes an interrupted close. */
export async function closeOne(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  campaignId: string,
  now: Date,
  early: boolean,
) {
  const before = await runInTransaction(
    db,
    async (t: any) => {
      const campaign = await txGet<CampaignDoc>(t, 'campaigns', campaignId);
      if (!campaign) throw new AppError('NOT_FOUND', '活动不存在');
      if (campaign.status === 'closed' && !campaign.snapshotHash) return campaign;
      if (campaign.status !== 'open') throw new AppError('CAMPAIGN_STATE', `活动状态为 ${campaign.status}，不能截止`);
      if (!early && now < new Date(campaign.closesAt)) throw new AppError('CAMPAIGN_STATE', '尚未到截止时间');
      await t
        .collection('campaigns')
        .doc(campaignId)
        .update({ data: { status: 'closed', closedAt: db.serverDate(), updatedAt: db.serverDate() } });
      return campaign;
    },
    10,
  );
  const entries = await loadSnapshot(db, campaignId);
  const hash = snapshotHash(entries);
  await db
    .collection('campaigns')
    .doc(campaignId)
    .update({ data: { snapshotHash: hash, snapshotCount: entries.length, updatedAt: db.serverDate() } });
  await audit(db, db, {
    actor: caller.actor,
    action: 'admin.closeCampaign',
    targetType: 'campaign',
    targetId: campaignId,
    before: { status: before.status },
    after: { status: 'closed', snapshotHash: hash, snapshotCount: entries.length },
  });
  return { campaignId, snapshotHash: hash, snapshotCount: entries.length };
}

export const closeCampaign = action({
  access: 'admin',
  input: campaignIdInput,
  async handler({ campaignId }, { caller, db, now }) {
    // An admin may close early (e.g. a campaign withdrawn by the regulator); the timer closes when due.
    return closeOne(db, caller, campaignId, now, true);
  },
});

/** Timer: closes every open campaign whose window has ended. */
export async function closeDueCampaigns(db: Database, caller: Pick<Caller, 'actor'>, now: Date) {
  const _ = db.command;
  const due = await list<CampaignDoc>(
    db
      .collection('campaigns')
      .where({ status: 'open', closesAt: _.lte(now) })
      .limit(100),
  );
  const closed = [];
  for (const campaign of due) closed.push(await closeOne(db, caller, campaign._id, now, false));
  const unfinished = await list<CampaignDoc>(
    db
      .collection('campaigns')
      .where({ status: 'closed', snapshotHash: _.exists(false) })
      .limit(100),
  );
  for (const campaign of unfinished) closed.push(await closeOne(db, caller, campaign._id, now, false));
  return { closed };
}

export const closeDue = action({
  access: 'admin',
  input: z.object({}),
  async handler(_input, { caller, db, now }) {
    return closeDueCampaigns(db, caller, now);
  },
});
