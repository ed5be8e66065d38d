import { z } from 'zod';
import { campaignIdInput, drawInput, promoteWaitlistInput } from '../../contract/voucher';
import { calendarDate } from '../../core/time';
import type { Database } from '../../runtime/cloud';
import { count, list } from '../../runtime/db';
import { localOnly } from '../../runtime/jobs';
import { action, type Caller } from '../../runtime/router';
import { getCampaignOrFail } from '../../services/campaigns';
import type { VoucherDoc } from '../../services/documents';
import { runDraw } from '../draw/job';
import { promoteWaitlist as promote } from '../draw/promote';
import { publishResults as publish } from '../draw/publish';

export const draw = action({
  access: 'admin',
  input: drawInput.extend({
    // Test hooks, honoured only on the local cloud: a tiny time budget and a crash between write and checkpoint.
    budgetMs: z.number().int().min(1).max(50_000).optional(),
    faultAfterBatches: z.number().int().min(1).optional(),
  }),
  async handler({ campaignId, announced, budgetMs, faultAfterBatches }, { caller, db, now }) {
    return runDraw(db, caller, {
      campaignId,
      announced,
      now,
      budgetMs: localOnly() ? budgetMs : undefined,
      faultAfterBatches: localOnly() ? faultAfterBatches : undefined,
    });
  },
});

export const publishResults = action({
  access: 'admin',
  input: campaignIdInput,
  async handler({ campaignId }, { caller, db }) {
    return publish(db, caller, campaignId);
  },
});

export const promoteWaitlist = action({
  access: 'admin',
  input: promoteWaitlistInput,
  async handler({ campaignId, poolId }, { caller, db }) {
    return promote(db, caller, campaignId, poolId);
  },
});

export const campaignStats = action({
  access: 'admin',
  input: campaignIdInput,
  async handler({ campaignId }, { db }) {
    const campaign = await getCampaignOrFail(db, campaignId, true);
    const $ = db.command.aggregate;
    const apps = db.collection('applications');
    const pools = [];
    for (const pool of campaign.pools) {
      const vouchers = db.collection('vouchers');
      const [applied, issued, redeemed, expired, voided] = await Promise.all([
        count(apps.where({ campaignId, poolIds: pool.poolId })),
        count(vouchers.where({ campaignId, poolId: pool.poolId, status: 'issued' })),
        count(vouchers.where({ campaignId, poolId: pool.poolId, status: 'redeemed' })),
        count(vouchers.where({ campaignId, poolId: pool.poolId, status: 'expired' })),
        count(vouchers.where({ campaignId, poolId: pool.poolId, status: 'void' })),
      ]);
      pools.push({
        poolId: pool.poolId,
        faceValue: pool.faceValue,
        quantity: pool.quantity,
        applied,
        issued,
        redeemed,
        expired,
        void: voided,
      });
    }
    const byStatus: Record<string, number> = {};
    for (const status of ['submitted', 'won', 'waitlisted', 'lost'])
      byStatus[status] = await count(apps.where({ campaignId, status }));
    const byType: Record<string, number> = {};
    for (const type of ['enterprise', 'person'])
      byType[type] = await count(apps.where({ campaignId, applicantType: type }));
    const redeemedRows = await db
      .collection('vouchers')
      .aggregate()
      .match({ campaignId, status: 'redeemed' })
      .group({ _id: null, offset: $.sum('$redemption.offset'), fee: $.sum('$redemption.fee') })
      .end();
    const totals = (redeemedRows as { list: { offset: number; fee: number }[] }).list[0] ?? { offset: 0, fee: 0 };
    return {
      campaignId,
      status: campaign.status,
      applications: { total: Object.values(byType).reduce((a, b) => a + b, 0), byStatus, byType },
      pools,
      redeemedOffset: totals.offset,
      redeemedFee: totals.fee,
    };
  },
});

/**
 * Daily: vouchers past their validity expire; holders of vouchers that expire within 7 days get one
 * reminder (the outbox's unique dedupe key makes a re-run harmless).
 */
export async function expireAndWarn(db: Database, caller: Pick<Caller, 'actor'>, now: Date) {
  const _ = db.command;
  let expired = 0;
  for (;;) {
    const due = await list<VoucherDoc>(
      db
        .collection('vouchers')
        .where({ status: 'issued', validUntil: _.lt(now) })
        .limit(500)
        .field({ _id: true }),
    );
    if (due.length === 0) break;
    const ids = due.map((v) => v._id);
    const res = (await db
      .collection('vouchers')
      .where({ _id: _.in(ids), status: 'issued' })
      .update({ data: { status: 'expired', updatedAt: db.serverDate() } })) as { stats: { updated: number } };
    expired += res.stats.updated;
    await db.collection('audit_log').add({
      data: ids.map((id) => ({
        actor: caller.actor,
        action: 'voucher.expire',
        targetType: 'voucher',
        targetId: id,
        before: { status: 'issued' },
        after: { status: 'expired' },
        createdAt: db.serverDate(),
      })),
    });
  }

  let warned = 0;
  const horizon = new Date(now.getTime() + 7 * 24 * 3600 * 1000);
  for (;;) {
    const soon = await list<VoucherDoc>(
      db
        .collection('vouchers')
        // Results not yet published: the holder does not know of the voucher, so nothing may hint at it.
        .where({
          status: 'issued',
          published: true,
          validUntil: _.gte(now).and(_.lte(horizon)),
          expiryWarned: _.neq(true),
        })
        .limit(200),
    );
    if (soon.length === 0) break;
    for (const v of soon) {
      try {
        await db.collection('outbox').add({
          data: {
            dedupeKey: `voucher-expiry:${v._id}`,
            toOpenid: v.holderOpenid,
            template: 'voucherExpiry',
            page: `pages/voucher/voucher/index?voucherId=${v._id}`,
            data: {
              title: v.campaignTitle,
              faceValue: v.faceValue,
              validUntil: v.validUntilDate ?? calendarDate(v.validUntil),
            },
            status: 'pending',
            createdAt: db.serverDate(),
          },
        });
      } catch (error) {
        if (!/DUPLICATE/i.test(String((error as { code?: string })?.code ?? (error as Error)?.message))) throw error;
      }
    }
    await db
      .collection('vouchers')
      .where({ _id: _.in(soon.map((v) => v._id)) })
      .update({ data: { expiryWarned: true } });
    warned += soon.length;
  }
  return { expired, warned };
}

export const expireVouchers = action({
  access: 'admin',
  input: z.object({}),
  async handler(_input, { caller, db, now }) {
    return expireAndWarn(db, caller, now);
  },
});
