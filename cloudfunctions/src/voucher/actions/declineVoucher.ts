import { voucherIdInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import { runInTransaction, txGet } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import type { VoucherDoc } from '../../services/documents';
import { voucherView } from '../../services/views';
import { ownVoucher } from '../mine';

/** The holder gives a voucher up (e.g. no testing need after all); the slot can go to the waitlist. */
export const declineVoucher = action({
  access: 'user',
  userRecord: 'not read',
  input: voucherIdInput,
  async handler({ voucherId }, { caller, db }) {
    await ownVoucher(db, voucherId, caller.openid!);
    const updated = await runInTransaction(
      db,
      async (t: any) => {
        const voucher = await txGet<VoucherDoc>(t, 'vouchers', voucherId);
        if (!voucher) throw new AppError('NOT_FOUND', '检测券不存在');
        if (voucher.status === 'redeemed') throw new AppError('VOUCHER_ALREADY_REDEEMED', '检测券已核销，不能放弃');
        if (voucher.status !== 'issued') throw new AppError('VOUCHER_NOT_ISSUED', '检测券已失效');
        await t
          .collection('vouchers')
          .doc(voucherId)
          .update({ data: { status: 'void', voidReason: 'declined', updatedAt: db.serverDate() } });
        return { ...voucher, status: 'void' as const };
      },
      10,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'voucher.decline',
      targetType: 'voucher',
      targetId: voucherId,
      before: { status: 'issued' },
      after: { status: 'void', reason: 'declined' },
    });
    return voucherView(updated, 'holder');
  },
});
