/**
 * `listExperts` (admin): the 专家库, filtered by product category, discipline, city and a keyword (part
 * of the name or the institution), in 专家编号 order, a page at a time. Bound users show masked.
 */
import { listExpertsInput, type ExpertAdminView } from '../../contract/helpdesk';
import type { Paged } from '../../contract/common';
import { anyFieldContains, fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { EXPERTS, type ExpertDoc } from '../documents';
import { expertAdminViewOf } from '../experts';

export const EXPERTS_PAGE_SIZE = 20;

export const listExperts = action({
  access: 'admin',
  input: listExpertsInput,
  async handler({ productCategory, discipline, city, keyword, page }, { db }): Promise<Paged<ExpertAdminView>> {
    const _ = db.command;
    const where: Record<string, unknown> = {};
    // An array field matches when it holds the value.
    if (productCategory) where.productCategories = productCategory;
    if (discipline) where.disciplines = discipline;
    if (city) where.city = city;
    const text = keyword?.trim();
    const query = text ? _.and([where, anyFieldContains(db, ['name', 'institution'], text)]) : where;
    const { docs, total } = await fetchPage<ExpertDoc>(
      db.collection(EXPERTS).where(query),
      [['_id', 'asc']],
      page,
      EXPERTS_PAGE_SIZE,
    );
    return { items: docs.map(expertAdminViewOf), page, pageSize: EXPERTS_PAGE_SIZE, total };
  },
});
