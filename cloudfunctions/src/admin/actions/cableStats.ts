import { cableStatsInput, type CableStatsView } from '../../contract/cable';
import type { CableRequestDoc } from '../../core/cable/request';
import { summariseCableRequests, type StatsInputRow } from '../../core/cable/stats';
import { endOfShanghaiDay, startOfShanghaiDay } from '../../core/time';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { REQUESTS } from '../../services/cable';

const PAGE = 1000;

/**
 * Quick-screen figures over the requests submitted in [from, to] (Asia/Shanghai calendar days): by city,
 * status, verdict, requester type and hospital, and the median submitted → completed time of those completed.
 */
export const cableStats = action({
  access: 'admin',
  input: cableStatsInput,
  async handler({ from, to }, { db }): Promise<CableStatsView> {
    const _ = db.command;
    const where = { submittedAt: _.gte(startOfShanghaiDay(from)).and(_.lte(endOfShanghaiDay(to))) };
    const rows: StatsInputRow[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await list<Pick<CableRequestDoc, keyof StatsInputRow>>(
        db.collection(REQUESTS).where(where).orderBy('_id', 'asc').skip(offset).limit(PAGE).field({
          city: true,
          status: true,
          verdict: true,
          requesterType: true,
          hospitalId: true,
          submittedAt: true,
          completedAt: true,
        }),
      );
      rows.push(...page);
      if (page.length < PAGE) break;
    }
    return { from, to, ...summariseCableRequests(rows) };
  },
});
