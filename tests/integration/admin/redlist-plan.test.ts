import { planBounds } from '../../../cloudfunctions/src/admin/redlist/evaluate';

const groups = (...counts: number[]) => counts.map((n, i) => ({ _id: `U${String(i).padStart(3, '0')}`, n }));

/** How evaluateRedlist cuts the enterprises into batches (pure; no cloud needed). */
describe('planBounds', () => {
  test('cuts by record count without splitting an enterprise', () => {
    expect(planBounds(groups(4, 4, 4, 4), 10, 100)).toEqual(['U001', 'U003']);
    expect(planBounds(groups(3, 3, 3, 1), 10, 100)).toEqual(['U003']);
  });

  test('an enterprise with more records than a batch holds gets a batch of its own', () => {
    expect(planBounds(groups(2, 25, 2), 10, 100)).toEqual(['U000', 'U001', 'U002']);
  });

  test('cuts by enterprise count too, and covers every enterprise exactly once', () => {
    const g = groups(...Array.from({ length: 95 }, (_, i) => 1 + (i % 7)));
    const bounds = planBounds(g, 40, 10);
    expect(bounds[bounds.length - 1]).toBe('U094');
    let previous = '';
    for (const bound of bounds) {
      const batch = g.filter((x) => x._id > previous && x._id <= bound);
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(10);
      expect(batch.reduce((s, x) => s + x.n, 0)).toBeLessThanOrEqual(40);
      previous = bound;
    }
  });

  test('nothing to evaluate, no batches', () => {
    expect(planBounds([], 10, 10)).toEqual([]);
  });
});
