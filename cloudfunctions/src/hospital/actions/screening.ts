import { requestIdInput, screeningQueueInput, updateScreeningInput } from '../../contract/cable';
import type { CableRequestDoc } from '../../core/cable/request';
import { CABLE_STATUSES, OPEN_STATUSES, staffScope, type CableStatus } from '../../core/cable/workflow';
import type { Database } from '../../runtime/cloud';
import { count, findById, list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type Caller } from '../../runtime/router';
import { cableSummary, REQUESTS, staffView, transitionRequest } from '../../services/cable';
import type { HospitalDoc } from '../../services/documents';
import { acceptOwnUploads, ownUploadFolder } from '../../services/files';

const PAGE_SIZE = 20;

interface StaffContext {
  openid: string;
  hospitalId: string;
  hospitalName: string;
  active: boolean;
}

/** Screening is done by hospital staff only (an admin without a hospital has no queue). */
async function staffContext(db: Database, caller: Caller): Promise<StaffContext> {
  const hospitalId = caller.user?.roles?.includes('staff') ? caller.user.hospitalId : undefined;
  if (!hospitalId || !caller.openid) throw new AppError('FORBIDDEN', '需要产品医院工作人员权限');
  const hospital = await findById<HospitalDoc>(db, 'hospitals', hospitalId);
  return {
    openid: caller.openid,
    hospitalId,
    hospitalName: hospital?.name ?? hospitalId,
    active: !!hospital?.active,
  };
}

/**
 * The requests a hospital works on: those assigned to it, plus unassigned submitted ones that chose it or
 * chose no hospital (any hospital may accept those; accepting assigns them).
 */
function queueWhere(db: Database, hospitalId: string, status: CableStatus | undefined): object {
  const _ = db.command;
  const candidates = { status: 'submitted', hospitalId: null, preferredHospitalId: _.in([hospitalId, null]) };
  if (status === 'submitted') return candidates;
  if (status) return { hospitalId, status };
  return _.or([candidates, { hospitalId, status: _.in(OPEN_STATUSES.filter((s) => s !== 'submitted')) }]);
}

export const screeningQueue = action({
  access: 'staff',
  input: screeningQueueInput,
  async handler({ status, page }, { caller, db, now }) {
    const staff = await staffContext(db, caller);
    const query = db.collection(REQUESTS).where(queueWhere(db, staff.hospitalId, status));
    // Open work oldest first (longest waiting on top); closed requests most recent first.
    const ordered =
      !status || OPEN_STATUSES.includes(status)
        ? query.orderBy('submittedAt', 'asc')
        : query.orderBy('statusChangedAt', 'desc');
    const [docs, total, ...perStatus] = await Promise.all([
      list<CableRequestDoc>(ordered.skip((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)),
      count(query),
      ...CABLE_STATUSES.map((s) => count(db.collection(REQUESTS).where(queueWhere(db, staff.hospitalId, s)))),
    ]);
    const counts = Object.fromEntries(CABLE_STATUSES.map((s, i) => [s, perStatus[i]])) as Record<CableStatus, number>;
    return {
      items: docs.map((d) => cableSummary(d, now)),
      page,
      pageSize: PAGE_SIZE,
      total,
      hospitalId: staff.hospitalId,
      counts,
    };
  },
});

/** Invisible requests (another hospital's, or preferring another hospital) answer NOT_FOUND. */
function visibleScope(doc: CableRequestDoc | null, staff: StaffContext) {
  const scope = doc ? staffScope(doc, staff.hospitalId) : 'none';
  if (!doc || scope === 'none') throw new AppError('NOT_FOUND', '筛查申请不存在');
  return { doc, scope };
}

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
