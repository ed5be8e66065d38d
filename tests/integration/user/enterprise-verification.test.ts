import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { startTestCloud } from '../helpers/local-cloud';
import { upload } from '../redlist/fixtures';
import {
  enterprisePhone,
  failure,
  ok,
  personUser,
  registerEnterprise,
  smallCampaign,
  USCCS,
  type TestCloud,
} from '../voucher/fixtures';

/**
 * Verified enterprises (issue 9 §2): a binding is a claim until verified by the registry's contact phone
 * or by documents an admin approves; only a verified binding applies; a verified claim displaces
 * unverified ones and withdraws their open applications.
 */
describe('enterprise binding verification', () => {
  let cloud: TestCloud;
  let campaignId: string;
  const name = (i: number) => `测试企业${i}有限公司`;

  const bind = (openid: string, i: number) =>
    cloud.call('user', { action: 'bindEnterprise', uscc: USCCS[i], name: name(i) }, openid);
  const applyAsEnterprise = (openid: string) =>
    cloud.call(
      'voucher',
      {
        action: 'apply',
        campaignId,
        applicantType: 'enterprise',
        poolIds: ['G500'],
        contact: { name: '李四', phone: '13800138000' },
        consent: true,
      },
      openid,
    );
  const profileOf = async (openid: string) => ok(await cloud.call('user', { action: 'profile' }, openid));
  /** A file the user uploaded from the mini-program into its own proofs folder. */
  const proof = (openid: string, file: string) =>
    cloud.cloud.storage.putAsUser(`enterprise-proofs/${openid}/${file}`, Buffer.from(`scan of ${file}`), openid);
  const submitProofs = async (openid: string) =>
    cloud.call(
      'user',
      {
        action: 'submitEnterpriseDocuments',
        licenceFileID: await proof(openid, 'licence.jpg'),
        authorizationFileID: await proof(openid, 'letter.pdf'),
      },
      openid,
    );
  const outboxTo = async (openid: string) =>
    (await cloud.db.find('outbox', { toOpenid: openid, template: 'enterpriseBinding' })) as {
      data: { enterprise: string; result: string; note: string };
      page: string;
    }[];

  beforeAll(async () => {
    cloud = await startTestCloud();
    campaignId = ok(await cloud.admin('admin', { action: 'createCampaign', ...smallCampaign() })).campaignId;
    ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    for (const i of [0, 1, 2]) await registerEnterprise(cloud, i);
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('a public USCC and name alone bind only as a claim, which cannot apply', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-squatter'));
    const claimed = ok(await bind('o-squatter', 0));
    expect(claimed.enterprise).toMatchObject({ uscc: USCCS[0], verification: 'pending', verifiedBy: null });
    const refused = failure(await applyAsEnterprise('o-squatter'));
    expect(refused.code).toBe('ENTERPRISE_NOT_VERIFIED');
    expect(refused.message).toMatch(/联系手机号验证.*营业执照和授权委托书/);
    expect(await cloud.db.find('applications', { ownerOpenid: 'o-squatter' })).toEqual([]);
  });

  test('a verified phone that is not the registry contact phone leaves the claim pending', async () => {
    await personUser(cloud, 'o-other-phone', '13611112222');
    expect(ok(await bind('o-other-phone', 1)).enterprise).toMatchObject({ verification: 'pending' });
    expect(failure(await applyAsEnterprise('o-other-phone')).code).toBe('ENTERPRISE_NOT_VERIFIED');
  });

  test('the registry contact phone verifies at once, and the verified owner displaces the squatter', async () => {
    // Before verification existed the squatter bound USCC 0 and applied: simulate that binding and application.
    await cloud.db.update('enterprises', { _id: USCCS[0] }, { $set: { ownerOpenid: 'o-legacy' } });
    await cloud.db.insertMany('users', [{ _id: 'o-legacy', roles: [], enterpriseUscc: USCCS[0] }]);
    await cloud.db.insertMany('applications', [
      {
        _id: 'app-legacy',
        campaignId,
        applicantKey: USCCS[0],
        applicantType: 'enterprise',
        applicantName: name(0),
        uscc: USCCS[0],
        ownerOpenid: 'o-legacy',
        contact: { name: '王五', phone: '13900000000' },
        city: null,
        poolIds: ['G5000'],
        services: [],
        status: 'submitted',
        submittedAt: new Date(),
      },
    ]);

    await personUser(cloud, 'o-owner-0', enterprisePhone(0));
    const verified = ok(await bind('o-owner-0', 0));
    expect(verified.enterprise).toMatchObject({
      uscc: USCCS[0],
      name: name(0),
      verification: 'verified',
      verifiedBy: 'registry-phone',
    });

    // Both unverified holders are unbound and told why; the legacy application is withdrawn with an audit entry.
    expect((await profileOf('o-squatter')).enterprise).toBeNull();
    expect((await profileOf('o-legacy')).enterprise).toBeNull();
    expect(await cloud.db.find('applications', { _id: 'app-legacy' })).toEqual([]);
    const withdrawal = (await cloud.db.find('audit_log', { action: 'voucher.withdraw', targetId: 'app-legacy' })) as {
      actor: string;
      before: { ownerOpenid: string };
      note: string;
    }[];
    expect(withdrawal).toHaveLength(1);
    expect(withdrawal[0]).toMatchObject({ actor: 'user:o-owner-0', before: { ownerOpenid: 'o-legacy' } });
    expect(withdrawal[0].note).toMatch(/其他账号完成验证/);
    expect((await outboxTo('o-legacy')).map((m) => m.data)).toEqual([
      { enterprise: name(0), result: '已解除', note: '已由其他账号验证，未开奖的申领已撤回', time: expect.any(String) },
    ]);
    expect((await outboxTo('o-squatter')).map((m) => m.data.result)).toEqual(['已解除']);
    expect(await cloud.db.find('enterprise_bindings', { uscc: USCCS[0] })).toEqual([
      expect.objectContaining({ _id: 'o-owner-0', verification: 'verified' }),
    ]);

    // The firm itself applies now (the squatter's application no longer blocks its USCC).
    expect(ok(await applyAsEnterprise('o-owner-0'))).toMatchObject({ applicantName: name(0), status: 'submitted' });
    // The squatter cannot take it back: the verified owner holds it.
    expect(failure(await bind('o-squatter', 0)).code).toBe('ENTERPRISE_CLAIMED');
  });

  test('verifying the phone after binding verifies a pending claim', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-owner-2'));
    expect(ok(await bind('o-owner-2', 2)).enterprise.verification).toBe('pending');
    await personUser(cloud, 'o-owner-2', enterprisePhone(2));
    expect((await profileOf('o-owner-2')).enterprise).toMatchObject({
      verification: 'verified',
      verifiedBy: 'registry-phone',
    });
    expect(ok(await applyAsEnterprise('o-owner-2')).applicantName).toBe(name(2));
  });

  test('documents: own files go to the admin queue, approval verifies, the owner applies', async () => {
    const uscc = USCCS[3]; // not in the registry
    ok(await cloud.call('user', { action: 'login' }, 'o-docs'));
    ok(await cloud.call('user', { action: 'bindEnterprise', uscc, name: '深圳市新材科技有限公司' }, 'o-docs'));
    expect(failure(await applyAsEnterprise('o-docs')).code).toBe('ENTERPRISE_NOT_VERIFIED');

    const submitted = ok(await submitProofs('o-docs'));
    expect(submitted.enterprise).toMatchObject({ verification: 'pending', name: '深圳市新材科技有限公司' });
    expect(submitted.enterprise.documentsWaitingSince).toEqual(expect.any(String));
    expect(failure(await applyAsEnterprise('o-docs')).message).toMatch(/正在审核/);

    const queue = ok(await cloud.admin('admin', { action: 'listEnterpriseVerifications' }));
    const item = queue.items.find((v: { uscc: string }) => v.uscc === uscc);
    expect(item).toMatchObject({
      bindingId: 'o-docs',
      claimedName: '深圳市新材科技有限公司',
      registeredName: null,
      hasVerifiedOwner: false,
      status: 'waiting',
    });
    // The admin views the scans through temporary URLs.
    const licence = await fetch(item.licence.url);
    expect(await licence.text()).toBe('scan of licence.jpg');
    expect(item.authorization.url).toMatch(/letter\.pdf/);

    const approved = ok(
      await cloud.admin('admin', { action: 'reviewEnterpriseVerification', bindingId: 'o-docs', decision: 'approve' }),
    );
    expect(approved).toMatchObject({ status: 'approved', reviewedAt: expect.any(String) });
    expect((await profileOf('o-docs')).enterprise).toMatchObject({
      verification: 'verified',
      verifiedBy: 'documents',
      documentsWaitingSince: null,
    });
    expect((await outboxTo('o-docs')).map((m) => m.data.result)).toEqual(['已验证']);
    expect(
      failure(
        await cloud.admin('admin', {
          action: 'reviewEnterpriseVerification',
          bindingId: 'o-docs',
          decision: 'approve',
        }),
      ).code,
    ).toBe('CONFLICT');
    expect(ok(await applyAsEnterprise('o-docs'))).toMatchObject({ applicantName: '深圳市新材科技有限公司' });
    expect(await cloud.db.find('applications', { ownerOpenid: 'o-docs' })).toEqual([
      expect.objectContaining({ uscc, applicantKey: uscc }),
    ]);
  });

  test('documents: a rejection needs a reason, which the binding shows; the claimant may submit again', async () => {
    const uscc = USCCS[4];
    ok(await cloud.call('user', { action: 'login' }, 'o-rejected'));
    ok(await cloud.call('user', { action: 'bindEnterprise', uscc, name: '深圳市被驳回有限公司' }, 'o-rejected'));
    ok(await submitProofs('o-rejected'));
    const review = { action: 'reviewEnterpriseVerification', bindingId: 'o-rejected', decision: 'reject' };
    expect(failure(await cloud.admin('admin', review)).code).toBe('VALIDATION_FAILED');
    const reason = '授权委托书未加盖企业公章';
    expect(ok(await cloud.admin('admin', { ...review, reason }))).toMatchObject({
      status: 'rejected',
      rejectionReason: reason,
    });
    expect((await profileOf('o-rejected')).enterprise).toMatchObject({
      verification: 'rejected',
      rejectionReason: reason,
      documentsWaitingSince: null,
    });
    expect((await outboxTo('o-rejected')).map((m) => m.data)).toEqual([
      expect.objectContaining({ result: '被驳回', note: reason }),
    ]);
    expect(failure(await applyAsEnterprise('o-rejected')).message).toMatch(/未通过审核/);
    const rejected = ok(await cloud.admin('admin', { action: 'listEnterpriseVerifications', status: 'rejected' }));
    expect(rejected.items.map((v: { bindingId: string }) => v.bindingId)).toContain('o-rejected');

    // A new submission goes back to the queue and clears the reason.
    expect(ok(await submitProofs('o-rejected')).enterprise).toMatchObject({
      verification: 'pending',
      rejectionReason: null,
    });
  });

  test("another user's file, a missing file or a file outside the proofs folder is refused", async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-thief'));
    ok(await cloud.call('user', { action: 'bindEnterprise', uscc: USCCS[5], name: '深圳市盗用有限公司' }, 'o-thief'));
    const own = await proof('o-thief', 'letter.jpg');
    const someoneElses = await proof('o-docs', 'licence-2.jpg');
    const submit = (licenceFileID: string, authorizationFileID = own) =>
      cloud.call('user', { action: 'submitEnterpriseDocuments', licenceFileID, authorizationFileID }, 'o-thief');

    const foreign = failure(await submit(someoneElses));
    expect(foreign.code).toBe('FORBIDDEN');
    expect(foreign.message).toMatch(/营业执照/);
    const climbing = someoneElses.replace('enterprise-proofs/o-docs/', 'enterprise-proofs/o-thief/../o-docs/');
    expect(failure(await submit(climbing)).code).toBe('FORBIDDEN');
    const elsewhere = await cloud.cloud.storage.putAsUser('cable-photos/x.jpg', Buffer.from('x'), 'o-thief');
    expect(failure(await submit(elsewhere)).code).toBe('FORBIDDEN');
    const missing = failure(await submit(own.replace('letter.jpg', 'never-uploaded.jpg')));
    expect(missing.code).toBe('FILE_NOT_FOUND');
    expect(failure(await submit(own, own)).code).toBe('VALIDATION_FAILED');
    const unbound = failure(
      await cloud.call(
        'user',
        { action: 'submitEnterpriseDocuments', licenceFileID: own, authorizationFileID: own + 'x' },
        'o-nobody',
      ),
    );
    expect(unbound.code).toBe('FORBIDDEN'); // the files are not o-nobody's
    expect((await profileOf('o-thief')).enterprise.documentsWaitingSince).toBeNull();
  });

  test('two claimants with documents: the first approval displaces the other, who can then only ask for a review', async () => {
    const uscc = makeUscc({ division: '440106', orgCode: '5E2E0001' });
    for (const openid of ['o-first', 'o-second']) {
      ok(await cloud.call('user', { action: 'login' }, openid));
      ok(await cloud.call('user', { action: 'bindEnterprise', uscc, name: '广州市双方有限公司' }, openid));
      ok(await submitProofs(openid));
    }
    const review = (bindingId: string) =>
      cloud.admin('admin', { action: 'reviewEnterpriseVerification', bindingId, decision: 'approve' });
    ok(await review('o-first'));
    // The first approval displaced the second claimant, whose submission left the queue with it.
    expect((await profileOf('o-second')).enterprise).toBeNull();
    expect(failure(await review('o-second')).code).toBe('NOT_FOUND');

    // The second claimant binds again (refused: verified owner) and can only ask for a review.
    expect(
      failure(await cloud.call('user', { action: 'bindEnterprise', uscc, name: '广州市双方有限公司' }, 'o-second'))
        .code,
    ).toBe('ENTERPRISE_CLAIMED');
  });

  test('claims racing a verification: the verified one wins and no claim survives beside it', async () => {
    const i = 1; // registry phone enterprisePhone(1); o-other-phone holds a pending claim already
    const racers = Array.from({ length: 6 }, (_, n) => `o-racer-${n}`);
    for (const openid of racers) ok(await cloud.call('user', { action: 'login' }, openid));
    await personUser(cloud, 'o-owner-1', enterprisePhone(i));
    const results = await Promise.all([bind('o-owner-1', i), ...racers.map((openid) => bind(openid, i))]);
    expect(ok(results[0]).enterprise.verification).toBe('verified');
    for (const res of results.slice(1)) {
      const r = res as { ok: boolean; code?: string };
      if (!r.ok) expect(r.code).toBe('ENTERPRISE_CLAIMED');
    }
    const [enterprise] = (await cloud.db.find('enterprises', { _id: USCCS[i] })) as {
      ownerOpenid: string;
      ownerVerifiedBy: string;
      claimantOpenids: string[];
    }[];
    expect(enterprise).toMatchObject({
      ownerOpenid: 'o-owner-1',
      ownerVerifiedBy: 'registry-phone',
      claimantOpenids: [],
    });
    expect(await cloud.db.find('enterprise_bindings', { uscc: USCCS[i] })).toEqual([
      expect.objectContaining({ _id: 'o-owner-1' }),
    ]);
    for (const openid of [...racers, 'o-other-phone']) expect((await profileOf(openid)).enterprise).toBeNull();
  });

  test('owning an enterprise without a verification is no proof: a legacy owner cannot apply as it', async () => {
    const uscc = makeUscc({ division: '440106', orgCode: '77700001' });
    // Bound before verification existed: the owner field is set, no verification says how.
    await cloud.db.insertMany('enterprises', [
      { _id: uscc, name: '旧绑定企业有限公司', formerNames: [], city: '广州市', ownerOpenid: 'o-owner-without-proof' },
    ] as never);
    await cloud.db.insertMany('users', [
      { _id: 'o-owner-without-proof', roles: [], enterpriseUscc: uscc, phoneVerified: false },
    ] as never);
    expect(failure(await applyAsEnterprise('o-owner-without-proof')).code).toBe('ENTERPRISE_NOT_VERIFIED');
    expect(await cloud.db.find('applications', { ownerOpenid: 'o-owner-without-proof' })).toEqual([]);
  });

  test('admin-only actions refuse a plain user', async () => {
    expect(failure(await cloud.call('admin', { action: 'listEnterpriseVerifications' }, 'o-squatter')).code).toBe(
      'FORBIDDEN',
    );
    expect(
      failure(
        await cloud.call(
          'admin',
          { action: 'reviewEnterpriseVerification', bindingId: 'o-squatter', decision: 'approve' },
          'o-squatter',
        ),
      ).code,
    ).toBe('FORBIDDEN');
    const [binding] = (await cloud.db.find('enterprise_bindings', { _id: 'o-rejected' })) as { reviewStatus: string }[];
    expect(binding.reviewStatus).toBe('waiting');
  });

  test('the registry import keeps the contact phone only as a keyed hash, which verifies its owner', async () => {
    const uscc = makeUscc({ division: '440604', orgCode: '6E2E0001' });
    const csv = ['统一社会信用代码,企业名称,联系电话', `${uscc},佛山市登记电话有限公司,+86 137-0000-1234`].join('\n');
    const job = ok(
      await cloud.admin('admin', { action: 'importEnterprises', fileID: await upload(cloud, 'r.csv', csv) }),
    );
    expect(job.counts).toMatchObject({ created: 1, bad: 0 });
    const [stored] = await cloud.db.find('enterprises', { _id: uscc });
    expect(JSON.stringify(stored)).not.toMatch(/13700001234|0000-1234/);
    expect(stored).toMatchObject({ contactPhoneKey: expect.stringMatching(/^[0-9a-f]{64}$/) });

    await personUser(cloud, 'o-imported', '13700001234');
    const bound = ok(
      await cloud.call('user', { action: 'bindEnterprise', uscc, name: '佛山市登记电话有限公司' }, 'o-imported'),
    );
    expect(bound.enterprise).toMatchObject({ verification: 'verified', verifiedBy: 'registry-phone' });
    expect(JSON.stringify(bound)).not.toMatch(/13700001234|contactPhone/);
  });
});
