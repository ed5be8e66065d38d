import { CREDIT_LIMITS, formatCreditCode } from '../../../../miniprogram/shared/credit';
import { labelsInput } from '../../contract/credit';
import { getCloud } from '../../runtime/cloud';
import { findById, list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { tempFileUrls } from '../../services/files';
import { CODES, ISSUANCES, type CodeDoc, type IssuanceDoc } from '../documents';
import { labelSheetsPdf } from '../labels';
import { verifiedMaker } from '../makers';
import { scanLinkOf } from '../scan-link';

/** The download link lasts long enough to print from a computer later the same day. */
const LABEL_URL_SECONDS = 2 * 3600;

/**
 * Enterprises: one A4 PDF of an issue's labels (file `part` holds codes (part-1)·1000+1 … part·1000), stored
 * as credit-labels/<issue>/<part>.pdf and handed out as a temporary link.
 */
export const labels = action({
  access: 'user',
  userRecord: 'not read',
  input: labelsInput,
  async handler({ issuanceId, part }, { caller, db }) {
    const maker = await verifiedMaker(db, caller);
    const issue = await findById<IssuanceDoc>(db, ISSUANCES, issuanceId);
    if (!issue || issue.uscc !== maker._id) throw new AppError('NOT_FOUND', '赋码批次不存在');
    if (issue.status !== 'done') throw new AppError('CONFLICT', '信用码还在生成中，生成完成后才能下载标签');
    const per = CREDIT_LIMITS.labelsPerFile;
    const parts = Math.ceil(issue.codeCount / per);
    if (part > parts) throw new AppError('VALIDATION_FAILED', `标签文件：此批次只有 ${parts} 个标签文件`);
    const from = (part - 1) * per + 1;
    const to = Math.min(issue.codeCount, part * per);
    const _ = db.command;
    const codes = await list<CodeDoc>(
      db
        .collection(CODES)
        .where({ issuanceId, serial: _.gte(from).and(_.lte(to)) })
        .orderBy('serial', 'asc')
        .field({ _id: true, serial: true })
        .limit(per),
    );
    if (codes.length !== to - from + 1) throw new AppError('INTERNAL', '标签数据不完整，请稍后重试');
    const pdf = await labelSheetsPdf(
      codes.map((c) => ({ code: c._id, text: formatCreditCode(c._id), url: scanLinkOf(c._id) })),
      { title: `${issue.batchNo} ${String(from).padStart(6, '0')}-${String(to).padStart(6, '0')}` },
    );
    const { fileID } = (await getCloud().uploadFile({
      cloudPath: `credit-labels/${issuanceId}/${part}.pdf`,
      fileContent: Buffer.from(pdf),
    })) as { fileID: string };
    const url = (await tempFileUrls([fileID], LABEL_URL_SECONDS)).get(fileID);
    if (!url) throw new AppError('INTERNAL', '标签文件已生成，但暂时无法获取下载链接，请稍后重试');
    return { fileID, url, part, parts, from, to };
  },
});
