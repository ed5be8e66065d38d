import { resultsInput, type ResultRow } from '../../contract/voucher';
import { maskPersonName } from '../../core/privacy';
import { list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { getCampaignOrFail, rankInResults, RESULT_CHUNK, type DrawResultChunk } from '../../services/campaigns';
import type { ApplicationDoc } from '../../services/documents';
import { assertPublished, drawOrder, winnersOf } from '../published-results';

const PAGE_SIZE = 20;

/** Public winner list of one pool: enterprise names in full, persons masked. */
export const results = action({
  access: 'public',
  input: resultsInput,
  async handler({ campaignId, poolId, page }, { db }) {
    const campaign = await getCampaignOrFail(db, campaignId);
    assertPublished(campaign);
    // The draw's pool order: the tabs show pools as the draw walked them.
    const pools = drawOrder(campaign).map((p) => p.poolId);
    const chosen = poolId ?? pools[0];
    if (!pools.includes(chosen)) throw new AppError('VALIDATION_FAILED', `面值 ${chosen} 不属于本次活动`);
    const total = winnersOf(campaign, chosen);

    const start = (page - 1) * PAGE_SIZE;
    const end = Math.min(start + PAGE_SIZE, total);
    const ids: { rank: number; id: string }[] = [];
    for (
      let chunk = Math.floor(start / RESULT_CHUNK);
      start < end && chunk <= Math.floor((end - 1) / RESULT_CHUNK);
      chunk++
    ) {
      const [doc] = await list<DrawResultChunk>(
        db.collection('draw_results').where({ campaignId, poolId: chosen, kind: 'W', chunk }).limit(1),
      );
      doc?.ids.forEach((id, i) => {
        const rank = rankInResults(chunk, i);
        if (rank > start && rank <= end) ids.push({ rank, id });
      });
    }
    const _ = db.command;
    const apps = ids.length
      ? await list<ApplicationDoc>(
          db
            .collection('applications')
            .where({ _id: _.in(ids.map((x) => x.id)) })
            .limit(PAGE_SIZE),
        )
      : [];
    const byId = new Map(apps.map((a) => [a._id, a]));
    const items: ResultRow[] = ids.map(({ rank, id }) => {
      const app = byId.get(id);
      return {
        rank,
        applicationId: id,
        applicantType: app?.applicantType ?? 'enterprise',
        displayName: !app
          ? '—'
          : app.applicantType === 'person'
            ? maskPersonName(app.applicantName)
            : app.applicantName,
      };
    });
    return { items, page, pageSize: PAGE_SIZE, total, poolId: chosen, pools };
  },
});
