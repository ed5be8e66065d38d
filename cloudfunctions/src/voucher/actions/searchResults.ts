import { searchResultsInput, type ResultSearchRow } from '../../contract/voucher';
import { usccInQuery } from '../../core/uscc';
import { containsText, fetchPage } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { getCampaignOrFail } from '../../services/campaigns';
import type { ApplicationDoc } from '../../services/documents';
import { assertPublished, standingsOf } from '../published-results';

const PAGE_SIZE = 10;

/**
 * "Did I win?" for anyone: a published campaign's enterprise applications by name fragment or USCC,
 * each with its standing per pool. Only what the published record already shows (an enterprise's
 * applicantKey is its USCC there); persons are not searchable, since a name search would tell who
 * applied and lost, which no public list shows.
 */
export const searchResults = action({
  access: 'public',
  input: searchResultsInput,
  async handler({ campaignId, q, page }, { db }) {
    const campaign = await getCampaignOrFail(db, campaignId);
    assertPublished(campaign);
    const where: Record<string, unknown> = { campaignId, applicantType: 'enterprise' };
    // One search box: 18 letters and digits are a code and must pass the check.
    const code = usccInQuery(q);
    if (code && !code.ok) throw new AppError('VALIDATION_FAILED', `统一社会信用代码无效：${code.reason}`);
    if (code?.ok) where.uscc = code.uscc;
    else where.applicantName = containsText(db, q);

    const { docs, total } = await fetchPage<ApplicationDoc>(
      db.collection('applications').where(where),
      [
        ['applicantName', 'asc'],
        ['_id', 'asc'],
      ],
      page,
      PAGE_SIZE,
    );
    const standings = await standingsOf(db, campaign, docs, { wonLater: false });
    const items: ResultSearchRow[] = docs.map((doc) => ({
      applicationId: doc._id,
      applicantName: doc.applicantName,
      uscc: doc.uscc ?? doc.applicantKey,
      pools: standings.get(doc._id) ?? [],
    }));
    return { items, page, pageSize: PAGE_SIZE, total };
  },
});
