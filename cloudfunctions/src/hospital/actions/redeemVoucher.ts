import { redeemVoucherInput } from '../../contract/hospital';
import { SERVICE_TYPES } from '../../contract/voucher';
import { offsetOf } from '../../../../miniprogram/shared/vouchers';
import { audit } from '../../runtime/audit';
import { findById, runInTransaction, txGet } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import type { HospitalDoc, RedemptionDoc, VoucherDoc } from '../../services/documents';
import { voucherView } from '../../services/views';
import { staffHospitalId, voucherIdFromPayload, publishedOrFail, assertNotOwn } from '../voucher-checks';

function assertUsable(voucher: VoucherDoc, now: Date): void {
  if (voucher.status === 'redeemed') throw new AppError('VOUCHER_ALREADY_REDEEMED', '该检测券已核销，不能重复使用');
  if (voucher.status === 'expired' || (voucher.status === 'issued' && new Date(voucher.validUntil) < now)) {
    throw new AppError('VOUCHER_EXPIRED', `该检测券已于 ${voucher.validUntilDate} 过期`);
  }
  if (voucher.status !== 'issued') throw new AppError('VOUCHER_NOT_ISSUED', '该检测券已作废');
}

/**
 * Single use under any concurrency: the status check and the update run in one transaction on the
 * voucher document, so of many simultaneous redeems exactly one commits.
 */
export const redeemVoucher = action({
  access: 'staff',
  input: redeemVoucherInput,
  async handler({ payload, serviceType, fee, note }, { caller, db }) {
    const hospitalId = staffHospitalId(caller);
    const voucherId = voucherIdFromPayload(payload);
    const hospital = await findById<HospitalDoc>(db, 'hospitals', hospitalId);
    if (!hospital || !hospital.active) throw new AppError('FORBIDDEN', '所属产品医院未启用');
    if (!hospital.services.includes(serviceType)) {
      throw new AppError('VALIDATION_FAILED', `本院未开通“${SERVICE_TYPES[serviceType]}”服务`);
    }
    const redeemed = await runInTransaction(
      db,
      async (t: any) => {
        // Checked on the document this transaction commits against, so neither gate can be raced.
        const voucher = publishedOrFail(await txGet<VoucherDoc>(t, 'vouchers', voucherId));
        assertNotOwn(voucher, caller);
        assertUsable(voucher, new Date());
        if (!voucher.services.includes(serviceType)) {
          throw new AppError('VALIDATION_FAILED', `该检测券不能抵扣“${SERVICE_TYPES[serviceType]}”`);
        }
        const redemption: RedemptionDoc = {
          hospitalId,
          hospitalName: hospital.name,
          serviceType,
          fee,
          offset: offsetOf(voucher.faceValue, fee).offset,
          staffOpenid: caller.openid!,
          note,
          redeemedAt: new Date(),
        };
        await t
          .collection('vouchers')
          .doc(voucherId)
          .update({ data: { status: 'redeemed', redemption, updatedAt: new Date() } });
        return { ...voucher, status: 'redeemed' as const, redemption };
      },
      10,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'hospital.redeemVoucher',
      targetType: 'voucher',
      targetId: voucherId,
      before: { status: 'issued' },
      after: { status: 'redeemed', hospitalId, fee, offset: redeemed.redemption.offset },
    });
    return voucherView(redeemed, 'staff');
  },
});
