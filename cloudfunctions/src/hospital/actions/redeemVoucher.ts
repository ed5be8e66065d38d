import { redeemVoucherInput } from '../../contract/hospital';
import { SERVICE_TYPES } from '../../contract/voucher';
import { offsetOf } from '../../../../miniprogram/shared/vouchers';
import { findById } from '../../runtime/db';
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
 * Single use under any concurrency, in four database requests (the caller, the hospital, the voucher,
 * one write): the voucher is read and checked, then marked redeemed by an update conditional on its
 * status still being `issued`, which the database applies to one document atomically, so of many
 * simultaneous redeems exactly one matches. A redeem that matches nothing lost a race (or the voucher
 * changed meanwhile): the voucher is read again to say why. The redemption stored on the voucher
 * (hospital, staff, fee, offset, time) is its record; settlement reports and 核销记录 read it there.
 */
export const redeemVoucher = action({
  access: 'staff',
  input: redeemVoucherInput,
  async handler({ payload, serviceType, fee, note }, { caller, db, now }) {
    const hospitalId = staffHospitalId(caller);
    const voucherId = voucherIdFromPayload(payload);
    const [hospital, found] = await Promise.all([
      findById<HospitalDoc>(db, 'hospitals', hospitalId),
      findById<VoucherDoc>(db, 'vouchers', voucherId),
    ]);
    if (!hospital || !hospital.active) throw new AppError('FORBIDDEN', '所属产品医院未启用');
    if (!hospital.services.includes(serviceType)) {
      throw new AppError('VALIDATION_FAILED', `本院未开通“${SERVICE_TYPES[serviceType]}”服务`);
    }
    const check = (voucher: VoucherDoc | null): VoucherDoc => {
      const published = publishedOrFail(voucher);
      assertNotOwn(published, caller);
      assertUsable(published, now);
      if (!published.services.includes(serviceType)) {
        throw new AppError('VALIDATION_FAILED', `该检测券不能抵扣“${SERVICE_TYPES[serviceType]}”`);
      }
      return published;
    };
    const voucher = check(found);
    const redemption: RedemptionDoc = {
      hospitalId,
      hospitalName: hospital.name,
      serviceType,
      fee,
      offset: offsetOf(voucher.faceValue, fee).offset,
      staffOpenid: caller.openid!,
      note,
      redeemedAt: now,
    };
    const reply = (await db
      .collection('vouchers')
      .where({ _id: voucherId, status: 'issued' })
      .update({ data: { status: 'redeemed', redemption, updatedAt: now } })) as { stats?: { updated?: number } };
    if (reply.stats?.updated !== 1) {
      // Lost the race: the fresh document says why (already redeemed, expired, void).
      check(await findById<VoucherDoc>(db, 'vouchers', voucherId));
      throw new AppError('VOUCHER_ALREADY_REDEEMED', '该检测券已核销，不能重复使用');
    }
    return voucherView({ ...voucher, status: 'redeemed', redemption }, 'staff');
  },
});
