import { startTestCloud } from '../helpers/local-cloud';
import { ok, personUser, type TestCloud } from './fixtures';
import { openCampaign } from './lifecycle';

/** The 检测券 tab's list: each campaign says whether the caller applied, and a short list is not counted twice. */
describe('voucher.listCampaigns', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('says which campaigns the calling user applied to; anonymous callers and other users see none', async () => {
    const { campaignId: applied } = await openCampaign(cloud);
    const { campaignId: other } = await openCampaign(cloud, { title: '另一期' });
    await personUser(cloud, 'o-lin', '13800138000');
    await personUser(cloud, 'o-chen', '13900139000');
    const apply = {
      action: 'apply',
      campaignId: applied,
      applicantType: 'person',
      poolIds: ['C1000'],
      contact: { name: '林晓雯', phone: '13800138000' },
      consent: true,
    };
    ok(await cloud.call('voucher', apply, 'o-lin'));

    const flags = (res: { items: { campaignId: string; applied: boolean }[] }) =>
      Object.fromEntries(res.items.map((c) => [c.campaignId, c.applied]));
    const mine = ok(await cloud.call('voucher', { action: 'listCampaigns' }, 'o-lin'));
    expect(flags(mine)).toEqual({ [applied]: true, [other]: false });
    expect(mine.total).toBe(2);
    // The pools (the cable voucher among them) come with each campaign.
    expect(mine.items[0].pools.map((p: { poolId: string }) => p.poolId)).toContain('C1000');
    expect(flags(ok(await cloud.call('voucher', { action: 'listCampaigns' }, 'o-chen')))).toEqual({
      [applied]: false,
      [other]: false,
    });
    expect(flags(ok(await cloud.admin('voucher', { action: 'listCampaigns' })))).toEqual({
      [applied]: false,
      [other]: false,
    });

    // A withdrawn application is no application.
    const [application] = (await cloud.db.find('applications', { campaignId: applied })) as { _id: string }[];
    ok(await cloud.call('voucher', { action: 'withdraw', applicationId: application._id }, 'o-lin'));
    expect(flags(ok(await cloud.call('voucher', { action: 'listCampaigns' }, 'o-lin')))[applied]).toBe(false);
  }, 60_000);

  test('a full page is counted, so more pages are offered', async () => {
    for (let i = 0; i < 21; i++) await openCampaign(cloud, { title: `第 ${i} 期` });
    const first = ok(await cloud.call('voucher', { action: 'listCampaigns', page: 1 }, 'o-lin'));
    expect(first.items).toHaveLength(20);
    expect(first.total).toBe(23);
    const second = ok(await cloud.call('voucher', { action: 'listCampaigns', page: 2 }, 'o-lin'));
    expect(second.items).toHaveLength(3);
    expect(second.total).toBe(23);
    const beyond = ok(await cloud.call('voucher', { action: 'listCampaigns', page: 3 }, 'o-lin'));
    expect(beyond).toMatchObject({ items: [], total: 23 });
  }, 60_000);
});
