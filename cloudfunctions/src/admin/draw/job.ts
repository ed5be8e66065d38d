import { beaconString, beaconTime, type BeaconValue, type PinnedBeacon } from '../../core/draw/beacon';
import { computeDraw } from '../../core/draw/compute';
import { commitmentOf, deriveSeed, resultDigest, snapshotHash } from '../../core/draw/hashes';
import type { PoolResult } from '../../core/draw/types';
import { formatDateTime } from '../../core/time';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { findById, insertIdempotent } from '../../runtime/db';
import { acquireJob, DEFAULT_BUDGET_MS, releaseJob, type LeasedJob } from '../../runtime/jobs';
import { AppError } from '../../runtime/errors';
import type { Caller } from '../../runtime/router';
import { pinnedBeaconOf, RESULT_CHUNK } from '../../services/campaigns';
import type { CampaignDoc, JobDoc } from '../../services/documents';
import { newVoucherDoc } from '../../services/vouchers';
import { resolveBeaconValue, type AnnouncedEntry } from './beacon';
import { loadSnapshotApplications, toDrawEntries, type SnapshotApplication } from './snapshot';

const VOUCHER_BATCH = 500;
const UPDATE_BATCH = 1000;
/** Batches are idempotent, so checkpoints can be sparse: a crash repeats at most this much work. */
const CHECKPOINT_EVERY_MS = 1000;

export interface DrawComputation {
  campaign: CampaignDoc;
  secret: string;
  apps: SnapshotApplication[];
  seed: string;
  result: PoolResult[];
  digest: string;
}

/** Recomputes the draw from the stored inputs, checking each published value on the way. */
export async function computeCampaignDraw(
  db: Database,
  campaign: CampaignDoc,
  beacon: string,
): Promise<DrawComputation> {
  const secretDoc = await findById<{ secret: string }>(db, 'campaign_secrets', campaign._id);
  if (!secretDoc || commitmentOf(secretDoc.secret) !== campaign.commitment) {
    throw new AppError('COMMITMENT_MISMATCH', '保存的摇号密钥与公布的承诺值不一致，摇号已中止');
  }
  const apps = await loadSnapshotApplications(db, campaign._id);
  const entries = toDrawEntries(apps);
  const hash = snapshotHash(entries);
  if (hash !== campaign.snapshotHash) {
    throw new AppError('CONFLICT', '申领数据与截止时公布的快照不一致，摇号已中止');
  }
  const seed = deriveSeed({ campaignId: campaign._id, secretHex: secretDoc.secret, snapshotHash: hash, beacon });
  const pools = campaign.pools.map(({ poolId, faceValue, quantity }) => ({ poolId, faceValue, quantity }));
  const result = computeDraw({ pools, cap: campaign.cap, entries, seed });
  return { campaign, secret: secretDoc.secret, apps, seed, result, digest: resultDigest(pools, result) };
}

type Batch = () => Promise<void>;

/** Every write of a draw as an ordered list of idempotent batches; the job's cursor points into it. */
function planBatches(db: Database, c: DrawComputation): Batch[] {
  const campaignId = c.campaign._id;
  return [
    ...voucherBatches(db, c),
    ...applicationStatusBatches(db, campaignId, applicationStatusGroups(c.apps, c.result)),
    markRestLostBatch(db, campaignId),
    ...resultChunkBatches(db, campaignId, c.result),
    campaignDrawnBatch(db, c),
  ];
}

/** The winners' vouchers, VOUCHER_BATCH at a time, in pool and draw order. */
function voucherBatches(db: Database, { campaign, apps, result }: DrawComputation): Batch[] {
  const byId = new Map(apps.map((a) => [a._id, a]));
  const pools = new Map(campaign.pools.map((p) => [p.poolId, p]));
  const wins: { poolId: string; applicationId: string }[] = [];
  for (const pool of result)
    for (const applicationId of pool.winners) wins.push({ poolId: pool.poolId, applicationId });
  const batches: Batch[] = [];
  for (let i = 0; i < wins.length; i += VOUCHER_BATCH) {
    const slice = wins.slice(i, i + VOUCHER_BATCH);
    batches.push(async () => {
      const docs = slice.map(({ poolId, applicationId }) =>
        newVoucherDoc(db, campaign, pools.get(poolId)!, byId.get(applicationId)!, 'draw'),
      );
      await insertIdempotent(db, 'vouchers', docs);
    });
  }
  return batches;
}

