import {
  changesInput,
  detailInput,
  searchInput,
  statsInput,
  versionsInput,
  type RedlistDetailView,
  type RedlistSearchView,
  type RedlistStatsView,
} from '../contract/redlist';
import { UNKNOWN_CITY } from '../core/redlist/diff';
import { normalizeName } from '../core/redlist/normalize';
import { GUANGDONG_CITIES, usccInQuery } from '../core/uscc';
import { count, list } from '../runtime/db';
import { AppError } from '../runtime/errors';
import { action } from '../runtime/router';
import {
  changeRowView,
  entryView,
  rowId,
  TIER_LABEL,
  tierCountsView,
  versionView,
  type ChangeRow,
  type RedlistRowDoc,
  type RedlistVersionDoc,
} from '../services/redlist';
import { publishedVersions, resolveVersion } from '../services/redlist-versions';

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** List fields: the per-year-and-level table and the search keys are only needed elsewhere. */
const ENTRY_FIELDS = { inspectionsByYearLevel: false, searchKey: false, nameKey: false } as const;

export const search = action({
  access: 'public',
  input: searchInput,
  async handler(input, { db }): Promise<RedlistSearchView> {
    const { page, pageSize } = input;
    const version = await resolveVersion(db, input.version);
    const where: Record<string, unknown> = { version: version.version };
    let uscc = input.uscc;
    let fragment = input.q ?? '';
    // One search box: an 18-character code is a USCC, checked like one.
    const check = uscc ? null : usccInQuery(fragment);
    if (check) {
      if (!check.ok) throw new AppError('VALIDATION_FAILED', `统一社会信用代码无效：${check.reason}`);
      uscc = check.uscc;
      fragment = '';
    }
    if (uscc) where.uscc = uscc;
    const key = fragment ? normalizeName(fragment) : '';
    if (key) where.searchKey = db.RegExp({ regexp: key.replace(REGEX_SPECIAL, '\\$&'), options: '' });
    if (input.tier) where.tier = input.tier;
    if (input.city) where.city = input.city;
    if (input.category) where.categories = input.category;

    const query = db.collection('redlist').where(where);
    const [rows, total] = await Promise.all([
      list<RedlistRowDoc>(
        query
          .orderBy('sortKey', 'asc')
          .orderBy('uscc', 'asc')
          .skip((page - 1) * pageSize)
          .limit(pageSize)
          .field(ENTRY_FIELDS),
      ),
      uscc ? Promise.resolve(-1) : count(query),
    ]);
    return {
      items: rows.map(entryView),
      page,
      pageSize,
      // A USCC matches at most one row: no second query for the total.
      total: total === -1 ? rows.length : total,
      version: version.version,
      asOf: version.asOf,
    };
  },
});

export const detail = action({
  access: 'public',
  input: detailInput,
  async handler({ uscc, version: requested }, { db }): Promise<RedlistDetailView> {
    const versions = await publishedVersions(db);
    const version = requested ? versions.find((v) => v.version === requested) : versions[0];
    if (!version) throw new AppError('NOT_FOUND', requested ? `${requested} 期红榜不存在或尚未发布` : '红榜尚未发布');
    const _ = db.command;
    // Every published version's row of this enterprise in one indexed read: the detail and its history.
    const rows = await list<RedlistRowDoc>(
      db
        .collection('redlist')
        .where({ _id: _.in(versions.map((v) => rowId(v.version, uscc))) })
        .field({ searchKey: false, nameKey: false })
        .limit(100),
    );
    const tiers = new Map(rows.map((r) => [r.version, r.tier]));
    const row = rows.find((r) => r.version === version.version);
    if (!row) throw new AppError('NOT_FOUND', `该企业未列入 ${version.version} 期红榜（评估日期 ${version.asOf}）`);
    return {
      ...entryView(row),
      inspectionsByYearLevel: row.inspectionsByYearLevel ?? [],
      publishedAt: version.publishedAt ? new Date(version.publishedAt).toISOString() : null,
      history: versions.map((v) => {
        const tier = tiers.get(v.version) ?? null;
        return { version: v.version, asOf: v.asOf, tier, tierLabel: tier ? TIER_LABEL[tier] : null };
      }),
    };
  },
});

export const versions = action({
  access: 'public',
  input: versionsInput,
  async handler(_input, { db }) {
    return (await publishedVersions(db)).map(versionView);
  },
});

export const stats = action({
  access: 'public',
  input: statsInput,
  async handler({ version: requested }, { db }): Promise<RedlistStatsView> {
    const version = await resolveVersion(db, requested);
    const byCity = version.counts?.byCity ?? {};
    const cities = GUANGDONG_CITIES.map((c) => ({ city: c.name, ...tierCountsView(byCity[c.name]) }));
    if (byCity[UNKNOWN_CITY]?.total) cities.push({ city: UNKNOWN_CITY, ...tierCountsView(byCity[UNKNOWN_CITY]) });
    return {
      ...versionView(version),
      byCity: cities,
      categories: Object.entries(version.categories ?? {})
        .map(([category, n]) => ({ category, count: n }))
        .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1)),
    };
  },
});

export const changes = action({
  access: 'public',
  input: changesInput,
  async handler({ version: requested, kind, page, pageSize }, { db }) {
    const summary = await resolveVersion(db, requested);
    const [doc] = await list<RedlistVersionDoc>(
      db
        .collection('redlist_versions')
        .where({ _id: summary.version })
        .field({ [kind]: true, previousVersion: true, changes: true })
        .limit(1),
    );
    const all: ChangeRow[] = doc?.[kind] ?? [];
    const c = doc?.changes;
    const totals = { entries: c?.entries, exits: c?.exits, tierChanges: c && c.tierUp + c.tierDown };
    return {
      items: all.slice((page - 1) * pageSize, page * pageSize).map(changeRowView),
      page,
      pageSize,
      total: totals[kind] ?? all.length,
      version: summary.version,
      previousVersion: doc?.previousVersion ?? null,
      kind,
    };
  },
});
