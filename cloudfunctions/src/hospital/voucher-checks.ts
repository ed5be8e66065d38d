import { AppError } from '../runtime/errors';
import { type Caller } from '../runtime/router';
import { personApplicantKey } from '../runtime/secrets';
import type { VoucherDoc } from '../services/documents';
import { verifyQrPayload } from '../services/voucher-codes';
import { isPublished } from '../services/vouchers';

export function staffHospitalId(caller: Caller): string {
  const hospitalId = caller.user?.roles?.includes('staff') ? caller.user.hospitalId : undefined;
  if (!hospitalId) throw new AppError('FORBIDDEN', '需要产品医院工作人员权限');
  return hospitalId;
}

export function voucherIdFromPayload(payload: string): string {
  const voucherId = verifyQrPayload(payload);
  if (!voucherId) throw new AppError('VOUCHER_INVALID', '券码无效或已被篡改，请让持券人出示小程序中的检测券二维码');
  return voucherId;
}

/** A voucher whose draw is not published yet is, to staff, a voucher that does not exist. */
export function publishedOrFail(voucher: VoucherDoc | null): VoucherDoc {
  if (!voucher || !isPublished(voucher)) throw new AppError('VOUCHER_INVALID', '检测券不存在');
  return voucher;
}

/**
 * Staff never redeem for themselves: not a voucher they hold (on this or another WeChat account with
 * the same verified phone), nor one held by the enterprise they are bound to.
 */
export function assertNotOwn(voucher: VoucherDoc, caller: Caller): void {
  const user = caller.user;
  const own =
    voucher.holderOpenid === caller.openid ||
    (!!user?.enterpriseUscc && voucher.holderKey === user.enterpriseUscc) ||
    (!!user?.phoneKey && voucher.holderKey === personApplicantKey(voucher.campaignId, user.phoneKey));
  if (own) {
    throw new AppError('VOUCHER_SELF_REDEEM', '不能核销本人或本人所在企业持有的检测券，请由本院其他工作人员核销');
  }
}
