import { scanStatsInput } from '../../contract/credit';
import { action } from '../../runtime/router';
import { ownProduct, verifiedMaker } from '../makers';
import { scanStatsOf } from '../stats';

/** Enterprises: scans of their products per day and city (counts only: scanners stay anonymous). */
export const scanStats = action({
  access: 'user',
  userRecord: 'not read',
  input: scanStatsInput,
  async handler({ productId }, { caller, db, now }) {
    const maker = productId ? (await ownProduct(db, caller, productId)).maker : await verifiedMaker(db, caller);
    return scanStatsOf(db, maker._id, productId, now);
  },
});
