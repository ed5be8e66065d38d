import { createHash } from 'node:crypto';
import { beaconString, beaconTime, type BeaconValue, type PinnedBeacon } from '../../core/draw/beacon';
import { computeDraw } from '../../core/draw/compute';
import { commitmentOf, deriveSeed, processingOrder, resultDigest, snapshotHash } from '../../core/draw/hashes';
import type { DrawEntry, PoolResult } from '../../core/draw/types';
import { formatDateTime } from '../../core/time';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { findById, insertIdempotent } from '../../runtime/db';
import { acquireJob, DEFAULT_BUDGET_MS, releaseJob, type LeasedJob } from '../../runtime/jobs';
import { AppError } from '../../runtime/errors';
import type { Caller } from '../../runtime/router';
import { keyedHash } from '../../runtime/secrets';
import { WriteAhead } from '../../runtime/write-ahead';
import { allResultChunks, drawPoolsOf, pinnedBeaconOf, RESULT_CHUNK } from '../../services/campaigns';
import type { CampaignDoc, JobDoc } from '../../services/documents';
import { newVoucherDoc } from '../../services/vouchers';
import { resolveBeaconValue, type AnnouncedEntry } from './beacon';
import { uploadDrawRecord } from './record';
import { loadSnapshot, loadWinners, type WinnerApplication } from './snapshot';

const VOUCHER_BATCH = 500;
const UPDATE_BATCH = 1000;

/** The order of the batches below, which a job's cursor points into: a job of another plan starts again at 0. */
const DRAW_PLAN = 3;

export interface DrawComputation {
  campaign: CampaignDoc;
  secret: string;
  entries: DrawEntry[];
  seed: string;
  result: PoolResult[];
  digest: string;
}

/** The stored secret, checked against the commitment published at open. */
async function campaignSecret(db: Database, campaign: CampaignDoc): Promise<string> {
  const secretDoc = await findById<{ secret: string }>(db, 'campaign_secrets', campaign._id);
  if (!secretDoc || commitmentOf(secretDoc.secret) !== campaign.commitment) {
    throw new AppError('COMMITMENT_MISMATCH', '保存的摇号密钥与公布的承诺值不一致，摇号已中止');
  }
  return secretDoc.secret;
}

/** Recomputes the draw from the stored inputs, checking each published value on the way. */
export async function computeCampaignDraw(
  db: Database,
  campaign: CampaignDoc,
  beacon: string,
): Promise<DrawComputation> {
  const secret = await campaignSecret(db, campaign);
  const entries = await loadSnapshot(db, campaign._id);
  const hash = snapshotHash(entries);
  if (hash !== campaign.snapshotHash) {
    throw new AppError('CONFLICT', '申领数据与截止时公布的快照不一致，摇号已中止');
  }
  const seed = deriveSeed({ campaignId: campaign._id, secretHex: secret, snapshotHash: hash, beacon });
  const pools = drawPoolsOf(campaign);
  const result = computeDraw({ pools, cap: campaign.cap, entries, seed });
  return { campaign, secret, entries, seed, result, digest: resultDigest(pools, result) };
}

/**
 * What a resumed call needs to go on without recomputing: the result (read back from the `draw_results`
 * chunks, the plan's first batches) is accepted only if it hashes to `resultDigest` with these counts,
 * the winners' applications still hash to `winnersHash`, and `seal` (HMAC under the server secret, which
 * the database does not hold) covers all of it, so whoever can write the database cannot swap a result in.
 */
interface StoredResult {
  seed: string;
  resultDigest: string;
  counts: { poolId: string; winners: number; waitlist: number }[];
  winnersHash: string;
  seal: string;
}

interface DrawJob extends JobDoc, LeasedJob {
  plan?: number;
  result?: StoredResult | null;
}

/**
 * The draw a call writes: the result, the winners' applications (absent when no voucher batch is left) and,
 * in a call that computed the draw, the computation the record is made of.
 */
interface DrawState {
  campaign: CampaignDoc;
  seed: string;
  result: PoolResult[];
  digest: string;
  winners: Map<string, WinnerApplication> | null;
  computation: DrawComputation | null;
}

const countsOf = (result: readonly PoolResult[]) =>
  result.map((p) => ({ poolId: p.poolId, winners: p.winners.length, waitlist: p.waitlist.length }));

