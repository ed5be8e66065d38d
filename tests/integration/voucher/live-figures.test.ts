import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, smallCampaign, type TestCloud } from './fixtures';
import { openCampaign } from './lifecycle';

/** Pools named by the i-th applicant of a campaign (smallCampaign's enterprise pools). */
const POOLS = [['G5000'], ['G2000', 'G500'], ['G1000', 'G500', 'G5000'], ['G500']];

async function addApplicants(cloud: TestCloud, campaignId: string, n: number, from = 0): Promise<void> {
  await cloud.db.insertMany(
    'applications',
    Array.from({ length: n }, (_, k) => {
      const i = from + k;
      const uscc = makeUscc({ division: '440604', orgCode: String(30000000 + i * 43) });
      return {
        campaignId,
        applicantKey: uscc,
        applicantType: 'enterprise',
        applicantName: `实时企业${i}有限公司`,
        uscc,
        ownerOpenid: `o-live-${campaignId}-${i}`,
        contact: { name: '林小姐', phone: '13912345678' },
        city: '佛山市',
        poolIds: [...POOLS[i % POOLS.length]].sort(),
        services: ['ccc'],
        status: 'submitted',
        submittedAt: new Date(),
      };
    }),
  );
}

/** Expected per-pool counts of `n` applicants from addApplicants. */
function expectedCounts(n: number): Record<string, number> {
  const counts: Record<string, number> = { G5000: 0, G2000: 0, G1000: 0, G500: 0, C1000: 0 };
  for (let i = 0; i < n; i++) for (const p of POOLS[i % POOLS.length]) counts[p]++;
  return counts;
}

/**
 * Live applicant counts on the campaign page: right per pool, counts only, and cached per function instance
 * so that many readers within the time to live cost the database requests of one.
 */
describe('voucher.liveFigures', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
    // The containers boot here, not inside the first test's time (a busy CI machine took over 5 s).
    await cloud.cloud.host.prewarm(['admin', 'voucher']);
  }, 60_000);
  afterAll(() => cloud?.stop());

  const figures = (campaignId: string, openid = 'o-reader') =>
    cloud.callCounted<any>('voucher', { action: 'liveFigures', campaignId }, openid);

  test('counts applicants per pool while open, with nothing that says who applied', async () => {
    const { campaignId } = await openCampaign(cloud);
    await addApplicants(cloud, campaignId, 23);
    const { result } = await figures(campaignId);
    const view = ok(result);
    const counts = expectedCounts(23);
    expect(view).toMatchObject({ campaignId, final: false, applicants: 23, maxAgeSeconds: 30 });
    expect(view.pools).toEqual(
      smallCampaign().pools.map((p) => ({ poolId: p.poolId, quantity: p.quantity, applicants: counts[p.poolId] })),
    );
    // Nothing personal: no openid, name, USCC, phone or contact, only numbers per pool.
    const text = JSON.stringify(view);
    const apps = (await cloud.db.find('applications', { campaignId })) as any[];
    for (const app of apps)
      for (const secret of [app.ownerOpenid, app.applicantName, app.uscc, app.contact.phone, app.contact.name])
        expect(text).not.toContain(secret);
    expect(Object.keys(view).sort()).toEqual([
      'applicants',
      'campaignId',
      'countedAt',
      'final',
      'maxAgeSeconds',
      'pools',
    ]);
  });

  test('reads within the time to live cost the database requests of one, even when they arrive at once', async () => {
    const { campaignId } = await openCampaign(cloud);
    await addApplicants(cloud, campaignId, 40);
    // 25 readers at once on a cold cache share one count.
    const burst = await Promise.all(Array.from({ length: 25 }, (_, i) => figures(campaignId, `o-burst-${i}`)));
    // One count: the campaign, the total and the per-pool aggregate.
    expect(burst.reduce((sum, r) => sum + r.total, 0)).toBe(3);
    for (const r of burst) expect(ok(r.result).applicants).toBe(40);

    // More readers later, within the time to live: no database request at all, the same counts.
    await addApplicants(cloud, campaignId, 5, 40);
    const later = [];
    for (let i = 0; i < 30; i++) later.push(await figures(campaignId, `o-later-${i}`));
    expect(later.reduce((sum, r) => sum + r.total, 0)).toBe(0);
    for (const r of later) expect(ok(r.result).applicants).toBe(40);
    expect(new Set(later.map((r) => ok(r.result).countedAt)).size).toBe(1);
  });

  test('a closed campaign shows its final counts (the page shows no odds then)', async () => {
    const { campaignId } = await openCampaign(cloud);
    await addApplicants(cloud, campaignId, 9);
    ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
    const view = ok((await figures(campaignId)).result);
    expect(view).toMatchObject({ final: true, applicants: 9, maxAgeSeconds: 600 });
    expect(view.pools.find((p: any) => p.poolId === 'G500').applicants).toBe(expectedCounts(9).G500);
  });

  test('drafts and unknown campaigns are not found; a bad id is refused with the field named', async () => {
    const { campaignId } = ok(await cloud.admin('admin', { action: 'createCampaign', ...smallCampaign() }));
    expect(failure((await figures(campaignId)).result).code).toBe('NOT_FOUND');
    expect(failure((await figures('no-such-campaign')).result).code).toBe('NOT_FOUND');
    const bad = failure(await cloud.call('voucher', { action: 'liveFigures', campaignId: 7 }, 'o-reader'));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.message).toContain('活动编号');
  });
});
