import { normalizeName } from '../../../cloudfunctions/src/core/redlist/normalize';
import { seedBindings } from '../../../seed/bindings';
import { connect } from '../../../seed/client';
import { DEMO_ENTERPRISE } from '../../../seed/identities';
import { startTestCloud } from '../helpers/local-cloud';
import { ok, smallCampaign, type TestCloud } from '../voucher/fixtures';

/** The demo seed's bindings are verified, so the demo enterprise can still apply. */
describe('demo bindings seed', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
    // As the vouchers seed leaves them: the demo enterprise and one generated applicant, bound the old way.
    await cloud.db.insertMany('enterprises', [
      {
        _id: DEMO_ENTERPRISE.uscc,
        name: DEMO_ENTERPRISE.name,
        nameKey: normalizeName(DEMO_ENTERPRISE.name),
        formerNames: [],
        city: DEMO_ENTERPRISE.city,
        ownerOpenid: 'demo-enterprise',
      },
      {
        _id: '91441300195971850Y',
        name: '惠州市美的电器有限公司',
        nameKey: normalizeName('惠州市美的电器有限公司'),
        formerNames: [],
        city: '惠州市',
        ownerOpenid: 'demo-applicant-0',
      },
    ]);
    await cloud.db.insertMany('users', [
      { _id: 'demo-enterprise', roles: [], enterpriseUscc: DEMO_ENTERPRISE.uscc, phoneVerified: false },
      { _id: 'demo-applicant-0', roles: [], enterpriseUscc: '91441300195971850Y', phoneVerified: false },
    ]);
    await seedBindings(connect(cloud.cloud));
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('demo-enterprise is verified by its registry contact phone and applies', async () => {
    const profile = ok(await cloud.call('user', { action: 'profile' }, 'demo-enterprise'));
    expect(profile).toMatchObject({
      phoneVerified: true,
      phoneMasked: '137****5678',
      enterprise: { uscc: DEMO_ENTERPRISE.uscc, verification: 'verified', verifiedBy: 'registry-phone' },
    });
    const campaignId = ok(await cloud.admin('admin', { action: 'createCampaign', ...smallCampaign() })).campaignId;
    ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    const applied = ok(
      await cloud.call(
        'voucher',
        {
          action: 'apply',
          campaignId,
          applicantType: 'enterprise',
          poolIds: ['G500'],
          contact: { name: '陈志强', phone: '13912345678' },
          consent: true,
        },
        'demo-enterprise',
      ),
    );
    expect(applied.applicantName).toBe(DEMO_ENTERPRISE.name);
    expect(ok(await cloud.call('user', { action: 'profile' }, 'demo-applicant-0')).enterprise.verification).toBe(
      'verified',
    );
  });

  test('the seeded registry key is the one the functions compute for that phone; the owner keeps the firm', async () => {
    const res = await fetch(`${cloud.url}/client/open-data`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: 'o-demo-twin', phone: DEMO_ENTERPRISE.contactPhone }),
    });
    const { cloudID } = (await res.json()) as { cloudID: string };
    ok(await cloud.call('user', { action: 'verifyPhone', phone: { cloudID } }, 'o-demo-twin'));
    const [twin] = (await cloud.db.find('users', { _id: 'o-demo-twin' })) as { phoneContactKey: string }[];
    const [registry] = (await cloud.db.find('enterprises', { _id: DEMO_ENTERPRISE.uscc })) as {
      contactPhoneKey: string;
    }[];
    expect(registry.contactPhoneKey).toEqual(expect.any(String));
    expect(twin.phoneContactKey).toBe(registry.contactPhoneKey);
    // Another account with the registry phone claims the enterprise: the verified owner keeps it.
    const claimed = await cloud.call(
      'user',
      { action: 'bindEnterprise', uscc: DEMO_ENTERPRISE.uscc, name: DEMO_ENTERPRISE.name },
      'o-demo-twin',
    );
    expect(claimed).toMatchObject({ ok: false, code: 'ENTERPRISE_CLAIMED' });
  });
});
