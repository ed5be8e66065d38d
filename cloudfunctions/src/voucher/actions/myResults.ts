import { campaignIdInput, type MyResultView } from '../../contract/voucher';
import { ticket } from '../../core/draw';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { getCampaignOrFail } from '../../services/campaigns';
import type { ApplicationDoc } from '../../services/documents';
import { assertPublished, standingsOf } from '../published-results';

/**
 * The caller's own applications in a published campaign (an account may hold one as an enterprise and
 * one as a person): per pool the ticket, computed by draw-v1's own `ticket` from the published seed, the
 * place it gave, and the pool's last winning place. Only the caller's applications, found by owner.
 */
export const myResults = action({
  access: 'user',
  userRecord: 'not read',
  input: campaignIdInput,
  async handler({ campaignId }, { caller, db }) {
    const campaign = await getCampaignOrFail(db, campaignId);
    assertPublished(campaign);
    const seed = campaign.seed!;
    const apps = await list<ApplicationDoc>(
      db.collection('applications').where({ campaignId, ownerOpenid: caller.openid! }).limit(10),
    );
    const standings = await standingsOf(db, campaign, apps, { wonLater: true });
    const items: MyResultView[] = apps.map((app) => ({
      applicationId: app._id,
      applicantType: app.applicantType,
      applicantName: app.applicantName,
      pools: (standings.get(app._id) ?? []).map((standing) => ({
        ...standing,
        ticket: ticket(seed, standing.poolId, app._id),
        message: `${standing.poolId}|${app._id}`,
      })),
    }));
    return { seed, items };
  },
});
