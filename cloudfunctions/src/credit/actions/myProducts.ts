import { pageInput } from '../../contract/credit';
import { fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { ownUploadFolder } from '../../services/files';
import { PRODUCTS, type ProductDoc } from '../documents';
import { verifiedMaker } from '../makers';
import { photoLinks, productView } from '../views';

const PAGE_SIZE = 20;

/** Enterprises: their registered products, newest first. */
export const myProducts = action({
  access: 'user',
  userRecord: 'not read',
  input: pageInput,
  async handler({ page }, { caller, db }) {
    const maker = await verifiedMaker(db, caller);
    const { docs, total } = await fetchPage<ProductDoc>(
      db.collection(PRODUCTS).where({ uscc: maker._id }),
      [
        ['createdAt', 'desc'],
        ['_id', 'asc'],
      ],
      page,
      PAGE_SIZE,
    );
    const links = await photoLinks(docs);
    return {
      items: docs.map((d) => productView(d, links)),
      page,
      pageSize: PAGE_SIZE,
      total,
      enterpriseName: maker.name,
      uploadFolder: ownUploadFolder('credit-photos', caller.openid!),
    };
  },
});
