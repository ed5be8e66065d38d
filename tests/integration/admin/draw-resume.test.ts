import { computeRecord } from '../../../cloudfunctions/src/core/draw';
import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { startTestCloud } from '../helpers/local-cloud';
import { failure, hoursFromNow, ok, type TestCloud } from '../voucher/fixtures';
import { advanceDrand, storedSecret } from '../voucher/lifecycle';

const APPLICANTS = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A draw interrupted between a write and its checkpoint, then resumed: the same result, no duplicates. */
describe('a draw killed mid-way and resumed', () => {
  let cloud: TestCloud;
  let campaignId: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    campaignId = ok(
      await cloud.admin('admin', {
        action: 'createCampaign',
        title: '续跑测试活动',
        opensAt: hoursFromNow(-2),
        closesAt: hoursFromNow(1),
        cap: 5000,
        voucherValidUntil: '2027-06-30',
        pools: [
          { poolId: 'G5000', faceValue: 5000, quantity: 6, applicantTypes: ['enterprise'] },
          { poolId: 'G2000', faceValue: 2000, quantity: 15, applicantTypes: ['enterprise'] },
          { poolId: 'G1000', faceValue: 1000, quantity: 20, applicantTypes: ['enterprise'] },
          { poolId: 'G500', faceValue: 500, quantity: 20, applicantTypes: ['enterprise'] },
        ],
      }),
    ).campaignId;
    ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    const pools = [['G5000'], ['G2000', 'G500'], ['G1000', 'G500'], ['G5000', 'G2000', 'G1000', 'G500']];
    await cloud.db.insertMany(
      'applications',
      Array.from({ length: APPLICANTS }, (_, i) => {
        const uscc = makeUscc({ division: '440604', orgCode: String(10000000 + i * 37) });
        return {
          campaignId,
          applicantKey: uscc,
          applicantType: 'enterprise',
          applicantName: `续跑企业${i}`,
          uscc,
          ownerOpenid: `o-resume-${i}`,
          contact: { name: '陈一', phone: '13800000000' },
          city: '佛山',
          poolIds: [...pools[i % 4]].sort(),
          services: [],
          status: 'submitted',
          submittedAt: new Date(),
        };
      }),
    );
    ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
    // The pinned drand round (closesAt + 10 min) is produced.
    await advanceDrand(cloud, 2 * 3600);
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('a crash after a write, then resumed calls, issue exactly the recomputed result', async () => {
    // One batch: the first call also fetches and BLS-verifies the beacon, which can take the whole 200 ms budget.
    const crashed = await cloud.admin('admin', { action: 'draw', campaignId, budgetMs: 200, faultAfterBatches: 1 });
    expect(failure(crashed).code).toBe('INTERNAL');
    // No other beacon can take over a started draw: the pinned round is the only one.
    await sleep(450);
    const typed = { issue: '福彩3D 第2026310期', numbers: '9 9 1' };
    expect(failure(await cloud.admin('admin', { action: 'draw', campaignId, announced: typed })).code).toBe(
      'BEACON_MISMATCH',
    );

    let calls = 0;
    let progress: any;
    do {
      await sleep(450); // the crashed call's lease (budget + the same again) runs out first
      progress = ok(await cloud.admin('admin', { action: 'draw', campaignId, budgetMs: 200 }));
      calls++;
    } while (progress.status !== 'done' && calls < 100);
    expect(progress.status).toBe('done');

    const entries = ((await cloud.db.find('applications', { campaignId })) as any[]).map((a) => ({
      applicationId: a._id,
      applicantKey: a.applicantKey,
      poolIds: a.poolIds,
    }));
    const campaign = (await cloud.db.find('campaigns', { _id: campaignId }))[0] as any;
    const expected = computeRecord({
      campaignId,
      cap: 5000,
      pools: campaign.pools.map(({ poolId, faceValue, quantity }: any) => ({ poolId, faceValue, quantity })),
      secret: await storedSecret(cloud, campaignId),
      beacon: campaign.beacon,
      entries,
    });
    expect(progress.resultDigest).toBe(expected.resultDigest);

    const vouchers = (await cloud.db.find('vouchers', { campaignId })) as any[];
    const expectedPairs = expected.result.flatMap((p) => p.winners.map((id) => `${p.poolId}/${id}`)).sort();
    expect(vouchers.map((v) => `${v.poolId}/${v.applicationId}`).sort()).toEqual(expectedPairs);
    expect(new Set(vouchers.map((v) => v._id)).size).toBe(vouchers.length);

    const apps = (await cloud.db.find('applications', { campaignId })) as any[];
    const winners = new Set(expected.result.flatMap((p) => p.winners));
    for (const app of apps) expect(app.status === 'won').toBe(winners.has(app._id));
  }, 120_000);

  test('a declined voucher goes to the first eligible waitlisted applicant', async () => {
    ok(await cloud.admin('admin', { action: 'publishResults', campaignId }));
    const [voucher] = (await cloud.db.find('vouchers', { campaignId, poolId: 'G2000' })) as any[];
    const none = ok(await cloud.admin('admin', { action: 'promoteWaitlist', campaignId, poolId: 'G2000' }));
    expect(none.promoted).toEqual([]);

    ok(await cloud.call('voucher', { action: 'declineVoucher', voucherId: voucher._id }, voucher.holderOpenid));
    const promoted = ok(await cloud.admin('admin', { action: 'promoteWaitlist', campaignId, poolId: 'G2000' }));
    expect(promoted.promoted).toHaveLength(1);
    const [winner] = promoted.promoted;
    const app = ((await cloud.db.find('applications', { _id: winner })) as any[])[0];
    expect(app.status).toBe('won');
    expect(app.wonPoolIds).toContain('G2000');
    const live = ((await cloud.db.find('vouchers', { campaignId })) as any[]).filter((v) =>
      ['issued', 'redeemed'].includes(v.status),
    );
    const totals = new Map<string, number>();
    for (const v of live) totals.set(v.holderKey, (totals.get(v.holderKey) ?? 0) + v.faceValue);
    for (const t of totals.values()) expect(t).toBeLessThanOrEqual(5000);
    expect(live.filter((v) => v.poolId === 'G2000')).toHaveLength(15);
    // The promoted holder sees the voucher.
    const mine = ok(await cloud.call('voucher', { action: 'myVouchers' }, app.ownerOpenid));
    expect(mine.items.some((v: any) => v.poolId === 'G2000' && v.status === 'issued')).toBe(true);
  });
});
