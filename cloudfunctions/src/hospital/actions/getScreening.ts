import { requestIdInput } from '../../contract/cable';
import type { CableRequestDoc } from '../../core/cable/request';
import { findById } from '../../runtime/db';
import { action } from '../../runtime/router';
import { REQUESTS, staffView } from '../../services/cable';
import { staffContext, visibleScope } from '../screening-staff';

export const getScreening = action({
  access: 'staff',
  input: requestIdInput,
  async handler({ requestId }, { caller, db, now }) {
    const staff = await staffContext(db, caller);
    const { doc, scope } = visibleScope(await findById<CableRequestDoc>(db, REQUESTS, requestId), staff);
    const viewer = { kind: 'staff', scope, ownRequest: doc.requesterOpenid === staff.openid } as const;
    return staffView(db, doc, viewer, now, staff.openid);
  },
});
