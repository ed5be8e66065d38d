import { beaconSourceOf } from '../../core/draw/beacon';
import type { DrawRecord } from '../../core/draw/types';
import { DRAW_ALGORITHM } from '../../core/draw/types';
import { processingOrder } from '../../core/draw/hashes';
import { audit } from '../../runtime/audit';
import { getCloud, type Database } from '../../runtime/cloud';
import { findById } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import type { Caller } from '../../runtime/router';
import { pinnedBeaconOf } from '../../services/campaigns';
import type { CampaignDoc } from '../../services/documents';
import { publishCampaignVouchers } from '../../services/vouchers';
import { DEFAULT_BUDGET_MS } from '../../runtime/jobs';
import { computeCampaignDraw } from './job';
import { queueResultNotices, type NoticeProgress } from './notices';

export interface PublishOptions {
  /** The call's time budget (queueing the result notices gets what is left of it). */
  budgetMs?: number;
  /** Local-cloud tests only: the notice queue's batch size, and a crash after this many batches (draw/notices.ts). */
  noticeBatch?: number;
  faultAfterBatches?: number;
}

/**
 * Queues the result notices with what is left of the call's budget (at least one batch); the outbox timer
 * and repeated publish calls continue the job.
 */
async function queueNotices(
  db: Database,
  campaign: CampaignDoc,
  started: number,
  options: PublishOptions,
): Promise<NoticeProgress> {
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  return queueResultNotices(db, campaign, {
    budgetMs: Math.max(1, budgetMs - (Date.now() - started)),
    batchSize: options.noticeBatch,
    faultAfterBatches: options.faultAfterBatches,
  });
}

/**
 * Publishes the draw: the full record of LOTTERY.md (with the secret, now revealed) goes to storage
 * for anyone to download and recompute, and applicants can see their results and are notified
 * (`notices`: the queueing job's progress).
 */
export async function publishResults(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  campaignId: string,
  options: PublishOptions = {},
) {
  const started = Date.now();
  const campaign = await findById<CampaignDoc>(db, 'campaigns', campaignId);
  if (!campaign || campaign.status === 'draft') throw new AppError('NOT_FOUND', '活动不存在');
  if (campaign.status === 'published') {
    // A repeated call finishes a publish that stopped before its vouchers were opened, and continues the notices.
    await publishCampaignVouchers(db, campaignId);
    const notices = await queueNotices(db, campaign, started, options);
    return { campaignId, recordFileID: campaign.recordFileID, resultDigest: campaign.resultDigest, notices };
  }
  if (campaign.status !== 'drawn') throw new AppError('CAMPAIGN_STATE', '摇号尚未完成，不能公布');

  const pinned = pinnedBeaconOf(campaign);
  // Drawn before beacons were pinned: its record could not show the beacon was fixed in advance.
  if (!pinned || !campaign.beaconValue)
    throw new AppError('CAMPAIGN_STATE', '本活动摇号时未锁定公开随机数来源，摇号记录无法核验，不能公布');
  const c = await computeCampaignDraw(db, campaign, campaign.beacon!);
  if (c.digest !== campaign.resultDigest)
    throw new AppError('CONFLICT', '重新计算的结果摘要与摇号时不一致，已中止公布');
  const pools = campaign.pools.map(({ poolId, faceValue, quantity }) => ({ poolId, faceValue, quantity }));
  const record: DrawRecord = {
    algorithm: DRAW_ALGORITHM,
    campaignId,
    cap: campaign.cap,
    pools: processingOrder(pools),
    commitment: campaign.commitment!,
    secret: c.secret,
    beacon: campaign.beacon!,
    snapshotHash: campaign.snapshotHash!,
    seed: c.seed,
    // What pins the beacon: anyone can check the source was fixed for this close and the value is genuine.
    closesAt: new Date(campaign.closesAt).toISOString(),
    closedAt: new Date(campaign.closedAt!).toISOString(),
    beaconSource: beaconSourceOf(pinned, campaign.beaconValue),
    entries: c.entries,
    result: c.result,
    resultDigest: c.digest,
  };
  const upload = (await getCloud().uploadFile({
    cloudPath: `draw-records/${campaignId}.json`,
    fileContent: Buffer.from(JSON.stringify(record, null, 1)),
  })) as { fileID: string };
  const publishedAt = new Date();
  await db
    .collection('campaigns')
    .doc(campaignId)
    .update({
      data: {
        status: 'published',
        recordFileID: upload.fileID,
        publishedAt,
        updatedAt: db.serverDate(),
      },
    });
  // Only after the campaign is published: a crash in between leaves vouchers hidden, never shown early.
  await publishCampaignVouchers(db, campaignId);
  await audit(db, db, {
    actor: caller.actor,
    action: 'admin.publishResults',
    targetType: 'campaign',
    targetId: campaignId,
    before: { status: 'drawn' },
    after: { status: 'published', recordFileID: upload.fileID },
  });
  // Last: the notices tell applicants what they can already see.
  const notices = await queueNotices(
    db,
    { ...campaign, status: 'published', recordFileID: upload.fileID, publishedAt },
    started,
    options,
  );
  return { campaignId, recordFileID: upload.fileID, resultDigest: c.digest, notices };
}
