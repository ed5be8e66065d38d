import { lookupVoucherInput, myRedemptionsInput, redeemVoucherInput } from '../../contract/hospital';
import { SERVICE_TYPES } from '../../contract/voucher';
import { offsetOf } from '../../../../miniprogram/shared/vouchers';
import { audit } from '../../runtime/audit';
import { fetchPage, findById, runInTransaction, txGet } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type Caller } from '../../runtime/router';
import { personApplicantKey } from '../../runtime/secrets';
import type { HospitalDoc, RedemptionDoc, VoucherDoc } from '../../services/documents';
import { verifyQrPayload } from '../../services/voucher-codes';
import { isPublished } from '../../services/vouchers';
import { voucherView } from '../../services/views';

function staffHospitalId(caller: Caller): string {
  const hospitalId = caller.user?.roles?.includes('staff') ? caller.user.hospitalId : undefined;
  if (!hospitalId) throw new AppError('FORBIDDEN', '需要产品医院工作人员权限');
  return hospitalId;
}

function voucherIdFromPayload(payload: string): string {
  const voucherId = verifyQrPayload(payload);
  if (!voucherId) throw new AppError('VOUCHER_INVALID', '券码无效或已被篡改，请让持券人出示小程序中的检测券二维码');
  return voucherId;
}

/** A voucher whose draw is not published yet is, to staff, a voucher that does not exist. */
function publishedOrFail(voucher: VoucherDoc | null): VoucherDoc {
  if (!voucher || !isPublished(voucher)) throw new AppError('VOUCHER_INVALID', '检测券不存在');
  return voucher;
}

/**
 * Staff never redeem for themselves: not a voucher they hold (on this or another WeChat account with
 * the same verified phone), nor one held by the enterprise they are bound to.
 */
function assertNotOwn(voucher: VoucherDoc, caller: Caller): void {
  const user = caller.user;
  const own =
    voucher.holderOpenid === caller.openid ||
    (!!user?.enterpriseUscc && voucher.holderKey === user.enterpriseUscc) ||
    (!!user?.phoneKey && voucher.holderKey === personApplicantKey(voucher.campaignId, user.phoneKey));
  if (own) {
    throw new AppError('VOUCHER_SELF_REDEEM', '不能核销本人或本人所在企业持有的检测券，请由本院其他工作人员核销');
  }
}

function assertUsable(voucher: VoucherDoc, now: Date): void {
  if (voucher.status === 'redeemed') throw new AppError('VOUCHER_ALREADY_REDEEMED', '该检测券已核销，不能重复使用');
  if (voucher.status === 'expired' || (voucher.status === 'issued' && new Date(voucher.validUntil) < now)) {
    throw new AppError('VOUCHER_EXPIRED', `该检测券已于 ${voucher.validUntilDate} 过期`);
  }
  if (voucher.status !== 'issued') throw new AppError('VOUCHER_NOT_ISSUED', '该检测券已作废');
}

export const lookupVoucher = action({
  access: 'staff',
  input: lookupVoucherInput,
  async handler({ payload }, { caller, db }) {
    staffHospitalId(caller);
    const voucher = publishedOrFail(await findById<VoucherDoc>(db, 'vouchers', voucherIdFromPayload(payload)));
    assertNotOwn(voucher, caller);
    return voucherView(voucher, 'staff');
  },
});

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

const PAGE_SIZE = 20;

export const myRedemptions = action({
  access: 'staff',
  input: myRedemptionsInput,
  async handler({ page }, { caller, db }) {
    const hospitalId = staffHospitalId(caller);
    const query = db.collection('vouchers').where({ 'redemption.hospitalId': hospitalId, status: 'redeemed' });
    const { docs, total } = await fetchPage<VoucherDoc>(query, [['redemption.redeemedAt', 'desc']], page, PAGE_SIZE);
    return { items: await Promise.all(docs.map((d) => voucherView(d, 'staff'))), page, pageSize: PAGE_SIZE, total };
  },
});
