import type { PoolStandingView } from '../contract/voucher';
import { processingOrder } from '../core/draw';
import type { Database } from '../runtime/cloud';
import { AppError } from '../runtime/errors';
import { resultPlaces } from '../services/campaigns';
import type { ApplicationDoc, CampaignDoc } from '../services/documents';

export function assertPublished(campaign: CampaignDoc): void {
  if (campaign.status !== 'published') throw new AppError('CAMPAIGN_STATE', '摇号结果尚未公布');
}

/** The campaign's pools in the draw's own order (core/draw processingOrder: face value descending, then id). */
export function drawOrder(campaign: Pick<CampaignDoc, 'pools'>): CampaignDoc['pools'] {
  return processingOrder(campaign.pools);
}

type Counted = CampaignDoc & { resultCounts?: Record<string, { winners: number; waitlist: number }> };

/** How many winners the draw chose in a pool (promotions from the waitlist come after and are not counted). */
export function winnersOf(campaign: CampaignDoc, poolId: string): number {
  return (campaign as Counted).resultCounts?.[poolId]?.winners ?? 0;
}

/**
 * Each application's standing in each of its pools, read from the published result lists in one query
 * (the chunks holding any of the ids). `wonLater` (the owner's own view only) marks a waitlisted entry
 * promoted since the draw; the public sees exactly what the published record says.
 */
export async function standingsOf(
  db: Database,
  campaign: CampaignDoc,
  apps: Pick<ApplicationDoc, '_id' | 'poolIds' | 'wonPoolIds'>[],
  options: { wonLater: boolean },
): Promise<Map<string, PoolStandingView[]>> {
  const standings = new Map<string, PoolStandingView[]>();
  if (apps.length === 0) return standings;
  const places = await resultPlaces(
    db,
    campaign._id,
    apps.map((a) => a._id),
  );
  const order = drawOrder(campaign);
  for (const app of apps) {
    const mine = places.get(app._id);
    const rows: PoolStandingView[] = [];
    for (const pool of order) {
      if (!app.poolIds.includes(pool.poolId)) continue;
      const lastWinningRank = winnersOf(campaign, pool.poolId);
      const at = mine?.get(pool.poolId);
      if (!at) {
        rows.push({ poolId: pool.poolId, outcome: 'skipped', rank: null, lastWinningRank, waitlistRank: null });
      } else if (at.kind === 'W') {
        rows.push({ poolId: pool.poolId, outcome: 'won', rank: at.place, lastWinningRank, waitlistRank: null });
      } else {
        const promoted = options.wonLater && (app.wonPoolIds ?? []).includes(pool.poolId);
        rows.push({
          poolId: pool.poolId,
          outcome: promoted ? 'promoted' : 'waitlisted',
          rank: lastWinningRank + at.place,
          lastWinningRank,
          waitlistRank: at.place,
        });
      }
    }
    standings.set(app._id, rows);
  }
  return standings;
}
