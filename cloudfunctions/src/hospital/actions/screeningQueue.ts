import { screeningQueueInput } from '../../contract/cable';
import type { CableRequestDoc } from '../../core/cable/request';
import { CABLE_STATUSES, OPEN_STATUSES, type CableStatus } from '../../core/cable/workflow';
import type { Database } from '../../runtime/cloud';
import { count, list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { cableSummary, REQUESTS } from '../../services/cable';
import { staffContext } from '../screening-staff';

const PAGE_SIZE = 20;

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
