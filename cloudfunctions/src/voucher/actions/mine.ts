import { listCampaignsInput, voucherIdInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { fetchPage, findById, runInTransaction, txGet } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { waitlistRanks } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc, VoucherDoc } from '../../services/documents';
import { isPublished } from '../../services/vouchers';
import { applicationView, voucherView } from '../../services/views';

const PAGE_SIZE = 20;

export const myApplications = action({
  access: 'user',
  input: listCampaignsInput,
  async handler({ page }, { caller, db }) {
    const query = db.collection('applications').where({ ownerOpenid: caller.openid! });
    const { docs, total } = await fetchPage<ApplicationDoc>(query, [['submittedAt', 'desc']], page, PAGE_SIZE);
    const campaigns = new Map<string, CampaignDoc | null>();
    const items = [];
    for (const doc of docs) {
      if (!campaigns.has(doc.campaignId))
        campaigns.set(doc.campaignId, await findById<CampaignDoc>(db, 'campaigns', doc.campaignId));
      const campaign = campaigns.get(doc.campaignId) ?? { title: '（活动已删除）', status: 'closed' as const };
      const ranks =
        campaign.status === 'published'
          ? await waitlistRanks(db, doc.campaignId, doc._id, doc.waitlistPoolIds ?? [])
          : [];
      items.push(applicationView(doc, campaign, ranks));
    }
    return { items, page, pageSize: PAGE_SIZE, total };
  },
});

export const myVouchers = action({
  access: 'user',
  input: listCampaignsInput,
  async handler({ page }, { caller, db }) {
    // Only vouchers of published campaigns: the draw writes them before the results are public.
    const query = db.collection('vouchers').where({ holderOpenid: caller.openid!, published: true });
    const { docs, total } = await fetchPage<VoucherDoc>(query, [['validUntil', 'asc']], page, PAGE_SIZE);
    return { items: await Promise.all(docs.map((d) => voucherView(d, 'holder'))), page, pageSize: PAGE_SIZE, total };
  },
});

async function ownVoucher(db: Database, voucherId: string, openid: string): Promise<VoucherDoc> {
  const voucher = await findById<VoucherDoc>(db, 'vouchers', voucherId);
  // Someone else's voucher, or one whose draw is not published yet, answers exactly like a missing one:
  // codes must not be probeable, and winners are not known before publication.
  if (!voucher || voucher.holderOpenid !== openid || !isPublished(voucher))
    throw new AppError('NOT_FOUND', '检测券不存在');
  return voucher;
}

export const getVoucher = action({
  access: 'user',
  input: voucherIdInput,
  async handler({ voucherId }, { caller, db }) {
    return voucherView(await ownVoucher(db, voucherId, caller.openid!), 'holder');
  },
});

/** The holder gives a voucher up (e.g. no testing need after all); the slot can go to the waitlist. */
export const declineVoucher = action({
  access: 'user',
  input: voucherIdInput,
  async handler({ voucherId }, { caller, db }) {
    await ownVoucher(db, voucherId, caller.openid!);
    const updated = await runInTransaction(
      db,
      async (t: any) => {
        const voucher = await txGet<VoucherDoc>(t, 'vouchers', voucherId);
        if (!voucher) throw new AppError('NOT_FOUND', '检测券不存在');
        if (voucher.status === 'redeemed') throw new AppError('VOUCHER_ALREADY_REDEEMED', '检测券已核销，不能放弃');
        if (voucher.status !== 'issued') throw new AppError('VOUCHER_NOT_ISSUED', '检测券已失效');
        await t
          .collection('vouchers')
          .doc(voucherId)
          .update({ data: { status: 'void', voidReason: 'declined', updatedAt: db.serverDate() } });
        return { ...voucher, status: 'void' as const };
      },
      10,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'voucher.decline',
      targetType: 'voucher',
      targetId: voucherId,
      before: { status: 'issued' },
      after: { status: 'void', reason: 'declined' },
    });
    return voucherView(updated, 'holder');
  },
});
