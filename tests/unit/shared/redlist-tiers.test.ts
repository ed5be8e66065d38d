/** The red list's tiers (miniprogram/shared/redlist-tiers.ts, REDLIST.md). */
import { tierSchema } from '../../../cloudfunctions/src/contract/redlist';
import { TIER_LABELS, TIER_MIN_YEARS, TIERS, isTier } from '../../../miniprogram/shared/redlist-tiers';

test('three tiers, highest first, by consecutive clean years', () => {
  expect(TIERS.map((t) => [t, TIER_LABELS[t], TIER_MIN_YEARS[t]])).toEqual([
    ['ten', '十年榜', 10],
    ['five', '五年榜', 5],
    ['three', '三年榜', 3],
  ]);
});

test('isTier takes exactly the codes, as the server does', () => {
  for (const value of ['ten', 'five', 'three', 'TEN', 'four', '', undefined, 10, 'toString']) {
    expect(isTier(value)).toBe(tierSchema.safeParse(value).success);
  }
  expect(isTier('five')).toBe(true);
  expect(isTier('toString')).toBe(false);
});
