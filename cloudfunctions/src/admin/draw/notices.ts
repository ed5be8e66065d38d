import { poolLabel } from '../../../../miniprogram/shared/pools';
import type { NoticeStatusView } from '../../contract/admin-notices';
import { NOTICE_RATE, type CampaignOutcome, type OutboxData } from '../../core/notifications';
import { processingOrder } from '../../core/draw/hashes';
import { formatDateTime } from '../../core/time';
import type { Database } from '../../runtime/cloud';
import { count, findById, insertIdempotent, list } from '../../runtime/db';
import { acquireJob, Budget, releaseJob, type LeasedJob } from '../../runtime/jobs';
import { WriteAhead } from '../../runtime/write-ahead';
import { allResultChunks, rankInResults } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc, JobDoc } from '../../services/documents';
import { voucherIdFor } from '../../services/voucher-codes';

/**
 * Result notices: when a campaign's results are published, every applicant gets one subscribe message
 * (template campaignResult: won, waitlisted with their place, or not drawn). 200,000 applicants do not fit
 * one call, so queueing is a resumable job (runtime/jobs.ts) that walks the campaign's applications in _id
 * order, QUEUE_BATCH at a time, and writes one outbox document per application under a derived id
 * (noticeIdFor): a batch repeated after a crash or by a second caller lands on the same ids and adds
 * nothing. Applications are one per applicant and campaign (applications.campaign_applicant), whatever
 * number of pools they named, so each applicant gets one message.
 *
 * publishResults starts the job with what is left of its own time budget; the outbox timer
 * (sendNotifications) and repeated publish calls continue it; the timer sends what is queued.
 */

export const NOTICE_JOB_KIND = 'resultNotices';
/** Applications read and notices written per batch (one read and one insert; the waitlist places are read once a call). */
export const QUEUE_BATCH = 1000;

export const noticeJobId = (campaignId: string) => `notices-${campaignId}`;

/** The outbox id (and dedupeKey) of an application's result notice: the same on every run. */
export const noticeIdFor = (campaignId: string, applicationId: string) =>
  `campaign-result:${campaignId}:${applicationId}`;

export interface NoticeJobDoc extends JobDoc, LeasedJob {
  /** The last application _id queued (applications are walked in _id order). */
  afterId: string;
}

export interface NoticeProgress {
  status: 'running' | 'done';
  done: number;
  total: number;
}

export interface QueueOptions {
  budgetMs: number;
  /** Applications per batch (QUEUE_BATCH; local-cloud tests pass fewer to see several batches). */
  batchSize?: number;
  /** Local-cloud tests only: throw after this many batches were written but before their checkpoint. */
  faultAfterBatches?: number;
}

/** What a notice needs of an application (a waitlisted one's place comes from the published waitlists). */
type NoticeApp = Pick<ApplicationDoc, '_id' | 'ownerOpenid' | 'status' | 'wonPoolIds'>;

/** The outcome a notice reports: the application's status as the draw (or a later promotion) left it. */
function outcomeOf(app: NoticeApp): CampaignOutcome | null {
  if (app.status === 'won') return 'won';
  if (app.status === 'waitlisted') return 'waitlisted';
  if (app.status === 'lost') return 'lost';
  return null; // not drawn (cannot happen once published): no notice
}

/** applicationId → the best waitlist place (from 1) it holds and in which pool. */
type WaitlistPlaces = Map<string, { poolId: string; place: number }>;

/**
 * Every waitlisted application's best place, read once per call from the published waitlist chunks
 * (100 chunks a read). Asking per batch of applications instead reads nearly every chunk each time
 * (the batch's applications are spread over the whole waitlist): 400 batches × the whole waitlist at
 * 200,000 applications. Ties keep the first pool in the draw's order, as the pages list them.
 */
async function loadWaitlistPlaces(db: Database, campaign: CampaignDoc): Promise<WaitlistPlaces> {
  const chunks = await allResultChunks(db, campaign._id, 'L');
  const order = new Map(processingOrder(campaign.pools).map((p, i) => [p.poolId, i]));
  chunks.sort((a, b) => (order.get(a.poolId) ?? 0) - (order.get(b.poolId) ?? 0) || a.chunk - b.chunk);
  const places: WaitlistPlaces = new Map();
  for (const chunk of chunks) {
    chunk.ids.forEach((id, i) => {
      const place = rankInResults(chunk.chunk, i);
      const best = places.get(id);
      if (!best || place < best.place) places.set(id, { poolId: chunk.poolId, place });
    });
  }
  return places;
}

/**
 * What a result notice stores: the outcome and the ids it names. The words (the campaign's title, its pool
 * labels, the publication time) are the campaign's, the same in all 200,000 notices: the sender reads them
 * once a run (resultNoticeWording). Stored in each notice, their Chinese made every batch's request a
 * two-byte string: the slow case of encoding, signing and decoding, in the function and the database.
 */
