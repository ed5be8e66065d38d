import { z } from 'zod';
import { calendarDate } from '../../core/time';
import type { Database } from '../../runtime/cloud';
import { list } from '../../runtime/db';
import { action, type Caller } from '../../runtime/router';
import type { VoucherDoc } from '../../services/documents';

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
