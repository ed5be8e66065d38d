import { snapshotHash } from '../core/draw/hashes';
import { audit } from '../runtime/audit';
import type { Database } from '../runtime/cloud';
import { list, txGet, runInTransaction } from '../runtime/db';
import { AppError } from '../runtime/errors';
import type { Caller } from '../runtime/router';
import type { CampaignDoc } from '../services/documents';
import { loadSnapshot } from './draw/snapshot';

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

/** Timer: closes every open campaign whose window has ended. */
export async function closeAllDue(db: Database, caller: Pick<Caller, 'actor'>, now: Date) {
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
