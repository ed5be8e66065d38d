import { expertCasesInput } from '../../contract/helpdesk';
import { fetchPage } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { caseSummariesOf } from '../case-views';
import { expertIdOf } from '../cases';
import { CASES, type CaseDoc } from '../documents';
import { expertAdminViewOf, loadExpert } from '../experts';

const PAGE_SIZE = 20;

/** The cases the calling expert owns (optionally of one status), most recently changed first, and their own record. */
export const expertCases = action({
  access: 'expert',
  input: expertCasesInput,
  async handler({ status, page }, { caller, db, now }) {
    const expertId = expertIdOf(caller)!;
    const expert = await loadExpert(db, expertId);
    if (!expert) throw new AppError('NOT_FOUND', '专家档案不存在，请联系管理员');
    const { docs, total } = await fetchPage<CaseDoc>(
      db.collection(CASES).where(status ? { expertId, status } : { expertId }),
      [
        ['updatedAt', 'desc'],
        ['_id', 'asc'],
      ],
      page,
      PAGE_SIZE,
    );
    return {
      items: await caseSummariesOf(db, docs, now),
      page,
      pageSize: PAGE_SIZE,
      total,
      expert: expertAdminViewOf(expert),
    };
  },
});
