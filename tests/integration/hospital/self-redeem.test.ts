import { startTestCloud } from '../helpers/local-cloud';
import {
  enterpriseUser,
  failure,
  ok,
  personUser,
  setUpHospitals,
  staffUser,
  USCCS,
  type TestCloud,
} from '../voucher/fixtures';
import { closeAndDraw, openCampaign, vouchersOf, type StoredVoucher } from '../voucher/lifecycle';

/** Hospital staff never redeem a voucher for themselves or for their own enterprise. */
describe('staff cannot redeem their own vouchers', () => {
  let cloud: TestCloud;
  let campaignId: string;
  let vouchers: StoredVoucher[];
  let colleague: string;
  const person = 'o-self-person';
  const personPhone = '13833330001';

  const apply = (openid: string, applicantType: 'enterprise' | 'person', poolIds: string[]) =>
    cloud.call(
      'voucher',
      {
        action: 'apply',
        campaignId,
        applicantType,
        poolIds,
        contact: { name: '林晓雯', phone: '13833330000' },
        consent: true,
      },
      openid,
    );
  const voucherOf = (openid: string) => vouchers.find((v) => v.holderOpenid === openid)!;
  const qrOf = async (v: StoredVoucher) =>
    ok(await cloud.call('voucher', { action: 'getVoucher', voucherId: v._id }, v.holderOpenid)).qrPayload as string;
  const redeem = async (v: StoredVoucher, staff: string) =>
    cloud.call('hospital', { action: 'redeemVoucher', payload: await qrOf(v), serviceType: 'ccc', fee: 500 }, staff);
  const lookup = async (v: StoredVoucher, staff: string) =>
    cloud.call('hospital', { action: 'lookupVoucher', payload: await qrOf(v) }, staff);

  beforeAll(async () => {
    cloud = await startTestCloud();
    await setUpHospitals(cloud);
    ({ campaignId } = await openCampaign(cloud, {
      pools: [
        { poolId: 'G1000', faceValue: 1000, quantity: 10, applicantTypes: ['enterprise'] },
        { poolId: 'C1000', faceValue: 1000, quantity: 10, applicantTypes: ['person'] },
      ],
    }));
    for (const i of [0, 1]) ok(await apply(await enterpriseUser(cloud, i), 'enterprise', ['G1000']));
    ok(await apply(await personUser(cloud, person, personPhone), 'person', ['C1000']));
    await closeAndDraw(cloud, campaignId);
    vouchers = await vouchersOf(cloud, campaignId);
    expect(vouchers).toHaveLength(3);
    colleague = await staffUser(cloud, 'gd-cable', 'o-self-colleague');
  }, 90_000);
  afterAll(() => cloud?.stop());

  test('a staff member cannot look up or redeem a voucher they hold', async () => {
    // The enterprise's own account is also a hospital staff member.
    const owner = await staffUser(cloud, 'gd-cable', 'o-ent-0');
    const own = voucherOf(owner);
    for (const reply of [await lookup(own, owner), await redeem(own, owner)]) {
      expect(failure(reply)).toMatchObject({
        code: 'VOUCHER_SELF_REDEEM',
        message: '不能核销本人或本人所在企业持有的检测券，请由本院其他工作人员核销',
      });
    }
    expect(ok(await redeem(own, colleague)).status).toBe('redeemed');
  });

  test('nor one held by the enterprise they are bound to', async () => {
    const holder = voucherOf('o-ent-1');
    const staff = await staffUser(cloud, 'gd-cable', 'o-self-bound');
    // The enterprise's binding moved to this account after its voucher was issued to the old owner.
    await cloud.db.update('users', { _id: staff }, { $set: { enterpriseUscc: USCCS[1] } });
    expect(failure(await redeem(holder, staff)).code).toBe('VOUCHER_SELF_REDEEM');
    expect(ok(await redeem(holder, colleague)).status).toBe('redeemed');
  });

  test('nor their own voucher through another WeChat account verified with the same phone', async () => {
    const holder = voucherOf(person);
    const staff = await staffUser(cloud, 'gd-cable', await personUser(cloud, 'o-self-person-2', personPhone));
    expect(failure(await lookup(holder, staff)).code).toBe('VOUCHER_SELF_REDEEM');
    expect(failure(await redeem(holder, staff)).code).toBe('VOUCHER_SELF_REDEEM');
    expect(ok(await redeem(holder, colleague)).status).toBe('redeemed');
  });
});
