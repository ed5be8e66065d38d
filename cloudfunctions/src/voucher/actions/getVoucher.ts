import { voucherIdInput } from '../../contract/voucher';
import { action } from '../../runtime/router';
import { voucherView } from '../../services/views';
import { ownVoucher } from '../mine';

export const getVoucher = action({
  access: 'user',
  userRecord: 'not read',
  input: voucherIdInput,
  async handler({ voucherId }, { caller, db }) {
    return voucherView(await ownVoucher(db, voucherId, caller.openid!), 'holder');
  },
});
