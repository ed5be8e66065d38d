import { updateScreeningInput } from '../../contract/cable';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { staffView, transitionRequest } from '../../services/cable';
import { acceptOwnUploads, ownUploadFolder } from '../../services/files';
import { staffContext, visibleScope } from '../screening-staff';

/**
 * One move by staff. A report must be the staff member's own upload (their report folder, the view's
 * reportFolder) and exist: the requester later gets a temp URL for it, so no other file is accepted.
 */
export const updateScreening = action({
  access: 'staff',
  input: updateScreeningInput,
  async handler({ requestId, ...input }, { caller, db }) {
    const staff = await staffContext(db, caller);
    if (!staff.active) throw new AppError('FORBIDDEN', '所属产品医院未启用');
    if (input.reportFileID) {
      await acceptOwnUploads(
        [{ fileID: input.reportFileID, label: '筛查报告' }],
        ownUploadFolder('cable-reports', staff.openid),
      );
    }
    const updated = await transitionRequest(db, {
      requestId,
      input,
      actor: { role: 'staff', openid: staff.openid, hospitalId: staff.hospitalId, hospitalName: staff.hospitalName },
      actorLabel: caller.actor,
      authorize: (doc) => {
        visibleScope(doc, staff);
        if (doc.requesterOpenid === staff.openid) throw new AppError('FORBIDDEN', '不能处理本人提交的筛查申请');
      },
    });
    return staffView(db, updated, { kind: 'staff', scope: 'assigned', ownRequest: false }, new Date(), staff.openid);
  },
});
