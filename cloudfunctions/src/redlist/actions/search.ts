import { searchInput, type RedlistSearchView } from '../../contract/redlist';
import { normalizeName } from '../../core/redlist/normalize';
import { usccInQuery } from '../../core/uscc';
import { containsText, list, pageWithTotal } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { entryView, type RedlistRowDoc, type RedlistVersionDoc } from '../../services/redlist';
import type { Tier } from '../../core/redlist/types';
import { resolveVersion } from '../../services/redlist-versions';

/**
 * List fields: what entryView reads (the per-year-and-level table, the keys, the order and when the
 * evaluation wrote the row are not shown).
 */
const ENTRY_FIELDS = {
  _id: false,
  sortKey: false,
  createdAt: false,
  inspectionsByYearLevel: false,
  searchKey: false,
  nameKey: false,
} as const;

/**
 * Of the version, what a search reads: its name and date, and its counts when they give the total. The
 * counts by city and the categories are most of a version's summary, read by every search otherwise.
 */
const VERSION_FIELDS = { version: true, asOf: true } as const;
const VERSION_FIELDS_WITH_COUNTS = { ...VERSION_FIELDS, counts: true } as const;

/** The version's own count of rows of a tier and/or city (no filter: all of them); null when unknown. */
function countedTotal(version: RedlistVersionDoc, filter: { tier?: Tier; city?: string } | null): number | null {
  const counts = version.counts;
  if (!filter || !counts) return null;
  if (filter.city) {
    const city = counts.byCity[filter.city];
    if (!city) return null;
    return filter.tier ? city[filter.tier] : city.total;
  }
  return filter.tier ? counts.byTier[filter.tier] : counts.total;
}

export const search = action({
  access: 'public',
  input: searchInput,
  async handler(input, { db }): Promise<RedlistSearchView> {
    const { page, pageSize } = input;
    let uscc = input.uscc;
    let fragment = input.q ?? '';
    // One search box: an 18-character code is a USCC, checked like one.
    const check = uscc ? null : usccInQuery(fragment);
    if (check?.ok) {
      uscc = check.uscc;
      fragment = '';
    }
    const key = fragment ? normalizeName(fragment) : '';
    const counted = !uscc && !key && !input.category;
    const version = await resolveVersion(db, input.version, counted ? VERSION_FIELDS_WITH_COUNTS : VERSION_FIELDS);
    // After the version, as before: with nothing published, any search answers that first.
    if (check && !check.ok) throw new AppError('VALIDATION_FAILED', `统一社会信用代码无效：${check.reason}`);
    const where: Record<string, unknown> = { version: version.version };
    if (uscc) where.uscc = uscc;
    if (key) where.searchKey = containsText(db, key, '');
    if (input.tier) where.tier = input.tier;
    if (input.city) where.city = input.city;
    if (input.category) where.categories = input.category;

    const order = { sortKey: 1, uscc: 1 } as const;
    const skip = (page - 1) * pageSize;
    // The total without counting where it is known: a USCC matches one row at most, and the version's
    // counts hold every tier-and-city total. Otherwise the count comes with the page, in the same request.
    const knownTotal = uscc ? 'page' : countedTotal(version, counted ? { tier: input.tier, city: input.city } : null);
    let rows: RedlistRowDoc[];
    let total: number;
    if (knownTotal === null) {
      ({ docs: rows, total } = await pageWithTotal<RedlistRowDoc>(db, 'redlist', where, {
        order,
        skip,
        limit: pageSize,
        fields: ENTRY_FIELDS,
      }));
    } else {
      rows = await list<RedlistRowDoc>(
        db
          .collection('redlist')
          .where(where)
          .orderBy('sortKey', 'asc')
          .orderBy('uscc', 'asc')
          .skip(skip)
          .limit(pageSize)
          .field(ENTRY_FIELDS),
      );
      total = knownTotal === 'page' ? rows.length : knownTotal;
    }
    return {
      items: rows.map(entryView),
      page,
      pageSize,
      total,
      version: version.version,
      asOf: version.asOf,
    };
  },
});
