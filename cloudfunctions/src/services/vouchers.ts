import { endOfShanghaiDay } from '../core/time';
import type { Database } from '../runtime/cloud';
import type { ApplicationDoc, CampaignDoc, VoucherDoc } from './documents';
import { voucherIdFor } from './voucher-codes';

let lastValidUntil: { ymd: string; at: Date } | null = null;

/** endOfShanghaiDay, remembered for the last date: a draw writes thousands of vouchers of one campaign (~0.1 ms each). */
function validUntilOf(ymd: string): Date {
  if (lastValidUntil?.ymd !== ymd) lastValidUntil = { ymd, at: endOfShanghaiDay(ymd) };
  return new Date(lastValidUntil.at);
}

/**
 * The voucher an application wins in a pool, as the draw and waitlist promotion both write it. Its id
 * is derived (voucherIdFor), so writing it again is idempotent. A promoted voucher is published at
 * once: promotion runs only after the results are public.
 */
export function newVoucherDoc(
  db: Database,
  campaign: Pick<CampaignDoc, '_id' | 'title' | 'services' | 'voucherValidUntil'>,
  pool: { poolId: string; faceValue: number },
  app: Pick<ApplicationDoc, '_id' | 'applicantKey' | 'ownerOpenid' | 'applicantName' | 'applicantType'>,
  issuedBy: VoucherDoc['issuedBy'],
): Omit<VoucherDoc, 'expiryWarned'> & { createdAt: unknown; updatedAt: unknown } {
  return {
    _id: voucherIdFor(campaign._id, pool.poolId, app._id),
    campaignId: campaign._id,
    campaignTitle: campaign.title,
    poolId: pool.poolId,
    faceValue: pool.faceValue,
    applicationId: app._id,
    holderKey: app.applicantKey,
    holderOpenid: app.ownerOpenid,
    holderName: app.applicantName,
    applicantType: app.applicantType,
    services: campaign.services,
    status: 'issued',
    validUntil: validUntilOf(campaign.voucherValidUntil),
    validUntilDate: campaign.voucherValidUntil,
    issuedBy,
    redemption: null,
    published: issuedBy === 'waitlist',
    createdAt: db.serverDate(),
    updatedAt: db.serverDate(),
  };
}

/**
 * Vouchers exist from the draw on, but are secret until the results are published (LOTTERY.md,
 * "Vouchers stay hidden until publish"). The gate is a flag on the voucher itself: holders' lists
 * filter on it, and single-voucher reads and the redemption transaction check it on the document they
 * already load, so it costs no extra read per call and cannot be skipped by going around the campaign.
 */
export function isPublished(voucher: Pick<VoucherDoc, 'published'>): boolean {
  return voucher.published === true;
}

/** The filter of a holder's visible vouchers (published ones), plus any further conditions. */
export function holderVouchersWhere(openid: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  return { holderOpenid: openid, published: true, ...more };
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
