import type { Database } from '../runtime/cloud';
import { count } from '../runtime/db';

/** A pool's running figures: applications naming it, and its vouchers by status (issued = still unused). */
export interface PoolCounts {
  applied: number;
  issued: number;
  redeemed: number;
  expired: number;
  void: number;
}

/** PoolCounts of one pool of a campaign: five counts, run at once. */
export async function poolCounts(db: Database, campaignId: string, poolId: string): Promise<PoolCounts> {
  const vouchers = db.collection('vouchers');
  const [applied, issued, redeemed, expired, voided] = await Promise.all([
    count(db.collection('applications').where({ campaignId, poolIds: poolId })),
    ...(['issued', 'redeemed', 'expired', 'void'] as const).map((status) =>
      count(vouchers.where({ campaignId, poolId, status })),
    ),
  ]);
  return { applied, issued, redeemed, expired, void: voided };
}
