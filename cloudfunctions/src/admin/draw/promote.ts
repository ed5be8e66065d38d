import type { Pool } from '../../contract/voucher';
import { promoteFromWaitlist, type WaitlistCandidate } from '../../core/draw';
import { endOfShanghaiDay } from '../../core/time';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { fetchAll, findById, isDuplicateKeyError, list, txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import type { Caller } from '../../runtime/router';
import type { DrawResultChunk } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc, VoucherDoc } from '../../services/documents';
import { voucherIdFor } from '../../services/voucher-codes';
import { newVoucherDoc } from '../../services/vouchers';

/** At least the admin function's 60 s timeout, so a live promotion never outlasts its lock. */
const LOCK_MS = 60_000;

/**
 * One promotion per campaign at a time, whatever the pool: the cap is per applicant across pools, so two
 * pools promoted side by side could each see the same old total and together pass the cap.
 */
async function withCampaignLock<T>(db: Database, lockId: string, work: () => Promise<T>): Promise<T> {
  await runInTransaction(
    db,
    async (t: any) => {
      const lock = await txGet<{ lockedUntil: Date }>(t, 'jobs', lockId);
      if (lock && new Date(lock.lockedUntil).getTime() > Date.now()) {
        throw new AppError('CONFLICT', '本活动的候补递补正在进行，请稍后再试');
      }
      const data = {
        kind: 'promote',
        status: 'running',
        lockedUntil: new Date(Date.now() + LOCK_MS),
        updatedAt: new Date(),
      };
      if (lock) await t.collection('jobs').doc(lockId).update({ data });
      else await t.collection('jobs').add({ data: { _id: lockId, ...data } });
    },
    5,
  );
  try {
    return await work();
  } finally {
    await db
      .collection('jobs')
      .doc(lockId)
      .update({ data: { status: 'done', lockedUntil: new Date(0), updatedAt: new Date() } });
  }
}

/**
 * Hands forfeited or expired vouchers of one pool to the waitlist, in draw order, never letting an
 * applicant pass the cap or hold the pool twice (LOTTERY.md "Waitlist promotion").
 */
export async function promoteWaitlist(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  campaignId: string,
  poolId: string,
  now = new Date(),
) {
  const campaign = await findById<CampaignDoc>(db, 'campaigns', campaignId);
  if (!campaign || campaign.status === 'draft') throw new AppError('NOT_FOUND', '活动不存在');
  const pool = promotablePool(campaign, poolId, now);

  return withCampaignLock(db, `promote-${campaignId}`, async () => {
    const standing = await poolStanding(db, campaignId, pool);
    if (standing.free <= 0) return { campaignId, poolId, free: 0, promoted: [] as string[], exhausted: false };
    const { free } = standing;
    const { promoted, exhausted } = await pickFromWaitlist(db, campaign, pool, standing);
    for (const app of promoted) await issuePromotedVoucher(db, caller, campaign, pool, app);
    return {
      campaignId,
      poolId,
      free,
      promoted: promoted.map((a) => a._id),
      exhausted: exhausted && promoted.length < free,
    };
  });
}

/** The pool to promote into: a published campaign's own pool, while its vouchers are still valid. */
function promotablePool(campaign: CampaignDoc, poolId: string, now: Date): Pool {
  if (campaign.status !== 'published') throw new AppError('CAMPAIGN_STATE', '摇号结果公布后才能候补递补');
  const pool = campaign.pools.find((p) => p.poolId === poolId);
  if (!pool) throw new AppError('VALIDATION_FAILED', `面值 ${poolId} 不属于本次活动`);
  // A promoted voucher would be born expired; the slot is simply lost.
  if (now > endOfShanghaiDay(campaign.voucherValidUntil)) {
    throw new AppError('CAMPAIGN_STATE', `检测券有效期已于 ${campaign.voucherValidUntil} 结束，不能再候补递补`);
  }
  return pool;
}

/** What the campaign's vouchers leave for the pool, and what the cap and the one-per-pool rule must see. */
interface PoolStanding {
  /** Seats of the pool no issued or redeemed voucher holds. */
  free: number;
  /** Face value each applicant holds across all pools (the cap is per applicant). */
  totals: Map<string, number>;
  /** Applications that already had a voucher of this pool, whatever its state now. */
  settled: Set<string>;
  /** Applicants holding a live voucher of this pool. */
  holders: Set<string>;
}

