import { startTestCloud } from '../helpers/local-cloud';
import {
  enterprisePhone,
  failure,
  ok,
  personUser,
  registerEnterprise,
  USCCS,
  type TestCloud,
} from '../voucher/fixtures';

/** Login, enterprise binding (one owner per USCC), review of disputed claims, roles. */
describe('identity and enterprise binding', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('the first login creates exactly one user even when two arrive at once', async () => {
    const [a, b] = await Promise.all([
      cloud.call('user', { action: 'login' }, 'o-twice'),
      cloud.call('user', { action: 'login' }, 'o-twice'),
    ]);
    expect(ok(a)).toMatchObject({ openid: 'o-twice', roles: [], enterprise: null, phoneVerified: false });
    expect(ok(b).openid).toBe('o-twice');
    expect(await cloud.db.find('users', { _id: 'o-twice' })).toHaveLength(1);
  });

  test('binding validates the USCC, requires Guangdong, and checks the registered name', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-a'));
    const bad = failure(
      await cloud.call('user', { action: 'bindEnterprise', uscc: '91440606722473344D', name: '某公司' }, 'o-a'),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.message).toMatch(/校验/);
    // A valid code from Beijing (division 11): not eligible here.
    const beijing = failure(
      await cloud.call('user', { action: 'bindEnterprise', uscc: '91110108551385082Q', name: '北京某公司' }, 'o-a'),
    );
    expect(beijing.code).toBe('VALIDATION_FAILED');
    await cloud.db.insertMany('enterprises', [
      {
        _id: USCCS[3],
        name: '深圳市华强电子有限公司',
        formerNames: ['深圳市华强电器厂'],
        city: '深圳市',
        ownerOpenid: null,
      },
    ]);
    // o-a's verified phone is the registry's contact phone: the binding is verified at once.
    await registerEnterprise(cloud, 3);
    await personUser(cloud, 'o-a', enterprisePhone(3));
    expect(
      failure(await cloud.call('user', { action: 'bindEnterprise', uscc: USCCS[3], name: '别的公司' }, 'o-a')).code,
    ).toBe('VALIDATION_FAILED');
    // The former name, with full-width brackets and spaces, is accepted as the same enterprise.
    const bound = ok(
      await cloud.call(
        'user',
        { action: 'bindEnterprise', uscc: USCCS[3].toLowerCase(), name: ' 深圳市华强电器厂 ' },
        'o-a',
      ),
    );
    expect(bound.enterprise).toMatchObject({
      uscc: USCCS[3],
      name: '深圳市华强电子有限公司',
      city: '深圳市',
      verification: 'verified',
      verifiedBy: 'registry-phone',
    });
  });

  test('one owner per USCC; the second claimant asks for review and an admin moves the binding', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-b'));
    const claimed = failure(
      await cloud.call('user', { action: 'bindEnterprise', uscc: USCCS[3], name: '深圳市华强电子有限公司' }, 'o-b'),
    );
    expect(claimed.code).toBe('ENTERPRISE_CLAIMED');
    const review = {
      action: 'requestEnterpriseReview',
      uscc: USCCS[3],
      name: '深圳市华强电子有限公司',
      note: '我是法定代表人，原经办人已离职',
    };
    ok(await cloud.call('user', review, 'o-b'));
    expect(failure(await cloud.call('user', review, 'o-b')).code).toBe('CONFLICT');

    expect(failure(await cloud.call('admin', { action: 'listEnterpriseClaims' }, 'o-b')).code).toBe('FORBIDDEN');
    const pending = ok(await cloud.admin('admin', { action: 'listEnterpriseClaims' }));
    expect(pending.items).toHaveLength(1);
    expect(pending.items[0]).toMatchObject({
      uscc: USCCS[3],
      hasOwner: true,
      status: 'pending',
      registeredName: '深圳市华强电子有限公司',
    });
    expect(JSON.stringify(pending)).not.toContain('o-a'); // the current owner's identity stays internal

    const claimId = pending.items[0].claimId;
    expect(
      failure(await cloud.admin('admin', { action: 'resolveEnterpriseClaim', claimId, decision: 'reject' })).code,
    ).toBe('VALIDATION_FAILED');
    const approved = ok(
      await cloud.admin('admin', {
        action: 'resolveEnterpriseClaim',
        claimId,
        decision: 'approve',
        note: '已核验营业执照和授权书',
      }),
    );
    expect(approved.status).toBe('approved');
    expect(
      failure(await cloud.admin('admin', { action: 'resolveEnterpriseClaim', claimId, decision: 'approve' })).code,
    ).toBe('CONFLICT');

    expect(ok(await cloud.call('user', { action: 'profile' }, 'o-b')).enterprise?.uscc).toBe(USCCS[3]);
    expect(ok(await cloud.call('user', { action: 'profile' }, 'o-a')).enterprise).toBeNull();
    const audit = (await cloud.db.find('audit_log', { action: 'admin.resolveEnterpriseClaim' })) as any[];
    expect(audit[0]).toMatchObject({
      before: { ownerOpenid: 'o-a' },
      after: { ownerOpenid: 'o-b', claimStatus: 'approved' },
    });
  });

  test('roles are granted by admins only and checked on every call', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-staff'));
    expect(
      failure(await cloud.call('admin', { action: 'grantRole', openid: 'o-staff', role: 'admin' }, 'o-staff')).code,
    ).toBe('FORBIDDEN');
    expect(failure(await cloud.admin('admin', { action: 'grantRole', openid: 'o-staff', role: 'staff' })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      failure(
        await cloud.admin('admin', { action: 'grantRole', openid: 'o-staff', role: 'staff', hospitalId: 'nowhere' }),
      ).code,
    ).toBe('NOT_FOUND');
    ok(
      await cloud.admin('admin', {
        action: 'upsertHospital',
        hospitalId: 'gd-cable',
        name: '广东省电线电缆产品医院',
        city: '广州市',
      }),
    );
    ok(await cloud.admin('admin', { action: 'grantRole', openid: 'o-staff', role: 'staff', hospitalId: 'gd-cable' }));
    expect(ok(await cloud.call('user', { action: 'profile' }, 'o-staff'))).toMatchObject({
      roles: ['staff'],
      hospitalId: 'gd-cable',
      hospitalName: '广东省电线电缆产品医院',
    });
    ok(await cloud.admin('admin', { action: 'grantRole', openid: 'o-staff', role: 'admin' }));
    // An admin user may act as admin from the mini-program, and may not revoke their own admin role.
    ok(await cloud.call('admin', { action: 'listCampaigns' }, 'o-staff'));
    expect(
      failure(await cloud.call('admin', { action: 'revokeRole', openid: 'o-staff', role: 'admin' }, 'o-staff')).code,
    ).toBe('FORBIDDEN');
    ok(await cloud.admin('admin', { action: 'revokeRole', openid: 'o-staff', role: 'staff' }));
    expect(ok(await cloud.call('user', { action: 'profile' }, 'o-staff'))).toMatchObject({
      roles: ['admin'],
      hospitalId: null,
    });
  });

  test('admin lists page through every campaign, newest first', async () => {
    const day = 24 * 3600_000;
    for (let i = 0; i < 23; i++) {
      const opens = new Date(Date.UTC(2027, 0, 1) + i * day);
      ok(
        await cloud.admin('admin', {
          action: 'createCampaign',
          title: `分页活动 ${String(i).padStart(2, '0')}`,
          opensAt: opens.toISOString(),
          closesAt: new Date(opens.getTime() + day).toISOString(),
          cap: 5000,
          voucherValidUntil: '2028-12-31',
          pools: [{ poolId: 'G500', faceValue: 500, quantity: 1, applicantTypes: ['enterprise'] }],
        }),
      );
    }
    const first = ok(await cloud.admin('admin', { action: 'listCampaigns', page: 1 }));
    const second = ok(await cloud.admin('admin', { action: 'listCampaigns', page: 2 }));
    expect(first).toMatchObject({ page: 1, pageSize: 20, total: 23 });
    expect(first.items.map((c: { title: string }) => c.title).slice(0, 2)).toEqual(['分页活动 22', '分页活动 21']);
    expect(second.items.map((c: { title: string }) => c.title)).toEqual(['分页活动 02', '分页活动 01', '分页活动 00']);
  });

  test('unknown actions and malformed input get stable codes, never a crash', async () => {
    expect(failure(await cloud.call('user', { action: 'dropDatabase' }, 'o-a')).code).toBe('UNKNOWN_ACTION');
    expect(failure(await cloud.call('user', {}, 'o-a')).code).toBe('UNKNOWN_ACTION');
    expect(failure(await cloud.call('user', { action: 'bindEnterprise', uscc: 42, name: ['x'] }, 'o-a')).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(failure(await cloud.call('user', { action: 'constructor' }, 'o-a')).code).toBe('UNKNOWN_ACTION');
  });
});
