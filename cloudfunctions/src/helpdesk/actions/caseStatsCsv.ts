import { caseStatsInput } from '../../contract/helpdesk';
import { getCloud } from '../../runtime/cloud';
import { audit } from '../../runtime/audit';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { tempFileUrls } from '../../services/files';
import { caseStatsCsv as statsCsv } from '../stats';
import { caseStatsOf } from './caseStats';

/** How long the download link stays valid. */
export const EXPORT_URL_SECONDS = 3600;

/**
 * Admins: caseStats as a CSV file (UTF-8 with BOM, so Excel shows the Chinese), uploaded to storage under
 * exports/helpdesk/; answers its fileID, a temporary download URL and the number of data rows.
 */
export const caseStatsCsv = action({
  access: 'admin',
  input: caseStatsInput,
  async handler(input, { caller, db, now }) {
    const view = await caseStatsOf(db, input, now);
    const { csv, rows } = statsCsv(view);
    const cloudPath = `exports/helpdesk/case-stats-${input.from}-${input.to}-${now.getTime()}.csv`;
    const { fileID } = (await getCloud().uploadFile({
      cloudPath,
      fileContent: Buffer.from(csv, 'utf8'),
    })) as { fileID: string };
    const url = (await tempFileUrls([fileID], EXPORT_URL_SECONDS)).get(fileID);
    if (!url) throw new AppError('INTERNAL', '统计文件已生成，但暂时无法获取下载链接，请稍后重试');
    await audit(db, db, {
      actor: caller.actor,
      action: 'helpdesk.exportStats',
      targetType: 'help_stats',
      targetId: fileID,
      after: { from: input.from, to: input.to, rows },
    });
    return { fileID, url, rows };
  },
});
