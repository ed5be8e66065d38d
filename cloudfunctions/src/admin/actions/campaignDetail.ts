import type { CampaignDetailView, CampaignPoolFigures } from '../../contract/admin-campaigns';
import { campaignIdInput, type BeaconChoice, type JobView } from '../../contract/voucher';
import { nextActions } from '../../core/campaign-lifecycle';
import { endOfShanghaiDay } from '../../core/time';
import { count, findById } from '../../runtime/db';
import { action } from '../../runtime/router';
import { getCampaignOrFail } from '../../services/campaigns';
import { poolCounts, type PoolCounts } from '../pool-counts';
import type { JobDoc } from '../../services/documents';
import { campaignView } from '../../services/views';

type ResultCounts = Record<string, { winners: number; waitlist: number }>;
/** A draft has no applications or vouchers yet: nothing to count. */
const NONE: PoolCounts = { applied: 0, issued: 0, redeemed: 0, expired: 0, void: 0 };

/**
 * One campaign for the admin's campaign page, drafts included: its view, the draft's beacon choice,
 * per-pool figures, the draw job's progress and the actions allowed next (core/campaign-lifecycle.ts).
 */
export const campaignDetail = action({
  access: 'admin',
  input: campaignIdInput,
  async handler({ campaignId }, { db, now }): Promise<CampaignDetailView> {
    const doc = await getCampaignOrFail(db, campaignId, true);
    const apps = db.collection('applications');
    const resultCounts = (doc as { resultCounts?: ResultCounts }).resultCounts ?? null;
    const before = doc.status === 'draft';
    const [applications, job, pools] = await Promise.all([
      before ? 0 : count(apps.where({ campaignId })),
      before ? null : findById<JobDoc>(db, 'jobs', `draw-${campaignId}`),
      Promise.all(
        doc.pools.map(async (pool): Promise<Omit<CampaignPoolFigures, 'promotable'>> => {
          const counts = before ? NONE : await poolCounts(db, campaignId, pool.poolId);
          return {
            poolId: pool.poolId,
            label: pool.label ?? null,
            faceValue: pool.faceValue,
            quantity: pool.quantity,
            ...counts,
            winners: resultCounts?.[pool.poolId]?.winners ?? null,
            waitlist: resultCounts?.[pool.poolId]?.waitlist ?? null,
          };
        }),
      ),
    ]);
    const next = nextActions(
      {
        status: doc.status,
        snapshotHash: doc.snapshotHash ?? null,
        validUntilMs: endOfShanghaiDay(doc.voucherValidUntil).getTime(),
        pools: pools.map((p) => ({
          poolId: p.poolId,
          quantity: p.quantity,
          held: p.issued + p.redeemed,
          waitlist: p.waitlist ?? 0,
        })),
      },
      now.getTime(),
    );
    const drawJob: JobView | null = job
      ? {
          jobId: job._id,
          kind: job.kind,
          status: job.status,
          progress: { done: job.done, total: job.total },
          message: job.message ?? null,
        }
      : null;
    return {
      campaign: campaignView(doc),
      beaconChoice: before ? ((doc.beaconSource as BeaconChoice | null | undefined) ?? null) : null,
      applications,
      pools: pools.map((p) => ({ ...p, promotable: next.promotablePoolIds.includes(p.poolId) })),
      drawJob,
      overdue: doc.status === 'open' && now.getTime() >= new Date(doc.closesAt).getTime(),
      nextActions: next.nextActions,
    };
  },
});
