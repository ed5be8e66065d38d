import { applicationWindow } from '../core/campaign-window';
import type { PinnedBeacon } from '../core/draw/beacon';
import type { DrawPool } from '../core/draw/types';
import type { Database } from '../runtime/cloud';
import { findById, list } from '../runtime/db';
import { AppError } from '../runtime/errors';
import type { ApplicationDoc, CampaignDoc } from './documents';

export async function getCampaignOrFail(db: Database, campaignId: string, includeDrafts = false): Promise<CampaignDoc> {
  return shownCampaignOrFail(await findById<CampaignDoc>(db, 'campaigns', campaignId), includeDrafts);
}

/** A campaign read by id, as users may see it: a draft (unless asked for) is as missing as no campaign. */
export function shownCampaignOrFail<T extends Pick<CampaignDoc, 'status'>>(
  campaign: T | null | undefined,
  includeDrafts = false,
): T {
  if (!campaign || (campaign.status === 'draft' && !includeDrafts)) throw new AppError('NOT_FOUND', '活动不存在');
  return campaign;
}

/** The beacon source pinned at open, or null (a draft holds only its choice; campaigns opened before pinning hold none). */
/** Apply and withdraw only inside the application window (core/campaign-window.ts), with the reason. */
export function assertWindowOpen(campaign: Pick<CampaignDoc, 'status' | 'opensAt' | 'closesAt'>, now: Date): void {
  const window = applicationWindow(campaign, now.getTime());
  if (window === 'not-open') throw new AppError('CAMPAIGN_NOT_OPEN', '申领尚未开始');
  if (window === 'closed') throw new AppError('CAMPAIGN_CLOSED', '申领已截止');
}

export function pinnedBeaconOf(campaign: Pick<CampaignDoc, 'status' | 'beaconSource'>): PinnedBeacon | null {
  const source = campaign.beaconSource;
  if (campaign.status === 'draft' || !source) return null;
  if (source.type === 'drand' && !('round' in source)) return null;
  return source as PinnedBeacon;
}

/** A campaign's pools as draw-v1 takes them (and the record lists them): id, face value and quantity. */
export const drawPoolsOf = (campaign: Pick<CampaignDoc, 'pools'>): DrawPool[] =>
  campaign.pools.map(({ poolId, faceValue, quantity }) => ({ poolId, faceValue, quantity }));

export const RESULT_CHUNK = 1000;

/** The 1-based rank (place in its list) of the id at `index` of result chunk number `chunk`. */
export const rankInResults = (chunk: number, index: number): number => chunk * RESULT_CHUNK + index + 1;

export interface DrawResultChunk {
  _id: string;
  campaignId: string;
  poolId: string;
  kind: 'W' | 'L';
  chunk: number;
  ids: string[];
}

/** The most result chunks one read takes: 20 pools × winners and waitlist × a page of applications. */
const CHUNK_LIMIT = 1000;

/** Where an application stands in one pool's published list: among the winners (W) or on the waitlist (L), from 1. */
export interface ResultPlace {
  kind: 'W' | 'L';
  place: number;
}

/**
 * Every `draw_results` chunk of a campaign (only the winner or waitlist chunks, given `kind`), in
 * `_id` order, 100 chunks (100,000 ids) a read so each reply stays a few megabytes.
 */
export async function allResultChunks(db: Database, campaignId: string, kind?: 'W' | 'L'): Promise<DrawResultChunk[]> {
  const _ = db.command;
  const chunks: DrawResultChunk[] = [];
  let after = '';
  for (;;) {
    const page = await list<DrawResultChunk>(
      db
        .collection('draw_results')
        .where({ campaignId, ...(kind ? { kind } : {}), ...(after ? { _id: _.gt(after) } : {}) })
        .orderBy('_id', 'asc')
        .limit(100),
    );
    chunks.push(...page);
    if (page.length < 100) return chunks;
    after = page[page.length - 1]._id;
  }
}

/**
 * applicationId → poolId → its place, for a batch of applications, read from the published result chunks
 * in one query (the chunks holding any of the ids; of one kind only when `kind` is given).
 */
export async function resultPlaces(
  db: Database,
  campaignId: string,
  applicationIds: string[],
  kind?: 'W' | 'L',
): Promise<Map<string, Map<string, ResultPlace>>> {
  const places = new Map<string, Map<string, ResultPlace>>();
  if (applicationIds.length === 0) return places;
  const _ = db.command;
  const chunks = await list<DrawResultChunk>(
    db
      .collection('draw_results')
      .where({ campaignId, ...(kind ? { kind } : {}), ids: _.in(applicationIds) })
      .limit(CHUNK_LIMIT),
  );
  const wanted = new Set(applicationIds);
  for (const chunk of chunks) {
    chunk.ids.forEach((id, i) => {
      if (!wanted.has(id)) return;
      if (!places.has(id)) places.set(id, new Map());
      places.get(id)!.set(chunk.poolId, { kind: chunk.kind, place: rankInResults(chunk.chunk, i) });
    });
  }
  return places;
}

/**
 * applicationId → its waitlist ranks (poolId order), for the waitlisted applications among `apps` (any
 * campaigns), from the published result chunks in one query: a page of "my applications" costs one read
 * for its ranks, however many of them wait.
 */
export async function waitlistRanksOf(
  db: Database,
  apps: readonly Pick<ApplicationDoc, '_id' | 'campaignId' | 'waitlistPoolIds'>[],
): Promise<Map<string, { poolId: string; rank: number }[]>> {
  const ranks = new Map<string, { poolId: string; rank: number }[]>();
  const waiting = new Map(apps.filter((a) => a.waitlistPoolIds?.length).map((a) => [a._id, a]));
  if (waiting.size === 0) return ranks;
  const _ = db.command;
  const campaignIds = [...new Set([...waiting.values()].map((a) => a.campaignId))];
  const chunks = await list<DrawResultChunk>(
    db
      .collection('draw_results')
      .where({ campaignId: _.in(campaignIds), kind: 'L', ids: _.in([...waiting.keys()]) })
      // One chunk per pool an application waits in: a page of 20 stays far below the 1,000 a query answers.
      .limit(1000),
  );
  for (const chunk of chunks) {
    chunk.ids.forEach((id, i) => {
      const app = waiting.get(id);
      if (!app || app.campaignId !== chunk.campaignId || !app.waitlistPoolIds!.includes(chunk.poolId)) return;
      if (!ranks.has(id)) ranks.set(id, []);
      ranks.get(id)!.push({ poolId: chunk.poolId, rank: rankInResults(chunk.chunk, i) });
    });
  }
  for (const list of ranks.values()) list.sort((a, b) => (a.poolId < b.poolId ? -1 : 1));
  return ranks;
}
