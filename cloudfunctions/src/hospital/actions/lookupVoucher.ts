import { lookupVoucherInput } from '../../contract/hospital';
import { findById } from '../../runtime/db';
import { action } from '../../runtime/router';
import type { VoucherDoc } from '../../services/documents';
import { voucherView } from '../../services/views';
import { staffHospitalId, voucherIdFromPayload, publishedOrFail, assertNotOwn } from '../voucher-checks';

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
