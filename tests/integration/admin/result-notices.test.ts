import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { resolvePlaceholders } from '../../../emulator/env';
import type { SentMessage } from '../../../emulator/openapi';
import { waitUntil } from '../../helpers/wait';
import { startTestCloud } from '../helpers/local-cloud';
import { failure, hoursFromNow, ok, timer, type TestCloud } from '../voucher/fixtures';
import { advanceDrand } from '../voucher/lifecycle';

const TEMPLATE = resolvePlaceholders('{{env.YPT_TEMPLATE_CAMPAIGN_RESULT}}');
const TITLE = '2026 年检测券（通知测试）';
const APPLICANTS = 48;
/** Applicants whose WeChat answers 43101 (the local cloud refuses openids starting with "refuse-"). */
const REFUSING = 4;
const POOLS = [['G5000'], ['G2000', 'G500'], ['G1000', 'G500'], ['G5000', 'G2000', 'G1000', 'G500']];

const openidOf = (i: number) => (i < REFUSING ? `refuse-notice-${i}` : `o-notice-${i}`);

interface NoticeStatus {
  queueing: { status: string; done: number; total: number };
  queued: number;
  sent: number;
  skipped: number;
  failed: number;
  pending: number;
  perRun: number;
}

/**
 * Result notices: publishing queues one campaignResult message per applicant through the outbox in a
 * resumable job; a crash mid-batch and the resumed calls queue each exactly once; the outbox timer sends
 * each exactly once; noticeStatus counts them.
 */
