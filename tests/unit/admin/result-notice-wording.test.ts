/**
 * The sender words result notices from their campaign, read once a run (admin/draw/notices.ts
 * resultNoticeWording). What is held here is that read's bookkeeping, so the database is a stand-in that
 * answers reads in turn and counts them; the whole send runs on the local cloud in
 * tests/integration/admin/notifications.test.ts.
 */
import { resultNoticeWording } from '../../../cloudfunctions/src/admin/draw/notices';
import type { Database } from '../../../cloudfunctions/src/runtime/cloud';

const CAMPAIGN = {
  _id: 'c1',
  title: '2026 年第一期产品检测券',
  pools: [
    { poolId: 'G5000', faceValue: 5000, quantity: 2 },
    { poolId: 'G500', faceValue: 500, quantity: 9 },
  ],
  publishedAt: new Date('2026-12-05T02:30:00Z'),
};

/** A database whose campaign reads answer `answers` in turn ('fail' rejects); counts the reads. */
function campaignReads(answers: (typeof CAMPAIGN | null | 'fail')[]) {
  let reads = 0;
  const db = {
    collection: (name: string) => ({
      where: (query: { _id: string }) => ({
        limit: () => ({
          get: async () => {
            expect(name).toBe('campaigns');
            expect(query).toEqual({ _id: 'c1' });
            const answer = answers[reads++];
            if (answer === 'fail') throw new Error('database.queryDocument: 网络错误');
            return { data: answer ? [answer] : [] };
          },
        }),
      }),
    }),
  };
  return { db: db as unknown as Database, reads: () => reads };
}

const notice = (data: Record<string, unknown>) => ({ template: 'campaignResult', campaignId: 'c1', data });

test('a run reads each campaign once and words every notice from it', async () => {
  const { db, reads } = campaignReads([CAMPAIGN]);
  const worded = resultNoticeWording(db);
  const [won, waitlisted] = await Promise.all([
    worded(notice({ outcome: 'won', wonPoolIds: ['G500', 'G5000'] })),
    worded(notice({ outcome: 'waitlisted', waitlistRank: 3, waitlistPoolId: 'G500' })),
  ]);
  expect(won?.data).toEqual({
    title: CAMPAIGN.title,
    time: '2026-12-05 10:30',
    outcome: 'won',
    pools: '5,000 元券、500 元券',
  });
  expect(waitlisted?.data).toMatchObject({ outcome: 'waitlisted', waitlistRank: 3, pools: '500 元券' });
  expect(reads()).toBe(1);
});

test('a failed read is not kept: the next notice of the campaign reads it again', async () => {
  const { db, reads } = campaignReads(['fail', CAMPAIGN]);
  const worded = resultNoticeWording(db);
  await expect(worded(notice({ outcome: 'lost' }))).rejects.toThrow('网络错误');
  expect((await worded(notice({ outcome: 'lost' })))?.data).toMatchObject({ title: CAMPAIGN.title });
  expect((await worded(notice({ outcome: 'lost' })))?.data).toMatchObject({ title: CAMPAIGN.title });
  expect(reads()).toBe(2);
});

test('a notice whose campaign is gone answers null; other notices pass untouched, unread', async () => {
  const { db, reads } = campaignReads([null]);
  const worded = resultNoticeWording(db);
  expect(await worded(notice({ outcome: 'lost' }))).toBeNull();
  const other = { template: 'voucherExpiring', data: { title: '检测券即将到期' } };
  expect(await worded(other)).toBe(other);
  expect(reads()).toBe(1);
});
