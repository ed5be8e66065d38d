import type { Database } from '../runtime/cloud';
import { findById } from '../runtime/db';
import { AppError } from '../runtime/errors';
import type { VoucherDoc } from '../services/documents';
import { isPublished } from '../services/vouchers';

export const PAGE_SIZE = 20;

export async function ownVoucher(db: Database, voucherId: string, openid: string): Promise<VoucherDoc> {
  const voucher = await findById<VoucherDoc>(db, 'vouchers', voucherId);
  // Someone else's voucher, or one whose draw is not published yet, answers exactly like a missing one:
  // codes must not be probeable, and winners are not known before publication.
  if (!voucher || voucher.holderOpenid !== openid || !isPublished(voucher))
    throw new AppError('NOT_FOUND', '检测券不存在');
  return voucher;
}