describe('result notices after publishing', () => {
  let cloud: TestCloud;
  let campaignId: string;

  const messages = async (): Promise<SentMessage[]> =>
    ((await (await fetch(`${cloud.url}/_emulator/messages`)).json()) as SentMessage[]).filter(
      (m) => m.templateId === TEMPLATE,
    );
  const status = async () => ok<NoticeStatus>(await cloud.admin('admin', { action: 'noticeStatus', campaignId }));
  const outbox = async () => (await cloud.db.find('outbox', { campaignId })) as any[];

  beforeAll(async () => {
    cloud = await startTestCloud();
    campaignId = ok(
      await cloud.admin('admin', {
        action: 'createCampaign',
        title: TITLE,
        opensAt: hoursFromNow(-2),
        closesAt: hoursFromNow(1),
        cap: 5000,
        voucherValidUntil: '2027-06-30',
        pools: [
          { poolId: 'G5000', faceValue: 5000, quantity: 3, applicantTypes: ['enterprise'] },
          { poolId: 'G2000', faceValue: 2000, quantity: 4, applicantTypes: ['enterprise'] },
          { poolId: 'G1000', faceValue: 1000, quantity: 4, applicantTypes: ['enterprise'] },
          { poolId: 'G500', faceValue: 500, quantity: 4, applicantTypes: ['enterprise'], label: '小额检测券' },
        ],
      }),
    ).campaignId;
    ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    await cloud.db.insertMany(
      'applications',
      Array.from({ length: APPLICANTS }, (_, i) => {
        const uscc = makeUscc({ division: '440604', orgCode: String(20000000 + i * 41) });
        return {
          campaignId,
          applicantKey: uscc,
          applicantType: 'enterprise',
          applicantName: `通知企业${i}`,
          uscc,
          ownerOpenid: openidOf(i),
          contact: { name: '陈一', phone: '13800000000' },
          city: '佛山',
          poolIds: [...POOLS[i % 4]].sort(),
          services: [],
          status: 'submitted',
          submittedAt: new Date(),
        };
      }),
    );
    ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
    await advanceDrand(cloud, 2 * 3600);
    await waitUntil(async () => ok(await cloud.admin('admin', { action: 'draw', campaignId })).status === 'done', {
      timeoutMs: 60_000,
      what: 'the draw',
    });
  }, 90_000);
  afterAll(() => cloud?.stop());

  test('a non-admin is refused before the input is read', async () => {
    for (const data of [
      { action: 'noticeStatus', campaignId: 42 },
      { action: 'noticeStatus' },
      { action: 'publishResults', campaignId, faultAfterBatches: 'x' },
      { action: 'sendNotifications', perSecond: -1 },
    ]) {
      expect(failure(await cloud.call('admin', data, 'o-notice-9')).code).toBe('FORBIDDEN');
    }
    expect(failure(await cloud.admin('admin', { action: 'noticeStatus', campaignId: 42 })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(failure(await cloud.admin('admin', { action: 'noticeStatus', campaignId: 'no-such' })).code).toBe(
      'NOT_FOUND',
    );
  });

  test('before publishing nothing is queued', async () => {
    expect(await status()).toMatchObject({
      queueing: { status: 'none', done: 0, total: 0 },
      queued: 0,
      sent: 0,
      pending: 0,
    });
  });

  test('a crash mid-batch, then resumed calls and timer runs: each applicant queued and sent exactly once', async () => {
    // The first batch is written, then the call dies before its checkpoint (after the campaign was published).
    const crashed = await cloud.admin('admin', {
      action: 'publishResults',
      campaignId,
      budgetMs: 200,
      noticeBatch: 10,
      faultAfterBatches: 1,
    });
    expect(failure(crashed).code).toBe('INTERNAL');
    expect((await outbox()).length).toBe(10);
    expect(((await cloud.db.find('campaigns', { _id: campaignId })) as any[])[0].status).toBe('published');
    expect((await status()).queueing).toMatchObject({ status: 'running', done: 0, total: APPLICANTS });

    // A repeated publish continues once the crashed call's lease has run out: one batch (budget 1 ms),
    // the first again — its ids exist, so nothing is added twice.
    const resumed = await waitUntil(
      async () => {
        const res = ok(
          await cloud.admin('admin', { action: 'publishResults', campaignId, budgetMs: 1, noticeBatch: 10 }),
        );
        return res.notices.done > 0 && res.notices;
      },
      { what: 'the notice job to resume' },
    );
    expect(resumed).toEqual({ status: 'running', done: 10, total: APPLICANTS });
    expect((await outbox()).length).toBe(10);

    // The outbox timer finishes queueing, then sends.
    const before = (await messages()).length;
    await waitUntil(
      async () => {
        ok(await timer(cloud, 'admin', 'sendNotifications'));
        const s = await status();
        return s.queueing.status === 'done' && s.pending === 0 && s;
      },
      { what: 'every notice queued and sent', timeoutMs: 30_000 },
    );
    const queued = await outbox();
    expect(queued).toHaveLength(APPLICANTS);
    // One message per application, whatever number of pools it named.
    expect(new Set(queued.map((d) => d.toOpenid)).size).toBe(APPLICANTS);
    for (const doc of queued) expect(doc.dedupeKey).toBe(doc._id);

    const sent = (await messages()).slice(before);
    const delivered = APPLICANTS - REFUSING;
    expect(sent).toHaveLength(delivered);
    expect(new Set(sent.map((m) => m.touser)).size).toBe(delivered);
    expect(sent.some((m) => m.touser.startsWith('refuse-'))).toBe(false);

    // A further run sends nothing again.
    ok(await timer(cloud, 'admin', 'sendNotifications'));
    expect((await messages()).length).toBe(before + delivered);
  }, 90_000);

  test("each notice states the applicant's outcome: won with the pool and voucher, waitlisted with the place, or not drawn", async () => {
    const apps = (await cloud.db.find('applications', { campaignId })) as any[];
    const vouchers = (await cloud.db.find('vouchers', { campaignId })) as any[];
    const chunks = (await cloud.db.find('draw_results', { campaignId, kind: 'L' })) as any[];
    const byOpenid = new Map((await messages()).map((m) => [m.touser, m]));
    const kinds = new Set<string>();
    for (const app of apps) {
      if (app.ownerOpenid.startsWith('refuse-')) continue;
      const m = byOpenid.get(app.ownerOpenid)!;
      expect(m).toBeDefined();
      expect(m.data.thing1.value).toBe(TITLE);
      expect(m.data.time4.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      kinds.add(app.status);
      if (app.status === 'won') {
        expect(m.data.phrase2.value).toBe('中签');
        const mine = vouchers.filter((v) => v.applicationId === app._id);
        expect(mine.length).toBe(app.wonPoolIds.length);
        if (mine.length === 1) {
          expect(m.page).toBe(`pages/voucher/voucher/index?voucherId=${mine[0]._id}`);
          const label = mine[0].poolId === 'G500' ? '小额检测券' : `${mine[0].faceValue.toLocaleString('en-US')} 元券`;
          expect(m.data.thing3.value).toContain(`获得${label}`);
        } else {
          expect(m.page).toBe('pages/voucher/my-vouchers/index');
        }
      } else if (app.status === 'waitlisted') {
        expect(m.data.phrase2.value).toBe('候补');
        const places = chunks.flatMap((c) =>
          c.ids.includes(app._id) ? [c.chunk * 1000 + c.ids.indexOf(app._id) + 1] : [],
        );
        expect(m.data.thing3.value).toMatch(new RegExp(`^候补第 ${Math.min(...places)} 位`));
        expect(m.page).toBe('pages/voucher/my-applications/index');
      } else {
        expect(app.status).toBe('lost');
        expect(m.data.phrase2.value).toBe('未中签');
        expect(m.data.thing3.value).toBe('感谢参与，欢迎关注后续活动');
      }
    }
    // draw-v1 waitlists every entry that does not win, so 未中签 (status lost) needs an applicant the cap
    // keeps out of every pool: not in this campaign (its wording is in tests/unit/notifications.test.ts).
    expect([...kinds].sort()).toEqual(['waitlisted', 'won']);
  });

  test('refused subscriptions (43101) count as skipped; noticeStatus adds up', async () => {
    const refused = (await outbox()).filter((d) => d.toOpenid.startsWith('refuse-'));
    expect(refused).toHaveLength(REFUSING);
    for (const doc of refused) {
      expect(doc.status).toBe('skipped');
      expect(doc.reason).toMatch(/43101/);
    }
    const s = await status();
    expect(s).toMatchObject({
      queueing: { status: 'done', done: APPLICANTS, total: APPLICANTS },
      queued: APPLICANTS,
      sent: APPLICANTS - REFUSING,
      skipped: REFUSING,
      failed: 0,
      pending: 0,
      perRun: 4000,
    });
  });

  test('a repeated publish after everything was sent queues nothing more', async () => {
    const res = ok(await cloud.admin('admin', { action: 'publishResults', campaignId }));
    expect(res.notices).toEqual({ status: 'done', done: APPLICANTS, total: APPLICANTS });
    expect((await outbox()).length).toBe(APPLICANTS);
  });
});
