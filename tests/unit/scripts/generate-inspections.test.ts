/**
 * The demo generator draws sampling results from the same product categories the help desk offers
 * (experts declare them, enterprises pick one for a case), so a failed sampling's category is always
 * one a case can be opened in.
 */
import { PRODUCT_CATEGORIES } from '../../../miniprogram/shared/product-categories';
import { CATEGORIES, generateDataset } from '../../../scripts/generate-inspections';

test('the generator has exactly the shared product categories, each once, in the same order', () => {
  expect(CATEGORIES.map((c) => c.name)).toEqual([...PRODUCT_CATEGORIES]);
});

test('every generated inspection carries one of the shared categories', () => {
  const data = generateDataset({ enterprises: 300, seed: 'categories-test', asOf: '2026-06-30' });
  const used = new Set(data.inspections.map((i) => i.productCategory));
  expect(used.size).toBeGreaterThan(5);
  for (const category of used) expect(PRODUCT_CATEGORIES).toContain(category);
});
