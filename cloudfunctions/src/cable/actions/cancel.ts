import { cancelCableRequestInput } from '../../contract/cable';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { requesterView, transitionRequest } from '../../services/cable';

/** The requester withdraws a request before the sample reaches the hospital. */
export const cancel = action({
  access: 'user',
  userRecord: 'not read',
  input: cancelCableRequestInput,
  async handler({ requestId, reason }, { caller, db }) {
    const openid = caller.openid!;
    const updated = await transitionRequest(db, {
      requestId,
      input: { to: 'cancelled', note: reason },
      actor: { role: 'requester', openid, hospitalId: null, hospitalName: null },
      actorLabel: caller.actor,
      authorize: (doc) => {
        if (doc.requesterOpenid !== openid) throw new AppError('NOT_FOUND', '筛查申请不存在');
      },
    });
    return requesterView(db, updated, new Date());
  },
});
