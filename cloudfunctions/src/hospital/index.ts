import type { HospitalApi } from '../contract/voucher';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { settlementReport } from './actions/settlement';
import { lookupVoucher, myRedemptions, redeemVoucher } from './actions/vouchers';

/** `hospital`: product-hospital staff — voucher redemption (and, later, the screening queue). */
export const main = createFunction({
  lookupVoucher,
  redeemVoucher,
  myRedemptions,
  settlementReport,
} satisfies ActionTableFor<HospitalApi>);
