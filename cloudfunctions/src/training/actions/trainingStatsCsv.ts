import { trainingStatsInput } from '../../contract/training';
import { audit } from '../../runtime/audit';
import { getCloud } from '../../runtime/cloud';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { tempFileUrls } from '../../services/files';
import { trainingStatsCsv as statsCsv, trainingStatsOf } from '../stats';

/** How long the download link stays valid (seconds). */
const EXPORT_URL_SECONDS = 3600;

/** Admins: trainingStats as a CSV file in storage (exports/training/), with a temporary download link. */
export const trainingStatsCsv = action({
  access: 'admin',
  input: trainingStatsInput,
  async handler(input, { caller, db, now }) {
    const { csv, rows } = statsCsv(await trainingStatsOf(db, input, now));
    const cloudPath = `exports/training/training-stats-${input.programmeId ?? 'all'}-${now.getTime()}.csv`;
    const { fileID } = (await getCloud().uploadFile({ cloudPath, fileContent: Buffer.from(csv, 'utf8') })) as {
      fileID: string;
    };
    const url = (await tempFileUrls([fileID], EXPORT_URL_SECONDS)).get(fileID);
    if (!url) throw new AppError('INTERNAL', '统计文件已生成，但暂时无法获取下载链接，请稍后重试');
    await audit(db, db, {
      actor: caller.actor,
      action: 'training.exportStats',
      targetType: 'training_stats',
      targetId: fileID,
      after: { programmeId: input.programmeId ?? null, rows },
    });
    return { fileID, url, rows };
  },
});
