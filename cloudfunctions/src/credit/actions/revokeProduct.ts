import { revokeProductInput } from '../../contract/credit';
import { audit } from '../../runtime/audit';
import { runInTransaction, txGet } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { PRODUCTS, type ProductDoc } from '../documents';
import { adminProductView, photoLinks } from '../views';

/**
 * Admins: revokes a product's codes (after a failed sampling, a fake certificate …). Every scan of any of
 * its codes then warns with the reason; the enterprise can no longer edit it or issue codes for it.
 */
export const revokeProduct = action({
  access: 'admin',
  input: revokeProductInput,
  async handler({ productId, reason }, { caller, db, now }) {
    const after = await runInTransaction(db, async (t) => {
      const product = await txGet<ProductDoc>(t, PRODUCTS, productId);
      if (!product) throw new AppError('NOT_FOUND', '产品不存在');
      if (product.status === 'revoked')
        throw new AppError('CONFLICT', `此产品的信用码已于此前撤销：${product.revokedReason}`);
      const change = { status: 'revoked' as const, revokedReason: reason, revokedAt: now, updatedAt: now };
      await t.collection(PRODUCTS).doc(productId).update({ data: change });
      await audit(t, db, {
        actor: caller.actor,
        action: 'credit.revokeProduct',
        targetType: 'credit_product',
        targetId: productId,
        before: { status: product.status },
        after: { status: 'revoked', reason },
      });
      return { ...product, ...change };
    });
    return adminProductView(after, await photoLinks([after]));
  },
});
