import { z } from 'zod';
import { campaignIdInput, createCampaignInput, updateCampaignInput } from '../../contract/voucher';
import { commitmentOf, newSecret, snapshotHash } from '../../core/draw/hashes';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { list, txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type Caller } from '../../runtime/router';
import { getCampaignOrFail } from '../../services/campaigns';
import type { CampaignDoc } from '../../services/documents';
import { campaignView } from '../../services/views';
import { loadSnapshot } from '../draw/snapshot';

export const createCampaign = action({
  access: 'admin',
  input: createCampaignInput,
  async handler(input, { caller, db }) {
    const doc = {
      ...input,
      opensAt: new Date(input.opensAt),
      closesAt: new Date(input.closesAt),
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
 * Publishes the campaign and commits to the draw secret: SHA-256(secret) is public from now on,
 * the secret itself is kept in an admin-only collection and shown to the admin this once.
 */
export const openCampaign = action({
  access: 'admin',
  input: campaignIdInput,
  async handler({ campaignId }, { caller, db }) {
    const secret = newSecret();
    const commitment = commitmentOf(secret);
    await runInTransaction(
      db,
      async (t: any) => {
        const campaign = await txGet<CampaignDoc>(t, 'campaigns', campaignId);
        if (!campaign) throw new AppError('NOT_FOUND', '活动不存在');
        if (campaign.status !== 'draft')
          throw new AppError('CAMPAIGN_STATE', `活动状态为 ${campaign.status}，只有草稿可以发布`);
        const existing = await txGet<{ secret: string }>(t, 'campaign_secrets', campaignId);
        if (existing) await t.collection('campaign_secrets').doc(campaignId).remove();
        await t.collection('campaign_secrets').add({ data: { _id: campaignId, secret, createdAt: db.serverDate() } });
        await t
          .collection('campaigns')
          .doc(campaignId)
          .update({ data: { status: 'open', commitment, updatedAt: db.serverDate() } });
      },
      5,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.openCampaign',
      targetType: 'campaign',
      targetId: campaignId,
      before: { status: 'draft' },
      after: { status: 'open', commitment },
    });
    return { campaignId, commitment, secret };
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
