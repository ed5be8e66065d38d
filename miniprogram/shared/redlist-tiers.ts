/**
 * The red list's tiers (REDLIST.md): codes, names and the consecutive clean years each needs. The
 * evaluation (cloudfunctions/src/core/redlist) ranks with them; the pages explain and filter by them.
 */

/** Highest first. */
export const TIERS = ['ten', 'five', 'three'] as const;
export type Tier = (typeof TIERS)[number];
/** Minimum clean years per tier. */
export const TIER_MIN_YEARS: Readonly<Record<Tier, number>> = { ten: 10, five: 5, three: 3 };
export const TIER_LABELS: Readonly<Record<Tier, string>> = { ten: '十年榜', five: '五年榜', three: '三年榜' };

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}
