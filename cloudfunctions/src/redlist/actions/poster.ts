import { posterInput, type RedlistPosterView } from '../../contract/redlist';
import { findById } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { rowId, TIER_LABEL, type RedlistRowDoc } from '../../services/redlist';
import { latestPublishedVersion } from '../../services/redlist-versions';
import { CODE_URL_SECONDS, posterCodeUrl } from '../poster-code';

/**
 * A badge poster of a listed enterprise: its entry in the latest published version and the code that
 * opens that entry. Public, as the entry is: the poster prints nothing the entry page does not show,
 * and the code opens the live entry, so a poster kept after the enterprise left the list is found out
 * by the first customer who scans it. Only enterprises listed in the latest version get a code, and
 * each gets one code ever (poster-code.ts), so calls cannot multiply WeChat code requests.
 */
export const poster = action({
  access: 'public',
  input: posterInput,
  async handler({ uscc }, { db }): Promise<RedlistPosterView> {
    const version = await latestPublishedVersion(db);
    if (!version) throw new AppError('NOT_FOUND', '红榜尚未发布');
    const row = await findById<RedlistRowDoc>(db, 'redlist', rowId(version.version, uscc));
    if (!row) {
      throw new AppError(
        'NOT_FOUND',
        `该企业未列入 ${version.version} 期红榜（评估日期 ${version.asOf}），不能生成红榜海报`,
      );
    }
    const { url, doc } = await posterCodeUrl(db, uscc);
    return {
      uscc: row.uscc,
      name: row.name,
      tier: row.tier,
      tierLabel: TIER_LABEL[row.tier],
      years: row.years,
      streakStart: row.streakStart,
      version: row.version,
      asOf: row.asOf,
      codeUrl: url,
      codeExpiresIn: CODE_URL_SECONDS,
      scene: doc.scene,
      page: doc.page,
    };
  },
});
