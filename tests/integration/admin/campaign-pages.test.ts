import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { startTestCloud } from '../helpers/local-cloud';
import { enterpriseUser, failure, hoursFromNow, ok, smallCampaign, type TestCloud } from '../voucher/fixtures';
import { advanceDrand, enterpriseApplication, vouchersOf } from '../voucher/lifecycle';

const ADMIN = 'o-campaign-admin';
const APPLICANTS = 60;

const POOLS = [
  { poolId: 'G2000', faceValue: 2000, quantity: 3, applicantTypes: ['enterprise'] },
  { poolId: 'G500', faceValue: 500, quantity: 4, applicantTypes: ['enterprise'], label: '小额券' },
];

/**
 * The campaign pages' actions, in the order the pages call them (pages/admin/campaign-form, campaign):
 * create → update → open → close → draw, resumed over several `running` answers → publish → promote,
 * with campaignDetail's nextActions (what the page shows as buttons) at each state.
 */
describe('campaign pages: a campaign run by an admin user', () => {
  let cloud: TestCloud;
  const as = (data: object, openid = ADMIN) => cloud.call('admin', data, openid);
  const detail = async (campaignId: string) => ok(await as({ action: 'campaignDetail', campaignId }));

  beforeAll(async () => {
    cloud = await startTestCloud();
    ok(await cloud.call('user', { action: 'login' }, ADMIN));
    ok(await cloud.admin('admin', { action: 'grantRole', openid: ADMIN, role: 'admin' }));
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('create → update → open → close → resumed draw → publish → promote, with the next actions at each step', async () => {
    // Created as a draft: editable and openable, the draft's own beacon choice kept for the form.
    const draft = { ...smallCampaign({ pools: POOLS }), closesAt: hoursFromNow(3) };
    const { campaignId } = ok(await as({ action: 'createCampaign', ...draft }));
    let d = await detail(campaignId);
    expect(d.campaign.status).toBe('draft');
    expect(d.nextActions).toEqual(['updateCampaign', 'openCampaign']);
    expect(d.beaconChoice).toBeNull();
    expect(d.pools.map((p: any) => [p.poolId, p.label, p.applied, p.winners])).toEqual([
      ['G2000', null, 0, null],
      ['G500', '小额券', 0, null],
    ]);

    // A rule across fields refused on update names its field for the form (not only a joined message).
    const refused = failure(
      await as({ action: 'updateCampaign', campaignId, ...draft, closesAt: hoursFromNow(-3) }),
    ) as unknown as { code: string; details: { fields: { path: string; message: string }[] } };
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.details.fields[0]).toMatchObject({ path: 'closesAt', message: '截止时间必须晚于开始时间' });

    const updated = ok(
      await as({
        action: 'updateCampaign',
        campaignId,
        ...draft,
        title: '页面管理的活动',
        beaconSource: { type: 'drand', chain: 'quicknet' },
      }),
    );
    expect(updated.title).toBe('页面管理的活动');
    d = await detail(campaignId);
    expect(d.beaconChoice).toEqual({ type: 'drand', chain: 'quicknet' });

    ok(await as({ action: 'openCampaign', campaignId }));
    d = await detail(campaignId);
    expect(d.campaign.status).toBe('open');
    expect(d.campaign.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(d.nextActions).toEqual(['closeCampaign']);
    expect(d.overdue).toBe(false);
    // Editing is over once opened, however the request is made.
    expect(failure(await as({ action: 'updateCampaign', campaignId, ...draft })).code).toBe('CAMPAIGN_STATE');
    expect(failure(await as({ action: 'openCampaign', campaignId })).code).toBe('CAMPAIGN_STATE');

    await cloud.db.insertMany(
      'applications',
      Array.from({ length: APPLICANTS }, (_, i) => {
        const uscc = makeUscc({ division: '440604', orgCode: String(20000000 + i * 41) });
        return enterpriseApplication(campaignId, `o-pages-${i}`, uscc, i % 2 ? ['G2000', 'G500'] : ['G500']);
      }),
    );

    // Closed early by the admin (before closesAt): the snapshot is taken, the draw is next.
    const closed = ok(await as({ action: 'closeCampaign', campaignId }));
    expect(closed.snapshotCount).toBe(APPLICANTS);
    d = await detail(campaignId);
    expect(d.nextActions).toEqual(['draw']);
    expect(d.applications).toBe(APPLICANTS);
    expect(d.pools.map((p: any) => p.applied)).toEqual([APPLICANTS / 2, APPLICANTS]);
    expect(d.drawJob).toBeNull();
    await advanceDrand(cloud, 6 * 3600);

    // A tiny budget: each call writes one batch and answers `running`, progress counting up to the total.
    const answers: any[] = [];
    for (let calls = 0; calls < 100; calls++) {
      const answer = ok(await as({ action: 'draw', campaignId, budgetMs: 1 }));
      answers.push(answer);
      if (answers.length === 2) {
        // Reopening the page mid-draw: the job is there to resume, and the draw is still the next action.
        const mid = await detail(campaignId);
        expect(mid.campaign.status).toBe('closed');
        expect(mid.drawJob).toMatchObject({ jobId: `draw-${campaignId}`, status: 'running' });
        expect(mid.drawJob.progress).toEqual(answer.progress);
        expect(mid.nextActions).toEqual(['draw']);
        const job = ok(await as({ action: 'jobStatus', jobId: `draw-${campaignId}` }));
        expect(job.progress).toEqual(answer.progress);
      }
      if (answer.status === 'done') break;
    }
    const running = answers.filter((a) => a.status === 'running');
    expect(running.length).toBeGreaterThanOrEqual(3);
    expect(answers.at(-1).status).toBe('done');
    const done = answers.map((a) => a.progress.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(answers.map((a) => a.progress.total)).size).toBe(1);
    expect(answers.at(-1).progress.done).toBe(answers.at(-1).progress.total);
    // Asked again, the draw answers done without writing anything new.
    expect(ok(await as({ action: 'draw', campaignId })).status).toBe('done');

    d = await detail(campaignId);
    expect(d.campaign.status).toBe('drawn');
    expect(d.nextActions).toEqual(['publishResults']);
    expect(d.pools.map((p: any) => [p.winners, p.issued])).toEqual([
      [3, 3],
      [4, 4],
    ]);

    ok(await as({ action: 'publishResults', campaignId }));
    d = await detail(campaignId);
    expect(d.campaign.status).toBe('published');
    // Every seat taken: nothing to promote.
    expect(d.nextActions).toEqual([]);
    expect(d.pools.every((p: any) => !p.promotable)).toBe(true);

    // A winner of the 500 pool gives the voucher up: that pool (only) can be promoted.
    const declined = (await vouchersOf(cloud, campaignId)).find((v) => v.poolId === 'G500')!;
    ok(await cloud.call('voucher', { action: 'declineVoucher', voucherId: declined._id }, declined.holderOpenid));
    d = await detail(campaignId);
    expect(d.nextActions).toEqual(['promoteWaitlist']);
    expect(d.pools.map((p: any) => [p.poolId, p.promotable, p.void])).toEqual([
      ['G2000', false, 0],
      ['G500', true, 1],
    ]);
    const promoted = ok(await as({ action: 'promoteWaitlist', campaignId, poolId: 'G500' }));
    expect(promoted.promoted).toHaveLength(1);
    d = await detail(campaignId);
    expect(d.nextActions).toEqual([]);
    expect(d.pools[1].issued).toBe(4);
  }, 120_000);

  test('an open campaign past its closing time is overdue: close is its next action', async () => {
    const { campaignId } = ok(
      await as({
        action: 'createCampaign',
        ...smallCampaign({ opensAt: hoursFromNow(-3), closesAt: hoursFromNow(-1) }),
      }),
    );
    ok(await as({ action: 'openCampaign', campaignId }));
    const d = await detail(campaignId);
    expect(d.overdue).toBe(true);
    expect(d.nextActions).toEqual(['closeCampaign']);
  });

  test('a non-admin and an enterprise are refused before their input is read, and a missing campaign is not found', async () => {
    const plain = 'o-not-admin';
    ok(await cloud.call('user', { action: 'login' }, plain));
    const enterprise = await enterpriseUser(cloud, 0);
    const attempts = [
      { action: 'campaignDetail', campaignId: 'anything' },
      { action: 'campaignDetail', campaignId: { $ne: null } },
      { action: 'createCampaign', title: 1 },
      { action: 'updateCampaign' },
      { action: 'openCampaign', campaignId: 'x' },
      { action: 'closeCampaign' },
      { action: 'draw', campaignId: 'x', budgetMs: 1 },
      { action: 'publishResults', campaignId: 'x' },
      { action: 'promoteWaitlist', campaignId: 'x', poolId: 'G500' },
      { action: 'jobStatus', jobId: 'draw-x' },
    ];
    for (const openid of [plain, enterprise])
      for (const attempt of attempts)
        expect([attempt.action, failure(await as(attempt, openid)).code]).toEqual([attempt.action, 'FORBIDDEN']);

    expect(failure(await as({ action: 'campaignDetail', campaignId: 'no-such-campaign' })).code).toBe('NOT_FOUND');
    expect(failure(await as({ action: 'campaignDetail', campaignId: { $ne: null } })).code).toBe('VALIDATION_FAILED');
  }, 60_000);
});
