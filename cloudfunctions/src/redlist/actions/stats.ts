import { statsInput, type RedlistStatsView } from '../../contract/redlist';
import { UNKNOWN_CITY } from '../../core/redlist/diff';
import { GUANGDONG_CITIES } from '../../core/uscc';
import { action } from '../../runtime/router';
import { tierCountsView, versionView } from '../../services/redlist';
import { resolveVersion } from '../../services/redlist-versions';

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
