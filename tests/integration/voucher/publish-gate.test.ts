import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, setUpHospitals, staffUser, USCCS, type TestCloud } from './fixtures';
import { closeAndDraw, enterpriseApplication, openCampaign, qrPayloadOf, vouchersOf } from './lifecycle';

/**
 * The draw writes vouchers before the results are public (LOTTERY.md: "Vouchers stay hidden until
 * publish"): until publishResults nobody outside the console may see or redeem them.
 */
describe('vouchers are invisible and unredeemable until the results are published', () => {
  let cloud: TestCloud;
  let campaignId: string;
  let staff: string;
  const holders = ['o-gate-0', 'o-gate-1'];

  beforeAll(async () => {
    cloud = await startTestCloud();
    await setUpHospitals(cloud);
    staff = await staffUser(cloud, 'gd-cable');
    ({ campaignId } = await openCampaign(cloud, {
      pools: [{ poolId: 'G1000', faceValue: 1000, quantity: 5, applicantTypes: ['enterprise'] }],
    }));
    // More vouchers than applicants: everyone wins.
    await cloud.db.insertMany(
      'applications',
      holders.map((openid, i) => enterpriseApplication(campaignId, openid, USCCS[i], ['G1000'])),
    );
    await closeAndDraw(cloud, campaignId, { publish: false });
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('while the campaign is only drawn, holders neither list nor open their vouchers and staff cannot use them', async () => {
    const vouchers = await vouchersOf(cloud, campaignId);
    expect(vouchers).toHaveLength(2);
    const [voucher] = vouchers;
    const holder = voucher.holderOpenid;

    const mine = ok(await cloud.call('voucher', { action: 'myVouchers' }, holder));
    expect(mine).toMatchObject({ items: [], total: 0 });
    expect(failure(await cloud.call('voucher', { action: 'getVoucher', voucherId: voucher._id }, holder)).code).toBe(
      'NOT_FOUND',
    );
    expect(
      failure(await cloud.call('voucher', { action: 'declineVoucher', voucherId: voucher._id }, holder)).code,
    ).toBe('NOT_FOUND');

    // Even with the genuine QR text, staff learn nothing and redeem nothing.
    const payload = qrPayloadOf(voucher._id);
    const lookup = failure(await cloud.call('hospital', { action: 'lookupVoucher', payload }, staff));
    expect(lookup).toMatchObject({ code: 'VOUCHER_INVALID', message: '检测券不存在' });
    const redeem = failure(
      await cloud.call('hospital', { action: 'redeemVoucher', payload, serviceType: 'ccc', fee: 800 }, staff),
    );
    expect(redeem.code).toBe('VOUCHER_INVALID');
    expect((await vouchersOf(cloud, campaignId)).every((v) => v.status === 'issued')).toBe(true);
  });

  test('after publishResults the holder sees the QR voucher and staff redeem it', async () => {
    ok(await cloud.admin('admin', { action: 'publishResults', campaignId }));
    const [voucher] = await vouchersOf(cloud, campaignId);
    const holder = voucher.holderOpenid;

    const mine = ok(await cloud.call('voucher', { action: 'myVouchers' }, holder));
    expect(mine.items.map((v: { voucherId: string }) => v.voucherId)).toEqual([voucher._id]);
    const shown = ok(await cloud.call('voucher', { action: 'getVoucher', voucherId: voucher._id }, holder));
    expect(shown.qrPayload).toBe(qrPayloadOf(voucher._id));

    const looked = ok(await cloud.call('hospital', { action: 'lookupVoucher', payload: shown.qrPayload }, staff));
    expect(looked).toMatchObject({ voucherId: voucher._id, status: 'issued' });
    const redeemed = ok(
      await cloud.call(
        'hospital',
        { action: 'redeemVoucher', payload: shown.qrPayload, serviceType: 'ccc', fee: 800 },
        staff,
      ),
    );
    expect(redeemed).toMatchObject({ status: 'redeemed', redemption: { offset: 800 } });
  });

  test('a publish that stopped before opening the vouchers is finished by calling publishResults again', async () => {
    const voucher = (await vouchersOf(cloud, campaignId)).find((v) => v.status === 'issued')!;
    // As if the function died between marking the campaign published and opening its vouchers.
    await cloud.db.update('vouchers', { campaignId }, { $unset: { published: '' } });
    expect(
      failure(await cloud.call('voucher', { action: 'getVoucher', voucherId: voucher._id }, voucher.holderOpenid)).code,
    ).toBe('NOT_FOUND');

    ok(await cloud.admin('admin', { action: 'publishResults', campaignId }));
    const shown = ok(
      await cloud.call('voucher', { action: 'getVoucher', voucherId: voucher._id }, voucher.holderOpenid),
    );
    expect(shown.status).toBe('issued');
  });
});
