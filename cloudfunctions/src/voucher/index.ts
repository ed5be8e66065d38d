import type { VoucherApi } from '../contract/voucher';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { apply } from './actions/apply';
import { getCampaign, listCampaigns, listHospitals } from './actions/campaigns';
import { declineVoucher, getVoucher, myApplications, myVouchers } from './actions/mine';
import { drawRecord, results } from './actions/results';
import { withdraw } from './actions/withdraw';

/** `voucher`: testing-voucher campaigns for applicants (and the public results). */
export const main = createFunction({
  listCampaigns,
  getCampaign,
  apply,
  withdraw,
  myApplications,
  myVouchers,
  getVoucher,
  declineVoucher,
  results,
  drawRecord,
  listHospitals,
} satisfies ActionTableFor<VoucherApi>);
