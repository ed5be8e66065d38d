import type { Database } from '../runtime/cloud';
import type { VoucherDoc } from './documents';

/**
 * Vouchers exist from the draw on, but are secret until the results are published (LOTTERY.md,
 * "Vouchers stay hidden until publish"). The gate is a flag on the voucher itself: holders' lists
 * filter on it, and single-voucher reads and the redemption transaction check it on the document they
 * already load, so it costs no extra read per call and cannot be skipped by going around the campaign.
 */
export function isPublished(voucher: Pick<VoucherDoc, 'published'>): boolean {
  return voucher.published === true;
}

/**
 * Opens a published campaign's vouchers to holders and staff. Idempotent: publishResults runs it after
 * marking the campaign published, and again on a repeated call, so a crash in between only delays it.
 */
export async function publishCampaignVouchers(db: Database, campaignId: string): Promise<number> {
  const _ = db.command;
  const res = (await db
    .collection('vouchers')
    .where({ campaignId, published: _.neq(true) })
    .update({ data: { published: true, updatedAt: db.serverDate() } })) as { stats?: { updated?: number } };
  return res.stats?.updated ?? 0;
}
