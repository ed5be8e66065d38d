import type { LiveFiguresView } from '../contract/voucher';
import { applicationWindow } from '../core/campaign-window';
import type { Database } from '../runtime/cloud';
import { count } from '../runtime/db';
import { getCampaignOrFail } from '../services/campaigns';

/**
 * Live applicant counts of a campaign, cached in the function instance's memory.
 *
 * A campaign page is read by up to 10,000 people a minute while applications are open; counting 200,000
 * applications for each would cost 3 database requests per reader. CloudBase keeps a function instance
 * warm between calls (and the local cloud keeps one worker per function, emulator/README.md "Function
 * host"), so module state survives from call to call: each instance counts a campaign at most once per
 * LIVE_FIGURES_TTL_MS and answers everyone else from memory. With k warm instances that is k × 3
 * requests per 30 s, whatever the number of readers; a reader sees counts at most 30 s old, which the page
 * says ("每 30 秒更新"). Concurrent misses share one count (single flight). Once the campaign no longer takes
 * applications the counts are final and kept for FINAL_TTL_MS.
 */
export const LIVE_FIGURES_TTL_MS = 30_000;
export const FINAL_TTL_MS = 10 * 60_000;
/** Campaigns kept at most (oldest dropped first); a handful are open at once. */
const MAX_ENTRIES = 200;

/** A per-instance cache of promises with a time to live; `now` is injectable for tests. */
export class TtlCache<V> {
  private readonly entries = new Map<string, { expiresAt: number; value: Promise<V> }>();
  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The cached value of `key`, or `load()`'s (shared by every caller until it settles); `ttlOf` says how long
   * a loaded value stays. A failed load is not kept.
   */
  get(key: string, load: () => Promise<V>, ttlOf: (value: V) => number): Promise<V> {
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > at) return hit.value;
    const value = load();
    // Until it settles the load is shared; then it lives for its own time to live.
    const entry = { expiresAt: Number.POSITIVE_INFINITY, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    value.then(
      (v) => {
        if (this.entries.get(key) === entry) entry.expiresAt = this.now() + ttlOf(v);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

const cache = new TtlCache<LiveFiguresView>(MAX_ENTRIES);

/** Counts the campaign's applications per pool: 3 database requests (campaign, total, per-pool aggregate). */
async function countFigures(db: Database, campaignId: string, now: number): Promise<LiveFiguresView> {
  const campaign = await getCampaignOrFail(db, campaignId);
  const where = { campaignId };
  const [applicants, grouped] = await Promise.all([
    count(db.collection('applications').where(where)),
    db
      .collection('applications')
      .aggregate()
      .match(where)
      .project({ poolIds: 1 })
      .unwind('$poolIds')
      .group({ _id: '$poolIds', n: db.command.aggregate.sum(1) })
      .end() as Promise<{ list: { _id: string; n: number }[] }>,
  ]);
  const byPool = new Map(grouped.list.map((row) => [row._id, row.n]));
  const final = applicationWindow(campaign, now) === 'closed';
  return {
    campaignId,
    final,
    applicants,
    pools: campaign.pools.map((p) => ({
      poolId: p.poolId,
      quantity: p.quantity,
      applicants: byPool.get(p.poolId) ?? 0,
    })),
    countedAt: new Date(now).toISOString(),
    maxAgeSeconds: (final ? FINAL_TTL_MS : LIVE_FIGURES_TTL_MS) / 1000,
  };
}

/** The campaign's applicant counts, from this instance's cache when fresh. */
export function liveFiguresOf(db: Database, campaignId: string): Promise<LiveFiguresView> {
  return cache.get(
    campaignId,
    () => countFigures(db, campaignId, Date.now()),
    (v) => v.maxAgeSeconds * 1000,
  );
}