interface StatusGroup {
  data: { status: 'won' | 'waitlisted'; wonPoolIds: string[]; waitlistPoolIds: string[] };
  ids: string[];
}

/** Winners and waitlisted applications grouped by identical new status fields, so each group is one update. */
function applicationStatusGroups(apps: readonly SnapshotApplication[], result: readonly PoolResult[]): StatusGroup[] {
  const won = new Map<string, string[]>();
  const waiting = new Map<string, string[]>();
  for (const pool of result) {
    for (const id of pool.winners) won.set(id, [...(won.get(id) ?? []), pool.poolId]);
    for (const id of pool.waitlist) waiting.set(id, [...(waiting.get(id) ?? []), pool.poolId]);
  }
  const groups = new Map<string, StatusGroup>();
  for (const app of apps) {
    const wonPoolIds = won.get(app._id) ?? [];
    const waitlistPoolIds = waiting.get(app._id) ?? [];
    // Everyone else is marked lost by one bulk update after these (markRestLostBatch).
    if (!wonPoolIds.length && !waitlistPoolIds.length) continue;
    const status = wonPoolIds.length ? 'won' : 'waitlisted';
    const key = `${status}|${wonPoolIds.join(',')}|${waitlistPoolIds.join(',')}`;
    if (!groups.has(key)) groups.set(key, { data: { status, wonPoolIds, waitlistPoolIds }, ids: [] });
    groups.get(key)!.ids.push(app._id);
  }
  return [...groups.values()];
}

/** One update per group and UPDATE_BATCH applications. */
function applicationStatusBatches(db: Database, campaignId: string, groups: readonly StatusGroup[]): Batch[] {
  const _ = db.command;
  const batches: Batch[] = [];
  for (const { data, ids } of groups) {
    for (let i = 0; i < ids.length; i += UPDATE_BATCH) {
      const slice = ids.slice(i, i + UPDATE_BATCH);
      batches.push(async () => {
        await db
          .collection('applications')
          .where({ campaignId, _id: _.in(slice) })
          .update({
            data: {
              status: data.status,
              wonPoolIds: _.set(data.wonPoolIds),
              waitlistPoolIds: _.set(data.waitlistPoolIds),
              updatedAt: db.serverDate(),
            },
          });
      });
    }
  }
  return batches;
}

/** Every application still `submitted` after the status batches neither won nor waits: lost. */
function markRestLostBatch(db: Database, campaignId: string): Batch {
  const _ = db.command;
  return async () => {
    await db
      .collection('applications')
      .where({ campaignId, status: 'submitted' })
      .update({
        data: { status: 'lost', wonPoolIds: _.set([]), waitlistPoolIds: _.set([]), updatedAt: db.serverDate() },
      });
  };
}

/** The published result lists: per pool, winners (W) and waitlist (L) in chunks of RESULT_CHUNK ids. */
function resultChunkBatches(db: Database, campaignId: string, result: readonly PoolResult[]): Batch[] {
  const batches: Batch[] = [];
  for (const pool of result) {
    for (const [kind, ids] of [
      ['W', pool.winners],
      ['L', pool.waitlist],
    ] as const) {
      for (let chunk = 0; chunk * RESULT_CHUNK < ids.length; chunk++) {
        const slice = ids.slice(chunk * RESULT_CHUNK, (chunk + 1) * RESULT_CHUNK);
        batches.push(async () => {
          await db
            .collection('draw_results')
            .doc(`${campaignId}:${pool.poolId}:${kind}:${chunk}`)
            .set({ data: { campaignId, poolId: pool.poolId, kind, chunk, ids: slice } });
        });
      }
    }
  }
  return batches;
}

/** Last: the campaign's final fields, so `drawn` means every other batch is written. */
function campaignDrawnBatch(db: Database, c: DrawComputation): Batch {
  return async () => {
    const resultCounts = Object.fromEntries(
      c.result.map((p) => [p.poolId, { winners: p.winners.length, waitlist: p.waitlist.length }]),
    );
    await db
      .collection('campaigns')
      .doc(c.campaign._id)
      .update({
        data: {
          status: 'drawn',
          seed: c.seed,
          resultDigest: c.digest,
          resultCounts,
          drawnAt: db.serverDate(),
          updatedAt: db.serverDate(),
        },
      });
  };
}

/**
 * A campaign closed after its beacon existed (a timer that ran late, a campaign opened after its closing
 * time) could have taken applications from someone who already knew the value: such a draw is refused.
 */
