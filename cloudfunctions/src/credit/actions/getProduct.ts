import { productIdInput } from '../../contract/credit';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { ISSUANCES, type IssuanceDoc } from '../documents';
import { ownProduct } from '../makers';
import { issuanceView, photoLinks, productView } from '../views';

/** Issues shown on a product's page, newest first. */
const ISSUES_SHOWN = 50;

/** Enterprises: one of their products with its issues. */
export const getProduct = action({
  access: 'user',
  userRecord: 'not read',
  input: productIdInput,
  async handler({ productId }, { caller, db }) {
    const { maker, product } = await ownProduct(db, caller, productId);
    const [issuances, links] = await Promise.all([
      list<IssuanceDoc>(db.collection(ISSUANCES).where({ productId }).orderBy('createdAt', 'desc').limit(ISSUES_SHOWN)),
      photoLinks([product]),
    ]);
    return { ...productView(product, links), enterpriseName: maker.name, issuances: issuances.map(issuanceView) };
  },
});
