import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, USCCS, type TestCloud } from '../voucher/fixtures';
import {
  closeAndDraw,
  enterpriseApplication,
  openCampaign,
  pauseDatabase,
  vouchersOf,
  type StoredVoucher,
} from '../voucher/lifecycle';

const CAP = 3000;

function liveTotals(vouchers: StoredVoucher[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const v of vouchers.filter((v) => v.status === 'issued' || v.status === 'redeemed'))
    totals.set(v.holderKey, (totals.get(v.holderKey) ?? 0) + v.faceValue);
  return totals;
}

/** Waitlist promotion (LOTTERY.md): never past the cap, whatever runs at the same time, and not after validity. */
describe('waitlist promotion', () => {
  let cloud: TestCloud;
  let campaignId: string;
  const openids = ['o-wl-0', 'o-wl-1', 'o-wl-2'];

  beforeAll(async () => {
    cloud = await startTestCloud();
    ({ campaignId } = await openCampaign(cloud, {
      cap: CAP,
      pools: [
        { poolId: 'A2000', faceValue: 2000, quantity: 1, applicantTypes: ['enterprise'] },
        { poolId: 'B2000', faceValue: 2000, quantity: 1, applicantTypes: ['enterprise'] },
      ],
    }));
    // Three applicants for two 2000-yuan pools under a 3000 cap: A's winner is skipped in B (cap), B's
    // winner is one of the other two, and the third applicant waits in both pools.
    await cloud.db.insertMany(
      'applications',
      openids.map((openid, i) => enterpriseApplication(campaignId, openid, USCCS[i], ['A2000', 'B2000'])),
    );
    await closeAndDraw(cloud, campaignId);
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('two pools promoted at the same time never take one applicant past the cap', async () => {
    const drawn = await vouchersOf(cloud, campaignId);
    expect(drawn.map((v) => v.poolId).sort()).toEqual(['A2000', 'B2000']);
    const apps = (await cloud.db.find('applications', { campaignId })) as { _id: string; applicantKey: string }[];
    const waiting = apps.find((a) => !drawn.some((v) => v.applicationId === a._id))!;
    // The draw's random order decides who leads A's waitlist; put the applicant waiting in both pools
    // first, so both promotions reach for the same applicant.
    const listId = `${campaignId}:A2000:L:0`;
    const [list] = (await cloud.db.find('draw_results', { _id: listId })) as { ids: string[] }[];
    expect(list.ids).toContain(waiting._id);
    await cloud.db.update(
      'draw_results',
      { _id: listId },
      { $set: { ids: [waiting._id, ...list.ids.filter((id) => id !== waiting._id)] } },
    );
    // Both winners give their vouchers up: one free slot in each pool.
    for (const v of drawn)
      ok(await cloud.call('voucher', { action: 'declineVoucher', voucherId: v._id }, v.holderOpenid));

    // Promotion of A stops right before writing its voucher; B is promoted meanwhile.
    const pause = pauseDatabase(
      cloud,
      (action, body) => action === 'database.insertDocument' && body.collectionName === 'vouchers',
    );
    try {
      const first = cloud.admin('admin', { action: 'promoteWaitlist', campaignId, poolId: 'A2000' });
      await pause.reached;
      const during = await cloud.admin('admin', { action: 'promoteWaitlist', campaignId, poolId: 'B2000' });
      pause.release();
      const promoted = await first;
      // Without one critical section per campaign, both promotions saw a total of 0 and gave 2000 each.
      expect(liveTotals(await vouchersOf(cloud, campaignId)).get(waiting.applicantKey)).toBe(2000);
      expect(ok(promoted).promoted).toEqual([waiting._id]);
      // The second promotion is told to come back later …
      expect(failure(during)).toMatchObject({ code: 'CONFLICT', message: '本活动的候补递补正在进行，请稍后再试' });
    } finally {
      pause.restore();
    }
    // … and then sees the first one's voucher: 2000 + 2000 would pass the cap, so nobody is promoted.
    const again = ok(await cloud.admin('admin', { action: 'promoteWaitlist', campaignId, poolId: 'B2000' }));
    expect(again).toMatchObject({ free: 1, promoted: [] });

    const totals = liveTotals(await vouchersOf(cloud, campaignId));
    expect(totals.get(waiting.applicantKey)).toBe(2000);
    for (const total of totals.values()) expect(total).toBeLessThanOrEqual(CAP);
    const [application] = await cloud.db.find('applications', { _id: waiting._id });
    expect(application).toMatchObject({ status: 'won', wonPoolIds: ['A2000'] });
  });

  test('promotion after the vouchers’ validity has ended is refused', async () => {
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 24 * 3600_000).toISOString().slice(0, 10);
    await cloud.db.update('campaigns', { _id: campaignId }, { $set: { voucherValidUntil: yesterday } });
    const before = await vouchersOf(cloud, campaignId);
    const refused = failure(await cloud.admin('admin', { action: 'promoteWaitlist', campaignId, poolId: 'B2000' }));
    expect(refused).toMatchObject({ code: 'CAMPAIGN_STATE' });
    expect(refused.message).toContain(yesterday);
    expect(await vouchersOf(cloud, campaignId)).toEqual(before);
  });
});
