import { rateCaseInput } from '../../contract/helpdesk';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { caseViewFor } from '../case-views';
import { bumpExpert, expertOpenid, loadOwnCase, transition } from '../cases';

/** The enterprise rates a resolved case once (1–5 stars and a comment); the expert's rating totals move with it. */
export const rateCase = action({
  access: 'user',
  input: rateCaseInput,
  async handler({ caseId, stars, comment }, { caller, db, now }) {
    const own = await loadOwnCase(db, caller, caseId);
    const doc = await transition(db, {
      caseId,
      event: 'rate',
      actor: 'enterprise',
      caller,
      now,
      guard(current) {
        if (current.rating) throw new AppError('ALREADY_RATED', '该问诊已评价过，不能重复评价');
      },
      async apply(t, current) {
        const toOpenid = await expertOpenid(t, current.expertId);
        if (current.expertId) await bumpExpert(t, db, current.expertId, { starsTotal: stars, ratings: 1 });
        return {
          patch: { rating: { stars, comment, at: now } },
          notices: toOpenid ? [{ toOpenid, note: `企业评价：${stars} 星` }] : [],
        };
      },
    });
    return caseViewFor(db, doc, { role: 'enterprise', openid: own.ownerOpenid }, now);
  },
});
