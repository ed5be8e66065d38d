import { issueCodesInput } from '../../contract/credit';
import { audit } from '../../runtime/audit';
import { findById, isDuplicateKeyError } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { ISSUANCES, type IssuanceDoc } from '../documents';
import { advanceIssue, issuanceIdFor } from '../issue';
import { ownProduct } from '../makers';
import { issuanceView } from '../views';

/**
 * Enterprises: issues codes for a product, one batch code or up to 100,000 serial codes, and makes as many
 * as one call's budget allows; the page calls continueIssue while the answer says `issuing`. The issue's id
 * comes from the request id, so a repeated request (double tap, retry) answers the same issue.
 */
export const issueCodes = action({
  access: 'user',
  userRecord: 'not read',
  input: issueCodesInput,
  async handler(input, { caller, db, now }) {
    const { maker, product } = await ownProduct(db, caller, input.productId);
    if (product.status === 'revoked') {
      throw new AppError('PRODUCT_REVOKED', `此产品的信用码已被撤销（${product.revokedReason ?? ''}），不能再赋码`);
    }
    const issuanceId = issuanceIdFor(maker._id, input.clientRequestId);
    const doc: IssuanceDoc = {
      _id: issuanceId,
      productId: product._id,
      uscc: maker._id,
      kind: input.kind,
      batchNo: input.batchNo,
      productionDate: input.productionDate,
      quantity: input.quantity,
      codeCount: input.kind === 'batch' ? 1 : input.quantity,
      issuedCount: 0,
      status: 'issuing',
      leaseUntil: 0,
      leaseHolder: null,
      firstCode: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await db.collection(ISSUANCES).add({ data: doc });
      await audit(db, db, {
        actor: caller.actor,
        action: 'credit.issueCodes',
        targetType: 'credit_product',
        targetId: product._id,
        after: { issuanceId, kind: doc.kind, batchNo: doc.batchNo, codeCount: doc.codeCount },
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const first = await findById<IssuanceDoc>(db, ISSUANCES, issuanceId);
      if (first?.productId !== product._id) throw new AppError('CONFLICT', '请求编号已用于另一次赋码，请刷新后重试');
    }
    const issue = await advanceIssue(db, issuanceId);
    return issuanceView(issue!);
  },
});
