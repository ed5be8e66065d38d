import type { HospitalApi } from '../contract/hospital';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { getScreening } from './actions/getScreening';
import { lookupVoucher } from './actions/lookupVoucher';
import { myRedemptions } from './actions/myRedemptions';
import { redeemVoucher } from './actions/redeemVoucher';
import { screeningQueue } from './actions/screeningQueue';
import { settlementReport } from './actions/settlementReport';
import { updateScreening } from './actions/updateScreening';

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
