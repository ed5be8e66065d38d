import { searchInput, type RedlistSearchView } from '../../contract/redlist';
import { normalizeName } from '../../core/redlist/normalize';
import { usccInQuery } from '../../core/uscc';
import { containsText, count, list } from '../../runtime/db';
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

    const query = db.collection('redlist').where(where);
    const rows = await list<RedlistRowDoc>(
      query
        .orderBy('sortKey', 'asc')
        .orderBy('uscc', 'asc')
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .field(ENTRY_FIELDS),
    );
    // The total without a second query where it is known: a USCC matches one row at most, the version's
    // counts hold every tier-and-city total, and a first page that is not full is the whole result.
    const total = uscc
      ? rows.length
      : (countedTotal(version, counted ? { tier: input.tier, city: input.city } : null) ??
        (page === 1 && rows.length < pageSize ? rows.length : await count(query)));
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
