import { latestPublishedVersion, SUMMARY_FIELDS } from '../../services/redlist-versions';
import { warningListInput, type WarningListView } from '../../contract/redlist';
import { DEFAULT_WARNING_RULE } from '../../core/redlist/warnings';
import { fetchPage, list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { warningView, type RedlistVersionDoc, type WarningDoc } from '../../services/redlist';

/** 警示名单: admins only until the regulator publishes its rule. */
export const warningList = action({
  access: 'admin',
  input: warningListInput,
  async handler({ version, page, pageSize }, { db }): Promise<WarningListView> {
    const [doc] = version
      ? await list<RedlistVersionDoc>(
          db.collection('redlist_versions').where({ _id: version }).field(SUMMARY_FIELDS).limit(1),
        )
      : [await latestPublishedVersion(db)];
    if (!doc || doc.status !== 'published') {
      throw new AppError('NOT_FOUND', version ? `${version} 期榜单不存在或尚未发布` : '暂无已发布的榜单');
    }
    const query = db.collection('redlist_warnings').where({ version: doc.version });
    const { docs: rows, total } = await fetchPage<WarningDoc>(
      query,
      [
        ['failures', 'desc'],
        ['lastFailAt', 'desc'],
        ['uscc', 'asc'],
      ],
      page,
      pageSize,
    );
    return {
      items: rows.map(warningView),
      page,
      pageSize,
      total,
      version: doc.version,
      asOf: doc.asOf,
      rule: doc.warningRule ?? DEFAULT_WARNING_RULE,
    };
  },
});
