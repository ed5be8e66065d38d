import { startTestCloud } from '../helpers/local-cloud';
import { ok, type TestCloud } from '../voucher/fixtures';

/** The counts on 我的's entries: my usable vouchers and my open quick-screen requests, nobody else's. */
describe('user.summary', () => {
  let cloud: TestCloud;
  const ME = 'o-summary-me';
  const OTHER = 'o-summary-other';
  const day = 24 * 3600_000;

  beforeAll(async () => {
    cloud = await startTestCloud();
    const voucher = (i: number, holderOpenid: string, fields: Record<string, unknown>) => ({
      _id: `V-summary-${i}`,
      campaignId: 'c-summary',
      poolId: 'G1000',
      applicationId: `a-summary-${i}`,
      holderKey: holderOpenid,
      holderOpenid,
      faceValue: 1000,
      status: 'issued',
      published: true,
      validUntil: new Date(Date.now() + 30 * day),
      ...fields,
    });
    await cloud.db.insertMany('vouchers', [
      voucher(1, ME, {}),
      voucher(2, ME, { poolId: 'G500' }),
      voucher(3, ME, { status: 'redeemed' }),
      voucher(4, ME, { status: 'void' }),
      voucher(5, ME, { validUntil: new Date(Date.now() - day) }), // past its last day, not yet marked expired
      voucher(6, ME, { published: false }), // drawn, results not yet published
      voucher(7, OTHER, {}),
    ]);
    const request = (i: number, requesterOpenid: string, status: string) => ({
      _id: `R-summary-${i}`,
      requesterOpenid,
      clientRequestId: `client-${i}`,
      status,
      submittedAt: new Date(),
    });
    await cloud.db.insertMany('cable_requests', [
      request(1, ME, 'submitted'),
      request(2, ME, 'accepted'),
      request(3, ME, 'screening'),
      request(4, ME, 'completed'),
      request(5, ME, 'rejected'),
      request(6, ME, 'cancelled'),
      request(7, OTHER, 'submitted'),
      request(8, OTHER, 'sample_received'),
    ]);
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('counts only my usable vouchers and my open requests', async () => {
    expect(ok(await cloud.call('user', { action: 'summary' }, ME))).toEqual({
      usableVouchers: 2,
      openCableRequests: 3,
    });
    expect(ok(await cloud.call('user', { action: 'summary' }, OTHER))).toEqual({
      usableVouchers: 1,
      openCableRequests: 2,
    });
    expect(ok(await cloud.call('user', { action: 'summary' }, 'o-summary-nobody'))).toEqual({
      usableVouchers: 0,
      openCableRequests: 0,
    });
  });

  test('follows changes: a redeemed voucher and a completed request drop out', async () => {
    await cloud.db.update('vouchers', { _id: 'V-summary-1' }, { $set: { status: 'redeemed' } });
    await cloud.db.update('cable_requests', { _id: 'R-summary-1' }, { $set: { status: 'cancelled' } });
    expect(ok(await cloud.call('user', { action: 'summary' }, ME))).toEqual({
      usableVouchers: 1,
      openCableRequests: 2,
    });
  });

  test('answers nothing to a caller without an OPENID, and takes no fields', async () => {
    const res = await fetch(`${cloud.url}/client/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'user', data: { action: 'summary' }, source: 'wx_crawler' }),
    });
    expect(((await res.json()) as { result: unknown }).result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    // Whose counts is decided by the platform's OPENID, never by the call's data.
    const spoof = await cloud.call('user', { action: 'summary', openid: OTHER }, ME);
    expect(ok(spoof)).toEqual(ok(await cloud.call('user', { action: 'summary' }, ME)));
  });
});