function assertClosedBeforeBeacon(campaign: CampaignDoc, pinned: PinnedBeacon): void {
  const at = beaconTime(pinned);
  if (!campaign.closedAt || new Date(campaign.closedAt) > at)
    throw new AppError(
      'CLOSED_AFTER_BEACON',
      `活动截止（${campaign.closedAt ? formatDateTime(campaign.closedAt) : '未记录'}）晚于公开随机数产生的时间（${formatDateTime(at)}），` +
        '截止后才知道随机数的人可能已提交申领，不能摇号',
    );
}

/**
 * The pinned source's value and the beacon string derived from it. Once a draw has started the value
 * is stored on the campaign and reused (drand is not fetched again); typed numbers must then match it.
 */
async function beaconFor(
  campaign: CampaignDoc,
  pinned: PinnedBeacon,
  options: DrawOptions,
): Promise<{ beacon: string; value: BeaconValue }> {
  const stored = campaign.beaconValue;
  if (!stored) {
    const value = await resolveBeaconValue(pinned, options.announced, options.now);
    return { beacon: beaconString(pinned, value), value };
  }
  // Typed numbers are checked as on the first call (a drand campaign takes none), then must agree.
  if (options.announced) {
    const typed = await resolveBeaconValue(pinned, options.announced, options.now);
    if (beaconString(pinned, typed) !== beaconString(pinned, stored))
      throw new AppError(
        'CONFLICT',
        `本次摇号已使用开奖号码“${(stored as { numbers: string }).numbers}”开始，不能更换`,
      );
  }
  return { beacon: beaconString(pinned, stored), value: stored };
}

export interface DrawOptions {
  campaignId: string;
  /** Announced sources: the issue and numbers the admin typed (drand rounds are fetched). */
  announced?: AnnouncedEntry;
  now: Date;
  budgetMs?: number;
  /** Local-cloud tests only: throw after this many batches were written but before the checkpoint. */
  faultAfterBatches?: number;
}

export interface DrawProgress {
  status: 'running' | 'done';
  jobId: string;
  progress: { done: number; total: number };
  resultDigest?: string;
}

/**
 * draw-v1 for one campaign, written in checkpointed batches. Every batch is idempotent (deterministic
 * voucher ids, set-style updates), so a crash between a write and its checkpoint only repeats that
 * batch; a call that runs out of its time budget returns `running` and the next call continues.
 */
export async function runDraw(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  options: DrawOptions,
): Promise<DrawProgress> {
  const started = Date.now();
  const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const jobId = `draw-${options.campaignId}`;
  const campaign = await findById<CampaignDoc>(db, 'campaigns', options.campaignId);
  if (!campaign || campaign.status === 'draft') throw new AppError('NOT_FOUND', '活动不存在');
  const pinned = pinnedBeaconOf(campaign);
  if (campaign.status === 'drawn' || campaign.status === 'published') {
    return alreadyDrawn(db, campaign, pinned, options, jobId);
  }
  assertDrawable(campaign, pinned);
  const { beacon, value } = await beaconFor(campaign, pinned, options);

  const job = await acquireDrawJob(db, jobId, budget, campaign._id, beacon);
  if (!job) {
    const current = await findById<JobDoc>(db, 'jobs', jobId);
    return { status: 'running', jobId, progress: { done: current?.done ?? 0, total: current?.total ?? 0 } };
  }
  if (job.cursor === 0 && !campaign.beacon) await recordBeacon(db, caller, campaign._id, beacon, value);

  const computation = await computeCampaignDraw(db, campaign, beacon);
  const batches = planBatches(db, computation);
  const cursor = await writeBatches(db, jobId, batches, job.cursor, { started, budget }, options.faultAfterBatches);
  if (cursor < batches.length) {
    await releaseJob(db, jobId);
    return { status: 'running', jobId, progress: { done: cursor, total: batches.length } };
  }
  await audit(db, db, {
    actor: caller.actor,
    action: 'admin.draw.done',
    targetType: 'campaign',
    targetId: campaign._id,
    before: { status: 'closed' },
    after: { status: 'drawn', seed: computation.seed, resultDigest: computation.digest },
  });
  return {
    status: 'done',
    jobId,
    progress: { done: batches.length, total: batches.length },
    resultDigest: computation.digest,
  };
}

