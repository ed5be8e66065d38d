import { adminProductsInput } from '../../contract/credit';
import { anyFieldContains, fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { PRODUCTS, type ProductDoc } from '../documents';
import { adminProductView, photoLinks } from '../views';

const PAGE_SIZE = 20;

/** Admins: products by category, maker's city, status and a name fragment (product, brand or maker). */
export const adminProducts = action({
  access: 'admin',
  input: adminProductsInput,
  async handler({ category, city, status, keyword, page }, { db }) {
    const _ = db.command;
    const where = _.and([
      category ? { category } : {},
      city ? { enterpriseCity: city } : {},
      status ? { status } : {},
      keyword ? anyFieldContains(db, ['name', 'brand', 'enterpriseName', 'uscc'], keyword) : {},
    ]);
    const { docs, total } = await fetchPage<ProductDoc>(
      db.collection(PRODUCTS).where(where),
      [
        ['createdAt', 'desc'],
        ['_id', 'asc'],
      ],
      page,
      PAGE_SIZE,
    );
    const links = await photoLinks(docs);
    return { items: docs.map((d) => adminProductView(d, links)), page, pageSize: PAGE_SIZE, total };
  },
});
