import { detailInput, type RedlistDetailView } from '../../contract/redlist';
import { list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { entryView, rowId, TIER_LABEL, type RedlistRowDoc } from '../../services/redlist';
import { publishedVersions } from '../../services/redlist-versions';

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