/** A campaign drawn before answers `done` again; typed numbers other than those it was drawn with are refused. */
async function alreadyDrawn(
  db: Database,
  campaign: CampaignDoc,
  pinned: PinnedBeacon | null,
  options: DrawOptions,
  jobId: string,
): Promise<DrawProgress> {
  if (options.announced && pinned?.type === 'drand')
    throw new AppError('BEACON_MISMATCH', '本活动的公开随机数来自 drand，由系统自动获取，不能填写开奖号码');
  const stored = campaign.beaconValue as { numbers?: string } | null | undefined;
  if (options.announced && stored?.numbers !== options.announced.numbers)
    throw new AppError('CAMPAIGN_STATE', '本活动已完成摇号');
  const job = await findById<JobDoc>(db, 'jobs', jobId);
  return {
    status: 'done',
    jobId,
    progress: { done: job?.done ?? 0, total: job?.total ?? 0 },
    resultDigest: campaign.resultDigest ?? undefined,
  };
}

/** Only a closed campaign with its snapshot and a beacon pinned at opening, closed before that beacon existed. */
function assertDrawable(campaign: CampaignDoc, pinned: PinnedBeacon | null): asserts pinned is PinnedBeacon {
  if (campaign.status !== 'closed' || !campaign.snapshotHash) {
    throw new AppError('CAMPAIGN_STATE', '活动尚未截止或快照未生成，请先截止申领');
  }
  if (!pinned) throw new AppError('CAMPAIGN_STATE', '本活动开放时未锁定公开随机数来源，不能摇号');
  assertClosedBeforeBeacon(campaign, pinned);
}

/** The draw job's lease, or null while another call holds it; a job started with another beacon is a conflict. */
async function acquireDrawJob(
  db: Database,
  jobId: string,
  budget: number,
  campaignId: string,
  beacon: string,
): Promise<(JobDoc & LeasedJob) | null> {
  const acquired = await acquireJob<JobDoc & LeasedJob>(
    db,
    jobId,
    budget,
    () => ({
      _id: jobId,
      kind: 'draw',
      status: 'running',
      phase: 'writing',
      cursor: 0,
      done: 0,
      total: 0,
      params: { campaignId, beacon },
    }),
    {
      check(existing) {
        const startedWith = (existing.params as { beacon?: string } | undefined)?.beacon;
        if (startedWith !== beacon) {
          throw new AppError('CONFLICT', `本次摇号已使用公开随机值“${String(startedWith)}”开始，不能更换`);
        }
      },
    },
  );
  return 'busy' in acquired ? null : 'done' in acquired ? acquired.done : acquired.job;
}

/** First call of a draw: the beacon value is stored on the campaign (later calls reuse it) and audited. */
async function recordBeacon(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  campaignId: string,
  beacon: string,
  value: BeaconValue,
): Promise<void> {
  await db
    .collection('campaigns')
    .doc(campaignId)
    .update({ data: { beacon, beaconValue: db.command.set(value), updatedAt: db.serverDate() } });
  await audit(db, db, {
    actor: caller.actor,
    action: 'admin.draw.start',
    targetType: 'campaign',
    targetId: campaignId,
    after: { beacon, beaconValue: value },
  });
}

/**
 * Writes the batches from `cursor` on, checkpointing at most every CHECKPOINT_EVERY_MS and after the last;
 * stops (checkpointed) once the budget is spent. Returns the cursor reached: `batches.length` when done.
 */
async function writeBatches(
  db: Database,
  jobId: string,
  batches: readonly Batch[],
  cursor: number,
  time: { started: number; budget: number },
  faultAfterBatches: number | undefined,
): Promise<number> {
  const checkpoint = () => checkpointDraw(db, jobId, cursor, batches.length);
  let written = 0;
  let checkpointedAt = Date.now();
  while (cursor < batches.length) {
    // At least one batch per call, so a call whose loading alone outlasts the budget still advances.
    if (written > 0 && Date.now() - time.started > time.budget) {
      await checkpoint();
      return cursor;
    }
    await batches[cursor]();
    written++;
    if (faultAfterBatches !== undefined && written >= faultAfterBatches) {
      throw new Error(`fault injected after ${written} batches (cursor ${cursor})`);
    }
    cursor++;
    if (cursor === batches.length || Date.now() - checkpointedAt >= CHECKPOINT_EVERY_MS) {
      await checkpoint();
      checkpointedAt = Date.now();
    }
  }
  return cursor;
}

/** The job's cursor and progress; `done` once every batch is written. */
async function checkpointDraw(db: Database, jobId: string, cursor: number, total: number): Promise<void> {
  await db
    .collection('jobs')
    .doc(jobId)
    .update({
      data: {
        cursor,
        done: cursor,
        total,
        status: cursor === total ? 'done' : 'running',
        updatedAt: db.serverDate(),
      },
    });
}
