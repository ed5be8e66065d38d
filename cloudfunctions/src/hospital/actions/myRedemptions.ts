import { myRedemptionsInput } from '../../contract/hospital';
import { fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import type { VoucherDoc } from '../../services/documents';
import { voucherView } from '../../services/views';
import { staffHospitalId } from '../voucher-checks';

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
