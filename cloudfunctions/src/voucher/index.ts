import type { VoucherApi } from '../contract/voucher';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { apply } from './actions/apply';
import { declineVoucher } from './actions/declineVoucher';
import { drawRecord } from './actions/drawRecord';
import { getCampaign } from './actions/getCampaign';
import { getVoucher } from './actions/getVoucher';
import { listCampaigns } from './actions/listCampaigns';
import { listHospitals } from './actions/listHospitals';
import { liveFigures } from './actions/liveFigures';
import { myApplications } from './actions/myApplications';
import { myResults } from './actions/myResults';
import { myVouchers } from './actions/myVouchers';
import { results } from './actions/results';
import { searchResults } from './actions/searchResults';
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
  searchResults,
  myResults,
  listHospitals,
  liveFigures,
} satisfies ActionTableFor<VoucherApi>);