/** Hash of what the winners' vouchers copy from their applications, in result order. */
function winnersHashOf(result: readonly PoolResult[], winners: Map<string, WinnerApplication>): string {
  const rows = result.flatMap((p) =>
    p.winners.map((id) => {
      const a = winners.get(id)!;
      return [p.poolId, id, a.applicantKey, a.ownerOpenid ?? null, a.applicantName ?? null, a.applicantType ?? null];
    }),
  );
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

function sealOf(campaign: CampaignDoc, stored: Omit<StoredResult, 'seal'>): string {
  const { seed, resultDigest: digest, counts, winnersHash } = stored;
  return keyedHash(
    'draw-result',
    JSON.stringify([campaign._id, campaign.snapshotHash, seed, digest, counts, winnersHash]),
  );
}

function storedResultOf(state: DrawState & { winners: Map<string, WinnerApplication> }): StoredResult {
  const stored = {
    seed: state.seed,
    resultDigest: state.digest,
    counts: countsOf(state.result),
    winnersHash: winnersHashOf(state.result, state.winners),
  };
  return { ...stored, seal: sealOf(state.campaign, stored) };
}

/** The result as the `draw_results` chunks hold it, pools in processing order; null if a chunk is missing. */
async function readResultChunks(db: Database, campaign: CampaignDoc): Promise<PoolResult[] | null> {
  const chunks = await allResultChunks(db, campaign._id);
  const lists = new Map<string, string[][]>();
  for (const chunk of chunks) {
    const key = `${chunk.poolId}|${chunk.kind}`;
    if (!lists.has(key)) lists.set(key, []);
    lists.get(key)![chunk.chunk] = chunk.ids;
  }
  const joined = (poolId: string, kind: 'W' | 'L'): string[] | null => {
    const parts = lists.get(`${poolId}|${kind}`) ?? [];
    for (let i = 0; i < parts.length; i++) if (!Array.isArray(parts[i])) return null;
    return parts.flat();
  };
  const result: PoolResult[] = [];
  for (const { poolId } of processingOrder(drawPoolsOf(campaign))) {
    const winners = joined(poolId, 'W');
    const waitlist = joined(poolId, 'L');
    if (!winners || !waitlist) return null;
    result.push({ poolId, winners, waitlist });
  }
  return result;
}

/**
 * A resumed call's draw from the stored result, or why it cannot be trusted (then the call recomputes).
 * The seed is derived again (secret and beacon as on every call); winners are read only while voucher
 * batches remain.
 */
async function storedDrawState(
  db: Database,
  campaign: CampaignDoc,
  secret: string,
  beacon: string,
  stored: StoredResult,
  cursor: number,
): Promise<DrawState | string> {
  const seed = deriveSeed({
    campaignId: campaign._id,
    secretHex: secret,
    snapshotHash: campaign.snapshotHash!,
    beacon,
  });
  const { seal, ...sealed } = stored;
  if (seed !== stored.seed || seal !== sealOf(campaign, sealed)) return 'seal';
  const result = await readResultChunks(db, campaign);
  if (!result) return 'chunks missing';
  const counts = countsOf(result);
  if (JSON.stringify(counts) !== JSON.stringify(stored.counts)) return 'counts';
  if (resultDigest(drawPoolsOf(campaign), result) !== stored.resultDigest) return 'digest';
  const state: DrawState = { campaign, seed, result, digest: stored.resultDigest, winners: null, computation: null };
  if (cursor < storedFrom(counts) + voucherBatchCount(result)) {
    const winners = await loadWinners(db, campaign._id, result).catch(() => null);
    if (!winners || winnersHashOf(result, winners) !== stored.winnersHash) return 'winners';
    state.winners = winners;
  }
  return state;
}

type Batch = () => Promise<void>;

/**
 * Every write of a draw as an ordered list of idempotent batches; the job's cursor points into it. The
 * record and the result chunks come first: only a call that computed the draw can write the record, and
 * from the chunks a resumed call reads the result back instead of recomputing it (users read either only
 * once the campaign is published).
 */
function planBatches(db: Database, s: DrawState, beacon: { beacon: string; value: BeaconValue }): Batch[] {
  const campaignId = s.campaign._id;
  return [
    recordBatch(db, s, beacon),
    ...resultChunkBatches(db, campaignId, s.result),
    ...voucherBatches(db, s),
    ...applicationStatusBatches(db, campaignId, applicationStatusGroups(s.result)),
    markRestLostBatch(db, campaignId),
    campaignDrawnBatch(db, s),
  ];
}

const voucherBatchCount = (result: readonly PoolResult[]) =>
  Math.ceil(result.reduce((n, p) => n + p.winners.length, 0) / VOUCHER_BATCH);

/**
 * The cursor from which a call can take the stored result instead of computing the draw: past the record and
 * the result chunks (counted from the lists' lengths).
 */
const storedFrom = (counts: readonly { winners: number; waitlist: number }[]) =>
  1 + counts.reduce((n, p) => n + Math.ceil(p.winners / RESULT_CHUNK) + Math.ceil(p.waitlist / RESULT_CHUNK), 0);

/** First: the draw record, uploaded from the computation that decided the result (publishResults reveals it). */
function recordBatch(db: Database, s: DrawState, { beacon, value }: { beacon: string; value: BeaconValue }): Batch {
  return async () => {
    // Only a call that computed runs it (storedFrom): a resumed call starts past it.
    if (!s.computation) throw new Error('record batch without the computed draw');
    const recordFileID = await uploadDrawRecord(s.computation, beacon, value);
    // The snapshot's entries are not needed past the record: let them go for the rest of the call.
    s.computation = null;
    await db
      .collection('campaigns')
      .doc(s.campaign._id)
      .update({ data: { recordFileID, updatedAt: db.serverDate() } });
  };
}

/** The winners' vouchers, VOUCHER_BATCH at a time, in pool and draw order. */
function voucherBatches(db: Database, { campaign, result, winners }: DrawState): Batch[] {
  const pools = new Map(campaign.pools.map((p) => [p.poolId, p]));
  const wins: { poolId: string; applicationId: string }[] = [];
  for (const pool of result)
    for (const applicationId of pool.winners) wins.push({ poolId: pool.poolId, applicationId });
  const batches: Batch[] = [];
  for (let i = 0; i < wins.length; i += VOUCHER_BATCH) {
    const slice = wins.slice(i, i + VOUCHER_BATCH);
    batches.push(async () => {
      // Read only while voucher batches remain (storedDrawState); a plan past them never runs these.
      if (!winners) throw new Error('voucher batch without the winners’ applications');
      const docs = slice.map(({ poolId, applicationId }) =>
        newVoucherDoc(db, campaign, pools.get(poolId)!, winners.get(applicationId)!, 'draw'),
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

/**
 * Winners and waitlisted applications grouped by identical new status fields, so each group is one
 * update; applications in _id order (code units, as the snapshot is read), so every call plans the same.
 */
function applicationStatusGroups(result: readonly PoolResult[]): StatusGroup[] {
  // Per application, the pools it won and waits in as bits of their places in `result` (processing
  // order): 200,000 applications are grouped without building a key string for each.
  const won = new Map<string, number>();
  const waiting = new Map<string, number>();
  result.forEach((pool, p) => {
    const bit = 2 ** p;
    for (const id of pool.winners) won.set(id, (won.get(id) ?? 0) + bit);
    for (const id of pool.waitlist) waiting.set(id, (waiting.get(id) ?? 0) + bit);
  });
  const poolIdsOf = (bits: number) => result.filter((_, p) => Math.floor(bits / 2 ** p) % 2 === 1).map((r) => r.poolId);
  const ids = [...won.keys()];
  for (const id of waiting.keys()) if (!won.has(id)) ids.push(id);
  // sort() without a comparator orders strings by code units.
  ids.sort();
  const groups = new Map<number, StatusGroup>();
  for (const id of ids) {
    // Everyone else is marked lost by one bulk update after these (markRestLostBatch).
    const wonBits = won.get(id) ?? 0;
    const waitBits = waiting.get(id) ?? 0;
    // Exact: at most POOLS_MAX (20) pools, so the key stays below 2^40.
    const key = wonBits * 2 ** result.length + waitBits;
    let group = groups.get(key);
    if (!group) {
      const status = wonBits ? 'won' : 'waitlisted';
      group = { data: { status, wonPoolIds: poolIdsOf(wonBits), waitlistPoolIds: poolIdsOf(waitBits) }, ids: [] };
      groups.set(key, group);
    }
    group.ids.push(id);
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
function campaignDrawnBatch(db: Database, s: DrawState): Batch {
  return async () => {
    const resultCounts = Object.fromEntries(
      s.result.map((p) => [p.poolId, { winners: p.winners.length, waitlist: p.waitlist.length }]),
    );
    await db
      .collection('campaigns')
      .doc(s.campaign._id)
      .update({
        data: {
          status: 'drawn',
          seed: s.seed,
          resultDigest: s.digest,
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

  const { state, cursor: from, computed } = await drawState(db, caller, campaign, beacon, job);
  const batches = planBatches(db, state, { beacon, value });
  // A call that computed the result writes the record and all of its chunks before it stops, so no later call computes it again.
  const time = { started, budget, until: computed ? storedFrom(countsOf(state.result)) : 0 };
  const cursor = await writeBatches(db, jobId, batches, from, time, options.faultAfterBatches);
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
    after: { status: 'drawn', seed: state.seed, resultDigest: state.digest },
  });
  return {
    status: 'done',
    jobId,
    progress: { done: batches.length, total: batches.length },
    resultDigest: state.digest,
  };
}

/**
 * The draw this call writes and the cursor it starts from. A resumed call of the current plan takes the
 * stored result when it checks out (storedDrawState); otherwise the call recomputes from the stored
 * inputs, which must give the digest the job recorded, and stores the sealed result before any batch is
 * written. A stored result that does not check out (altered chunks, seal or winners) is refused: the
 * recomputed one is written again from the first batch, every batch being idempotent.
 */
async function drawState(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  campaign: CampaignDoc,
  beacon: string,
  job: DrawJob,
): Promise<{ state: DrawState; cursor: number; computed: boolean }> {
  const jobId = job._id;
  let cursor = job.plan === DRAW_PLAN ? job.cursor : 0;
  const stored = job.plan === DRAW_PLAN ? (job.result ?? null) : null;
  let refused: string | null = null;
  // Until the record and every chunk are written there is no stored result to read: the call recomputes and goes on.
  if (stored && cursor > 0 && cursor >= storedFrom(stored.counts)) {
    const secret = await campaignSecret(db, campaign);
    const state = await storedDrawState(db, campaign, secret, beacon, stored, cursor);
    if (typeof state !== 'string') return { state, cursor, computed: false };
    refused = state;
  }
  const c = await computeCampaignDraw(db, campaign, beacon);
  if (stored && c.digest !== stored.resultDigest)
    throw new AppError('CONFLICT', '重新计算的结果摘要与本次摇号记录的不一致，摇号已中止');
  const winners = await loadWinners(db, campaign._id, c.result);
  const state = { campaign, seed: c.seed, result: c.result, digest: c.digest, winners, computation: c };
  if (refused) {
    cursor = 0;
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.draw.storedResultRefused',
      targetType: 'campaign',
      targetId: campaign._id,
      after: { reason: refused, restartedAt: 0 },
    });
  }
  await db
    .collection('jobs')
    .doc(jobId)
    .update({
      data: { plan: DRAW_PLAN, result: db.command.set(storedResultOf(state)), cursor, updatedAt: db.serverDate() },
    });
  return { state, cursor, computed: true };
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
): Promise<DrawJob | null> {
  const acquired = await acquireJob<DrawJob>(
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
      plan: DRAW_PLAN,
      result: null,
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
 * Writes the batches from `from` on, checkpointing at most every CHECKPOINT_EVERY_MS (WriteAhead) and after the last;
 * stops (checkpointed) once the budget is spent. Returns the cursor reached: `batches.length` when done.
 */
async function writeBatches(
  db: Database,
  jobId: string,
  batches: readonly Batch[],
  from: number,
  time: { started: number; budget: number; until: number },
  faultAfterBatches: number | undefined,
): Promise<number> {
  // Batches before the cursor are written; a batch's write runs while the next one is built and sent.
  let cursor = from;
  const checkpoint = () => checkpointDraw(db, jobId, cursor, batches.length);
  const ahead = new WriteAhead<number>((written) => (cursor = written), checkpoint);
  let started = 0;
  for (let next = from; next < batches.length; next++) {
    if (faultAfterBatches !== undefined && started >= faultAfterBatches) {
      await ahead.settle();
      throw new Error(`fault injected after ${started} batches (cursor ${cursor})`);
    }
    // At least one batch per call (and up to `until`), so a call whose loading alone outlasts the budget still advances.
    if (started > 0 && next >= time.until && Date.now() - time.started > time.budget) break;
    // The campaign's final fields only once every other batch is written: `drawn` means all of it is there.
    if (next === batches.length - 1) await ahead.settle();
    await ahead.push(batches[next](), next + 1);
    started++;
  }
  await ahead.settle();
  await checkpoint();
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
