import { cableStatsInput, type CableStatsView } from '../../contract/cable';
import { summariseCableRequests } from '../../core/cable/stats';
import { action } from '../../runtime/router';
import { cableStatsRows } from '../reports/sections';

/**
 * Quick-screen figures over the requests submitted in [from, to] (Asia/Shanghai calendar days): by city,
 * status, verdict, requester type and hospital, and the median submitted → completed time of those completed.
 */
export const cableStats = action({
  access: 'admin',
  input: cableStatsInput,
  async handler({ from, to }, { db }): Promise<CableStatsView> {
    return { from, to, ...summariseCableRequests(await cableStatsRows(db, { from, to })) };
  },
});
