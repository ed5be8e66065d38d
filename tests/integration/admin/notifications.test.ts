import { resolvePlaceholders } from '../../../emulator/env';
import type { SentMessage } from '../../../emulator/openapi';
import { docs, ok, setUpHospitals, staffUser, submit, update, type TestCloud } from '../cable/fixtures';
import { timer } from '../voucher/fixtures';
import { startTestCloud } from '../helpers/local-cloud';

const VOUCHER_TEMPLATE = resolvePlaceholders('{{env.YPT_TEMPLATE_VOUCHER_EXPIRY}}');
const CABLE_TEMPLATE = resolvePlaceholders('{{env.YPT_TEMPLATE_CABLE_STATUS}}');

/**
 * Subscribe messages end to end: real flows queue outbox documents, the sendNotifications timer delivers
 * them through wx-server-sdk's cloud.openapi to the local cloud, which records what WeChat would have received.
 */
describe('subscribe-message delivery', () => {
  let cloud: TestCloud;
  let staff: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    await setUpHospitals(cloud);
    staff = await staffUser(cloud, 'gd-cable');
  }, 60_000);
  afterAll(() => cloud?.stop());

  const messages = async (): Promise<SentMessage[]> => {
    const res = await fetch(`${cloud.url}/_emulator/messages`);
    expect(res.status).toBe(200);
    return (await res.json()) as SentMessage[];
  };
  const send = async () => ok(await timer(cloud, 'admin', 'sendNotifications'));

  /** An issued voucher expiring in 3 days, as the draw leaves it (the draw itself is vouchers/flow.test.ts). */
  async function voucherNearExpiry(holderOpenid: string, title = '2026 年广东省产品检测券', published = true) {
    const validUntil = new Date(Date.now() + 3 * 24 * 3600_000);
    const [id] = await cloud.db.insertMany('vouchers', [
      {
        campaignId: `c-${holderOpenid}`,
        poolId: 'G5000',
        applicationId: `a-${holderOpenid}`,
        holderOpenid,
        campaignTitle: title,
        faceValue: 5000,
        status: 'issued',
        validUntil,
        validUntilDate: '2027-12-31',
        published,
        createdAt: new Date(),
      },
    ]);
    return id;
  }

  test('a voucher of results not yet published gets no expiry reminder (it must not hint at a win)', async () => {
    await voucherNearExpiry('o-unpublished', '2026 年广东省产品检测券', false);
    expect(ok(await timer(cloud, 'admin', 'expireVouchers'))).toMatchObject({ warned: 0 });
    expect(await docs(cloud, 'outbox', { toOpenid: 'o-unpublished' })).toEqual([]);
  });

  // The cable requester verifies a phone first (cable.submit requires it): the user function starts cold.
  test('queued messages are delivered once, with the template, page and keyword data WeChat expects', async () => {
    const voucherId = await voucherNearExpiry('o-holder', '2026 年广东省中小微企业产品质量检测服务券（第一批）');
    expect(ok(await timer(cloud, 'admin', 'expireVouchers'))).toMatchObject({ warned: 1 });
    const { request } = ok(await submit(cloud, 'o-cable-user', { preferredHospitalId: 'gd-cable' }));
    ok(await update(cloud, staff, request.requestId, 'accepted', { note: '明天上门取样' }));
    const queued = await docs(cloud, 'outbox', { status: 'pending' });
    expect(queued).toHaveLength(2);

    const before = (await messages()).length;
    expect(await send()).toEqual({ sent: 2, skipped: 0, failed: 0, retrying: 0 });
    const sent = (await messages()).slice(before);
    expect(sent).toHaveLength(2);

    const voucherMsg = sent.find((m) => m.touser === 'o-holder')!;
    expect(voucherMsg).toMatchObject({
      templateId: VOUCHER_TEMPLATE,
      page: `pages/voucher/voucher/index?voucherId=${voucherId}`,
      miniprogramState: 'formal',
      data: {
        thing1: { value: '2026 年广东省中小微企业产品质量检…' },
        amount2: { value: '5000元' },
        date3: { value: '2027年12月31日' },
        thing4: { value: expect.any(String) },
      },
    });
    expect(Array.from(voucherMsg.data.thing1.value)).toHaveLength(20);

    const cableMsg = sent.find((m) => m.touser === 'o-cable-user')!;
    expect(cableMsg).toMatchObject({
      templateId: CABLE_TEMPLATE,
      page: `pages/cable/request/index?requestId=${request.requestId}`,
      data: {
        character_string1: { value: request.requestNo },
        phrase3: { value: '已受理' },
        thing4: { value: '广东省电线电缆产品医院' },
        thing6: { value: '明天上门取样' },
      },
    });
    for (const m of sent) {
      for (const [key, { value }] of Object.entries(m.data)) {
        if (key.startsWith('thing')) expect(Array.from(value).length).toBeLessThanOrEqual(20);
        if (key.startsWith('phrase')) expect(Array.from(value).length).toBeLessThanOrEqual(5);
        expect(value).not.toBe('');
      }
    }

    const after = await docs(cloud, 'outbox', { _id: { $in: queued.map((d) => d._id) } });
    for (const doc of after) {
      expect(doc.status).toBe('sent');
      expect(doc.sentAt).toBeInstanceOf(Date);
      expect(doc.attempts).toBe(1);
      expect(doc.leaseId).toBeUndefined();
    }

    // A second run finds nothing to send.
    expect(await send()).toEqual({ sent: 0, skipped: 0, failed: 0, retrying: 0 });
    expect((await messages()).length).toBe(before + 2);
  }, 30_000);

  test('a user who refused the subscription is skipped with the reason, not retried', async () => {
    const { request } = ok(await submit(cloud, 'refuse-cable-user', { preferredHospitalId: 'gd-cable' }));
    ok(await update(cloud, staff, request.requestId, 'accepted'));
    const before = (await messages()).length;
    expect(await send()).toEqual({ sent: 0, skipped: 1, failed: 0, retrying: 0 });
    const [doc] = await docs(cloud, 'outbox', { toOpenid: 'refuse-cable-user' });
    expect(doc.status).toBe('skipped');
    expect(doc.reason).toMatch(/43101/);
    expect((await messages()).length).toBe(before);
    expect(await send()).toEqual({ sent: 0, skipped: 0, failed: 0, retrying: 0 });
  });

  test('errors are retried with the error kept, and fail after 5 attempts', async () => {
    // A document WeChat rejects (no openid → 40003), queued as a function would.
    await cloud.db.insertMany('outbox', [
      {
        dedupeKey: 'test:no-openid',
        toOpenid: '',
        template: 'cableScreeningStatus',
        page: 'pages/index/index',
        data: { requestNo: 'X', status: '已受理' },
        status: 'pending',
        createdAt: new Date(),
      },
    ]);
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await send()).toEqual({ sent: 0, skipped: 0, failed: 0, retrying: 1 });
      const [doc] = await docs(cloud, 'outbox', { dedupeKey: 'test:no-openid' });
      expect(doc).toMatchObject({ status: 'pending', attempts: attempt });
      expect(doc.lastError).toMatch(/40003/);
    }
    expect(await send()).toEqual({ sent: 0, skipped: 0, failed: 1, retrying: 0 });
    expect((await docs(cloud, 'outbox', { dedupeKey: 'test:no-openid' }))[0]).toMatchObject({
      status: 'failed',
      attempts: 5,
    });
    expect(await send()).toEqual({ sent: 0, skipped: 0, failed: 0, retrying: 0 });
  });

  test('two runs at once send each message exactly once', async () => {
    const openids = Array.from({ length: 6 }, (_, i) => `o-burst-${i}`);
    for (const openid of openids) await voucherNearExpiry(openid);
    expect(ok(await timer(cloud, 'admin', 'expireVouchers'))).toMatchObject({ warned: 6 });
    const before = (await messages()).length;

    const [a, b] = await Promise.all([
      cloud.admin<{ ok: boolean; data: { sent: number } }>('admin', { action: 'sendNotifications' }),
      cloud.admin<{ ok: boolean; data: { sent: number } }>('admin', { action: 'sendNotifications' }),
    ]);
    expect(ok<{ sent: number }>(a).sent + ok<{ sent: number }>(b).sent).toBe(6);
    const sent = (await messages()).slice(before);
    expect(sent.map((m) => m.touser).sort()).toEqual(openids);
    const stored = await docs(cloud, 'outbox', { toOpenid: { $in: openids } });
    expect(stored.map((d) => d.status)).toEqual(openids.map(() => 'sent'));
  });

  test('a run stuck mid-send: its expired lease is taken over by the next run', async () => {
    await cloud.db.insertMany('outbox', [
      {
        dedupeKey: 'test:stale-lease',
        toOpenid: 'o-stale',
        template: 'voucherExpiry',
        page: 'pages/voucher/tab/index',
        data: { title: '检测券', faceValue: 1000, validUntil: '2027-01-31' },
        status: 'sending',
        leaseId: 'dead-run',
        leaseUntil: new Date(Date.now() - 1000),
        createdAt: new Date(),
      },
      {
        dedupeKey: 'test:live-lease',
        toOpenid: 'o-live',
        template: 'voucherExpiry',
        page: 'pages/voucher/tab/index',
        data: { title: '检测券', faceValue: 1000, validUntil: '2027-01-31' },
        status: 'sending',
        leaseId: 'running',
        leaseUntil: new Date(Date.now() + 60_000),
        createdAt: new Date(),
      },
    ]);
    expect(await send()).toEqual({ sent: 1, skipped: 0, failed: 0, retrying: 0 });
    const sent = await messages();
    expect(sent[sent.length - 1]).toMatchObject({ touser: 'o-stale', data: { date3: { value: '2027年1月31日' } } });
    expect((await docs(cloud, 'outbox', { dedupeKey: 'test:live-lease' }))[0].status).toBe('sending');
  });

  test('result notices are worded from their campaign when sent; one whose campaign is gone fails at once', async () => {
    const publishedAt = new Date('2026-12-05T02:30:00Z');
    await cloud.db.insertMany('campaigns', [
      {
        _id: 'c-worded',
        title: '2026 年第二批产品检测券',
        status: 'published',
        publishedAt,
        pools: [
          { poolId: 'G5000', faceValue: 5000, quantity: 1 },
          { poolId: 'G2000', faceValue: 2000, quantity: 1 },
          { poolId: 'G500', faceValue: 500, quantity: 1, label: '小额检测券' },
        ],
      },
    ]);
    const notice = (openid: string, campaignId: string, data: Record<string, unknown>) => ({
      _id: `campaign-result:${campaignId}:${openid}`,
      dedupeKey: `campaign-result:${campaignId}:${openid}`,
      campaignId,
      toOpenid: openid,
      template: 'campaignResult',
      page: 'pages/voucher/my-vouchers/index',
      data,
      status: 'pending',
      createdAt: new Date(),
    });
    await cloud.db.insertMany('outbox', [
      // As admin/draw/notices.ts queues them: the outcome and ids only.
      notice('o-won-two', 'c-worded', { outcome: 'won', wonPoolIds: ['G500', 'G5000'] }),
      notice('o-waitlisted', 'c-worded', { outcome: 'waitlisted', waitlistRank: 7, waitlistPoolId: 'G500' }),
      // Queued before the words moved to sending time: sent as queued.
      notice('o-worded-before', 'c-worded', {
        title: '旧的活动名称',
        outcome: 'won',
        pools: '1,000 元券',
        time: '2026-12-01 09:00',
      }),
      notice('o-no-campaign', 'c-gone', { outcome: 'lost' }),
    ]);
    const before = (await messages()).length;
    expect(await send()).toEqual({ sent: 3, skipped: 0, failed: 1, retrying: 0 });
    const sent = new Map((await messages()).slice(before).map((m) => [m.touser, m.data]));
    expect(sent.get('o-won-two')).toEqual({
      thing1: { value: '2026 年第二批产品检测券' },
      phrase2: { value: '中签' },
      // The campaign's order (largest first), the pool's own label where it has one.
      thing3: { value: '获得5,000 元券、小额检测券，请查…' },
      time4: { value: '2026-12-05 10:30' },
    });
    expect(sent.get('o-waitlisted')?.thing3).toEqual({ value: '候补第 7 位（小额检测券）' });
    expect(sent.get('o-worded-before')).toMatchObject({
      thing1: { value: '旧的活动名称' },
      thing3: { value: '获得1,000 元券，请查看我的检测券' },
      time4: { value: '2026-12-01 09:00' },
    });
    expect(sent.has('o-no-campaign')).toBe(false);
    const [orphan] = await docs(cloud, 'outbox', { toOpenid: 'o-no-campaign' });
    expect(orphan).toMatchObject({ status: 'failed', attempts: 1 });
    expect(orphan.lastError).toMatch(/campaign not found/);
  });

  test('malformed wx.openApi requests get an error reply and the local cloud keeps serving', async () => {
    const post = async (contentType: string, body: string) => {
      const res = await fetch(`${cloud.cloud.adminUrl}`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { code?: string };
    };
    expect((await post('multipart/form-data', 'garbage')).code).toBe('INVALID_PARAM');
    const form = (fields: Record<string, string>) =>
      Object.entries(fields)
        .map(([k, v]) => `--b0\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join('') + '--b0--\r\n';
    expect((await post('multipart/form-data; boundary=b0', form({ action: 'wx.other' }))).code).toBe('INVALID_ACTION');
    expect((await post('multipart/form-data', form({ action: 'wx.openApi', apiName: 'wxacode.get' }))).code).toBe(
      'INVALID_ACTION',
    );
    const bad = form({ action: 'wx.openApi', apiName: 'subscribeMessage.send', requestData: '\x12\x7f' });
    expect((await post('multipart/form-data; boundary=b0', bad)).code).toBe('INVALID_PARAM');
    expect((await fetch(`${cloud.url}/healthz`)).status).toBe(200);
  });
});
