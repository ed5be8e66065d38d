import { listCampaignsInput } from '../../contract/voucher';
import { fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import type { VoucherDoc } from '../../services/documents';
import { holderVouchersWhere } from '../../services/vouchers';
import { voucherView } from '../../services/views';
import { PAGE_SIZE } from '../mine';

export const myVouchers = action({
  access: 'user',
  userRecord: 'not read',
  input: listCampaignsInput,
  async handler({ page }, { caller, db }) {
    // Only vouchers of published campaigns: the draw writes them before the results are public.
    const query = db.collection('vouchers').where(holderVouchersWhere(caller.openid!));
    const { docs, total } = await fetchPage<VoucherDoc>(query, [['validUntil', 'asc']], page, PAGE_SIZE);
    return { items: await Promise.all(docs.map((d) => voucherView(d, 'holder'))), page, pageSize: PAGE_SIZE, total };
  },
});
