import { applicationWindow } from '../core/campaign-window';
import type { PinnedBeacon } from '../core/draw/beacon';
import type { Database } from '../runtime/cloud';
import { findById, list } from '../runtime/db';
import { AppError } from '../runtime/errors';
import type { CampaignDoc } from './documents';

export async function getCampaignOrFail(db: Database, campaignId: string, includeDrafts = false): Promise<CampaignDoc> {
  const campaign = await findById<CampaignDoc>(db, 'campaigns', campaignId);
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

export const RESULT_CHUNK = 1000;

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
      places.get(id)!.set(chunk.poolId, { kind: chunk.kind, place: chunk.chunk * RESULT_CHUNK + i + 1 });
    });
  }
  return places;
}

/** Waitlist ranks of one application in the given pools (from the published result chunks). */
export async function waitlistRanks(
  db: Database,
  campaignId: string,
  applicationId: string,
  poolIds: string[],
): Promise<{ poolId: string; rank: number }[]> {
  if (poolIds.length === 0) return [];
  const _ = db.command;
  const chunks = await list<DrawResultChunk>(
    db
      .collection('draw_results')
      .where({ campaignId, kind: 'L', poolId: _.in(poolIds), ids: applicationId })
      .limit(100),
  );
  return chunks
    .map((c) => ({ poolId: c.poolId, rank: c.chunk * RESULT_CHUNK + c.ids.indexOf(applicationId) + 1 }))
    .sort((a, b) => (a.poolId < b.poolId ? -1 : 1));
}