async function poolStanding(db: Database, campaignId: string, pool: Pool): Promise<PoolStanding> {
  const vouchers = await fetchAll<VoucherDoc>(db, 'vouchers', { campaignId });
  const live = vouchers.filter((v) => v.status === 'issued' || v.status === 'redeemed');
  const free = pool.quantity - live.filter((v) => v.poolId === pool.poolId).length;
  const totals = new Map<string, number>();
  for (const v of live) totals.set(v.holderKey, (totals.get(v.holderKey) ?? 0) + v.faceValue);
  const settled = new Set(vouchers.filter((v) => v.poolId === pool.poolId).map((v) => v.applicationId));
  const holders = new Set(live.filter((v) => v.poolId === pool.poolId).map((v) => v.holderKey));
  return { free, totals, settled, holders };
}

/**
 * Walks the pool's waitlist chunks in draw order until the free seats are taken; `exhausted` when the
 * list ran out first. Updates `standing`'s totals and holders with each promotion.
 */
async function pickFromWaitlist(
  db: Database,
  campaign: CampaignDoc,
  pool: Pool,
  standing: PoolStanding,
): Promise<{ promoted: ApplicationDoc[]; exhausted: boolean }> {
  const _ = db.command;
  const { free, totals, settled, holders } = standing;
  const chunks = await fetchAll<DrawResultChunk>(
    db,
    'draw_results',
    { campaignId: campaign._id, poolId: pool.poolId, kind: 'L' },
    'chunk',
  );
  const promoted: ApplicationDoc[] = [];
  for (const chunk of chunks) {
    const waiting = chunk.ids.filter((id) => !settled.has(id));
    if (waiting.length === 0) continue;
    const apps = await list<ApplicationDoc>(
      db
        .collection('applications')
        .where({ _id: _.in(waiting) })
        .limit(1000),
    );
    const byId = new Map(apps.map((a) => [a._id, a]));
    const candidates: WaitlistCandidate[] = waiting
      .filter((id) => byId.has(id))
      .map((id) => ({ applicationId: id, applicantKey: byId.get(id)!.applicantKey }));
    const step = promoteFromWaitlist({
      faceValue: pool.faceValue,
      cap: campaign.cap,
      waitlist: candidates,
      count: free - promoted.length,
      currentTotals: totals,
      holders,
    });
    for (const c of step.promoted) {
      promoted.push(byId.get(c.applicationId)!);
      totals.set(c.applicantKey, (totals.get(c.applicantKey) ?? 0) + pool.faceValue);
      holders.add(c.applicantKey);
    }
    if (promoted.length >= free) return { promoted, exhausted: false };
  }
  return { promoted, exhausted: true };
}

/** One promotion: the voucher, its application's status and the audit entry land together or not at all. */
async function issuePromotedVoucher(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  campaign: CampaignDoc,
  pool: Pool,
  app: ApplicationDoc,
): Promise<void> {
  const _ = db.command;
  const { poolId } = pool;
  const voucherId = voucherIdFor(campaign._id, poolId, app._id);
  try {
    await runInTransaction(db, async (t: any) => {
      const added = await t.collection('vouchers').add({ data: newVoucherDoc(db, campaign, pool, app, 'waitlist') });
      // A transaction's add reports a failure (e.g. the voucher exists) in its reply, not by throwing.
      if (added?.code) throw Object.assign(new Error(added.message ?? added.code), { code: added.code });
      await t
        .collection('applications')
        .doc(app._id)
        .update({ data: { status: 'won', wonPoolIds: _.addToSet(poolId), updatedAt: db.serverDate() } });
      await audit(t, db, {
        actor: caller.actor,
        action: 'admin.promoteWaitlist',
        targetType: 'voucher',
        targetId: voucherId,
        before: { applicationStatus: app.status },
        after: { status: 'issued', poolId, applicationId: app._id },
      });
    });
  } catch (error) {
    // Already issued by an earlier, interrupted run: that run's transaction wrote the rest too.
    if (!isDuplicateKeyError(error)) throw error;
  }
}