export interface ResultNoticeData {
  outcome: CampaignOutcome;
  /** Won: the pools won. */
  wonPoolIds?: string[];
  /** Waitlisted: the best place held (from 1) and its pool. */
  waitlistRank?: number;
  waitlistPoolId?: string;
}

/** The outbox documents of one batch of applications. */
function noticeDocs(db: Database, campaign: CampaignDoc, apps: NoticeApp[], places: WaitlistPlaces): object[] {
  const docs: object[] = [];
  for (const app of apps) {
    const outcome = outcomeOf(app);
    if (!outcome || !app.ownerOpenid) continue;
    const data: ResultNoticeData = { outcome };
    let page = `pages/voucher/my-applications/index`;
    if (outcome === 'won') {
      const won = app.wonPoolIds ?? [];
      data.wonPoolIds = won;
      page =
        won.length === 1
          ? `pages/voucher/voucher/index?voucherId=${voucherIdFor(campaign._id, won[0], app._id)}`
          : 'pages/voucher/my-vouchers/index';
    } else if (outcome === 'waitlisted') {
      // The best place the applicant holds (the pages show every pool's place).
      const best = places.get(app._id);
      if (best) {
        data.waitlistRank = best.place;
        data.waitlistPoolId = best.poolId;
      }
    }
    const id = noticeIdFor(campaign._id, app._id);
    docs.push({
      _id: id,
      dedupeKey: id,
      campaignId: campaign._id,
      toOpenid: app.ownerOpenid,
      template: 'campaignResult',
      page,
      data,
      status: 'pending',
      createdAt: db.serverDate(),
      updatedAt: db.serverDate(),
    });
  }
  return docs;
}

/**
 * A result notice's template data (core/notifications campaignResult layout): its stored outcome and ids,
 * worded from the campaign. Notices queued before the words moved to sending time carry them already
 * (title, time, pools): those are kept.
 */
export function resultNoticeWords(
  campaign: Pick<CampaignDoc, 'title' | 'pools' | 'publishedAt'>,
  stored: Record<string, unknown>,
): OutboxData {
  const { wonPoolIds, waitlistPoolId, ...rest } = stored as ResultNoticeData & Record<string, unknown>;
  const words: OutboxData = { title: campaign.title, time: formatDateTime(campaign.publishedAt ?? new Date()) };
  if (Array.isArray(wonPoolIds)) {
    // Pools in the campaign's announced order (largest face value first), as the pages list them.
    words.pools = campaign.pools
      .filter((p) => wonPoolIds.includes(p.poolId))
      .map(poolLabel)
      .join('、');
  }
  if (typeof waitlistPoolId === 'string') {
    const pool = campaign.pools.find((p) => p.poolId === waitlistPoolId);
    words.pools = pool ? poolLabel(pool) : waitlistPoolId;
  }
  return { ...words, ...(rest as OutboxData) };
}

/**
 * Words result notices for sending: reads each campaign a run's notices name once. Answers null for a
 * notice whose campaign is gone (it cannot be worded: a permanent failure, not a retry).
 */
export function resultNoticeWording(db: Database) {
  const campaigns = new Map<string, Promise<CampaignDoc | null>>();
  return async <T extends { template: string; campaignId?: string; data?: Record<string, unknown> }>(
    doc: T,
  ): Promise<T | null> => {
    if (doc.template !== 'campaignResult' || !doc.campaignId) return doc;
    const campaignId = doc.campaignId;
    let campaign = campaigns.get(campaignId);
    if (!campaign) {
      campaign = findById<CampaignDoc>(db, 'campaigns', campaignId);
      // A failed read is not kept: the next notice of the campaign reads it again.
      campaign.catch(() => campaigns.delete(campaignId));
      campaigns.set(campaignId, campaign);
    }
    const found = await campaign;
    return found ? { ...doc, data: resultNoticeWords(found, doc.data ?? {}) } : null;
  };
}

async function checkpoint(db: Database, jobId: string, data: Record<string, unknown>): Promise<void> {
  await db
    .collection('jobs')
    .doc(jobId)
    .update({ data: { ...data, updatedAt: db.serverDate() } });
}

/**
 * Queues the campaign's result notices from the job's checkpoint on, until done or the budget is spent
 * (at least one batch per call). Answers the job's progress; a call meeting another's lease answers it
 * without working.
 */
