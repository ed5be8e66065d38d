import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { findById } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import type { Caller } from '../../runtime/router';
import { pinnedBeaconOf } from '../../services/campaigns';
import type { CampaignDoc } from '../../services/documents';
import { publishCampaignVouchers } from '../../services/vouchers';
import { DEFAULT_BUDGET_MS } from '../../runtime/jobs';
import { computeCampaignDraw } from './job';
import { queueResultNotices, type NoticeProgress } from './notices';
import { uploadDrawRecord } from './record';

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
 * A campaign drawn before draws stored their record (job.ts, plan 3) has it made here: the draw recomputed
 * from the stored inputs must give the digest it was drawn with.
 */
async function recordFromStoredInputs(db: Database, campaign: CampaignDoc): Promise<string> {
  // Drawn before beacons were pinned: its record could not show the beacon was fixed in advance.
  if (!pinnedBeaconOf(campaign) || !campaign.beaconValue)
    throw new AppError('CAMPAIGN_STATE', '本活动摇号时未锁定公开随机数来源，摇号记录无法核验，不能公布');
  const c = await computeCampaignDraw(db, campaign, campaign.beacon!);
  if (c.digest !== campaign.resultDigest)
    throw new AppError('CONFLICT', '重新计算的结果摘要与摇号时不一致，已中止公布');
  return uploadDrawRecord(c, campaign.beacon!, campaign.beaconValue);
}

/**
 * Publishes the draw: the full record of LOTTERY.md the draw stored (with the secret, now revealed) becomes
 * anyone's to download and recompute, and applicants can see their results and are notified (`notices`:
 * the queueing job's progress).
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

  const recordFileID = campaign.recordFileID ?? (await recordFromStoredInputs(db, campaign));
  const publishedAt = new Date();
  await db
    .collection('campaigns')
    .doc(campaignId)
    .update({
      data: {
        status: 'published',
        recordFileID,
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
    after: { status: 'published', recordFileID },
  });
  // Last: the notices tell applicants what they can already see.
  const notices = await queueNotices(
    db,
    { ...campaign, status: 'published', recordFileID, publishedAt },
    started,
    options,
  );
  return { campaignId, recordFileID, resultDigest: campaign.resultDigest, notices };
}
