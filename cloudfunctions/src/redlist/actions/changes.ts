import { changesInput } from '../../contract/redlist';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { changeRowView, type ChangeRow, type RedlistVersionDoc } from '../../services/redlist';
import { resolveVersion } from '../../services/redlist-versions';

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