export async function queueResultNotices(
  db: Database,
  campaign: CampaignDoc,
  options: QueueOptions,
): Promise<NoticeProgress> {
  const budget = new Budget(options.budgetMs);
  const jobId = noticeJobId(campaign._id);
  const acquired = await acquireJob<NoticeJobDoc>(db, jobId, Math.max(options.budgetMs, 1000), () => ({
    _id: jobId,
    kind: NOTICE_JOB_KIND,
    status: 'running',
    phase: 'queueing',
    cursor: 0,
    done: 0,
    total: 0,
    afterId: '',
    params: { campaignId: campaign._id },
  }));
  if ('done' in acquired) return { status: 'done', done: acquired.done.done, total: acquired.done.total };
  if ('busy' in acquired) {
    const current = await findById<NoticeJobDoc>(db, 'jobs', jobId);
    return { status: 'running', done: current?.done ?? 0, total: current?.total ?? 0 };
  }
  const job = acquired.job;
  const _ = db.command;
  let { afterId, done, total } = job;
  if (acquired.fresh) {
    total = await count(db.collection('applications').where({ campaignId: campaign._id }));
    await checkpoint(db, jobId, { total });
  }
  const batchSize = options.batchSize ?? QUEUE_BATCH;
  let places: WaitlistPlaces | null = null;
  const pageAfter = (after: string) => {
    const page = list<NoticeApp>(
      db
        .collection('applications')
        .where({ campaignId: campaign._id, ...(after ? { _id: _.gt(after) } : {}) })
        .orderBy('_id', 'asc')
        .limit(batchSize)
        .field({ _id: true, ownerOpenid: true, status: true, wonPoolIds: true }),
    );
    // Only a read: dropped unawaited if the call stops first.
    page.catch(() => undefined);
    return page;
  };
  // One batch's notices are written while the next page is read and built; the checkpoint names only
  // applications whose notices are all written, so a crash repeats at most the batches since it.
  const ahead = new WriteAhead<{ lastId: string; count: number }>(
    ({ lastId, count: written }) => {
      afterId = lastId;
      done += written;
    },
    () => checkpoint(db, jobId, { afterId, done }),
  );
  let started = 0;
  let next: Promise<NoticeApp[]> | null = pageAfter(afterId);
  while (next) {
    if (options.faultAfterBatches !== undefined && started >= options.faultAfterBatches) {
      await ahead.settle();
      throw new Error(`fault injected after ${started} notice batches (after ${afterId || 'start'})`);
    }
    if (started > 0 && budget.spent()) {
      await ahead.settle();
      await releaseJob(db, jobId, { afterId, done });
      return { status: 'running', done, total };
    }
    const apps: NoticeApp[] = await next;
    next = apps.length === batchSize ? pageAfter(apps[apps.length - 1]._id) : null;
    if (!apps.length) break;
    if (!places && apps.some((a) => a.status === 'waitlisted')) places = await loadWaitlistPlaces(db, campaign);
    const docs = noticeDocs(db, campaign, apps, places ?? new Map());
    await ahead.push(insertIdempotent(db, 'outbox', docs), { lastId: apps[apps.length - 1]._id, count: apps.length });
    started++;
  }
  await ahead.settle();
  done = Math.max(done, total);
  await releaseJob(db, jobId, { afterId, done, total: Math.max(total, done), status: 'done', phase: 'done' });
  return { status: 'done', done, total: Math.max(total, done) };
}

/** The running queue jobs (the outbox timer continues them before sending). */
export async function runningNoticeJobs(db: Database): Promise<NoticeJobDoc[]> {
  return list<NoticeJobDoc>(db.collection('jobs').where({ kind: NOTICE_JOB_KIND, status: 'running' }).limit(20));
}

/** Continues every unfinished queue job within `budgetMs` (the outbox timer, before it sends). */
export async function continueNoticeJobs(db: Database, budgetMs: number): Promise<void> {
  const budget = new Budget(budgetMs);
  for (const job of await runningNoticeJobs(db)) {
    if (budget.spent()) return;
    const campaignId = (job.params as { campaignId?: string } | undefined)?.campaignId;
    const campaign = campaignId ? await findById<CampaignDoc>(db, 'campaigns', campaignId) : null;
    if (!campaign || campaign.status !== 'published') continue;
    await queueResultNotices(db, campaign, { budgetMs: Math.max(1, budgetMs - budget.elapsed()) });
  }
}

const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'skipped', 'failed'] as const;

/** The result notices of a campaign, counted from the outbox (index campaign_status) and the queue job. */
export async function noticeStatus(db: Database, campaignId: string): Promise<NoticeStatusView> {
  const outbox = db.collection('outbox');
  const [job, ...counts] = await Promise.all([
    findById<NoticeJobDoc>(db, 'jobs', noticeJobId(campaignId)),
    ...OUTBOX_STATUSES.map((status) => count(outbox.where({ campaignId, status }))),
  ]);
  const by = Object.fromEntries(OUTBOX_STATUSES.map((s, i) => [s, counts[i] as number])) as Record<
    (typeof OUTBOX_STATUSES)[number],
    number
  >;
  return {
    campaignId,
    queueing: job
      ? { status: job.status === 'done' ? 'done' : 'running', done: job.done, total: job.total }
      : { status: 'none', done: 0, total: 0 },
    queued: OUTBOX_STATUSES.reduce((sum, s) => sum + by[s], 0),
    sent: by.sent,
    skipped: by.skipped,
    failed: by.failed,
    pending: by.pending + by.sending,
    perRun: NOTICE_RATE.perRun,
    runEveryMinutes: NOTICE_RATE.runEveryMinutes,
  };
}
