import type { HospitalApi } from '../contract/hospital';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { getScreening, screeningQueue, updateScreening } from './actions/screening';
import { settlementReport } from './actions/settlement';
import { lookupVoucher, myRedemptions, redeemVoucher } from './actions/vouchers';

/** `hospital`: product-hospital staff — voucher redemption and the cable quick-screen queue. */
export const main = createFunction({
  lookupVoucher,
  redeemVoucher,
  myRedemptions,
  settlementReport,
  screeningQueue,
  getScreening,
  updateScreening,
} satisfies ActionTableFor<HospitalApi>);
