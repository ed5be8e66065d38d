/**
 * Who sees and moves a case, and what an attacker would try: another enterprise's case, an expert it
 * was not offered to, a caller without a verified binding, a plain user at the expert actions, a
 * fileID of somebody else's upload. Each is refused (NOT_FOUND exactly as for a missing case, where the
 * case's existence must not leak) and nothing is written.
 */
import { startTestCloud } from '../helpers/local-cloud';
import { personUser, registerEnterprise } from '../voucher/fixtures';
import { uploadAs, PNG } from '../cable/fixtures';
import {
  caseState,
  clientId,
  docs,
  enterpriseUser,
  expertDoc,
  expertUser,
  failure,
  helpdesk,
  helpFolderOf,
  ok,
  uploadHelpFile,
  USCCS,
  validCase,
  type Loose,
  type TestCloud,
} from './case-fixtures';

describe('help desk case privacy', () => {
  let cloud: TestCloud;
  let ent: string; // USCCS[0]
  let rival: string; // USCCS[1], another verified enterprise
  let offered: string; // cable expert: offered
  let outsider: string; // appliance expert with other disciplines: not offered
  let admin: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    ent = await enterpriseUser(cloud, 0);
    rival = await enterpriseUser(cloud, 1);
    offered = await expertUser(cloud, expertDoc('p-001'));
    outsider = await expertUser(
      cloud,
      expertDoc('p-002', { productCategories: ['家用电器'], disciplines: ['trade_measures'] }),
    );
    admin = 'o-help-admin';
    ok(await cloud.call('user', { action: 'login' }, admin));
    ok(await cloud.admin('admin', { action: 'grantRole', openid: admin, role: 'admin' }));
  }, 60_000);
  afterAll(() => cloud?.stop());

  const call = (openid: string, action: string, payload: object = {}) => helpdesk(cloud, openid, action, payload);
  const open = async (overrides: Record<string, unknown> = {}) =>
    ok(await call(ent, 'openCase', validCase(overrides))).case as Loose;
  const plan = [{ measure: '复核工艺参数', target: '合格', dueDate: '2027-03-01' }];

  test('another enterprise gets NOT_FOUND for every enterprise action, exactly as for a missing case', async () => {
    const c = await open();
    ok(await call(offered, 'acceptCase', { caseId: c.caseId }));
    const missing = failure(await call(rival, 'getCase', { caseId: 'no-such-case' }));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: '问诊不存在' });
    const before = await caseState(cloud);
    const attempts: [string, object][] = [
      ['getCase', {}],
      ['postMessage', { text: '我来看看', clientRequestId: clientId() }],
      ['withdrawCase', {}],
      ['confirmClose', { solved: true }],
      ['rateCase', { stars: 1 }],
    ];
    for (const [action, payload] of attempts) {
      expect({ action, reply: failure(await call(rival, action, { caseId: c.caseId, ...payload })) }).toEqual({
        action,
        reply: missing,
      });
    }
    // Nor does the case show in their list.
    expect(ok(await call(rival, 'myCases')).total).toBe(0);
    expect(await caseState(cloud)).toEqual(before);
  }, 30_000);

  test('an expert the case was not offered to gets NOT_FOUND; an offered one loses sight once another owns it', async () => {
    const c = await open();
    expect((await docs(cloud, 'help_cases', { _id: c.caseId }))[0].offeredTo).toEqual(['p-001']);
    const before = await caseState(cloud);
    for (const [action, payload] of [
      ['getCase', {}],
      ['acceptCase', {}],
      ['diagnose', { diagnosis: '没有被邀请却来诊断的意见', plan }],
      ['proposeClose', {}],
      ['postMessage', { text: '我也想接', clientRequestId: clientId() }],
    ] as [string, object][]) {
      expect({ action, code: failure(await call(outsider, action, { caseId: c.caseId, ...payload })).code }).toEqual({
        action,
        code: 'NOT_FOUND',
      });
    }
    expect(ok(await call(outsider, 'expertOffers')).total).toBe(0);
    expect(await caseState(cloud)).toEqual(before);

    // The contact stays masked for the offered expert until they accept; then it is theirs.
    const preview = ok(await call(offered, 'getCase', { caseId: c.caseId }));
    expect(preview).toMatchObject({ contactMasked: true, contact: { name: '陈**', phone: '139****5678' } });
    const mine = ok(await call(offered, 'acceptCase', { caseId: c.caseId }));
    expect(mine).toMatchObject({ contactMasked: false, contact: { name: '陈建国', phone: '13912345678' } });
    // A withdrawn case is gone for the expert who never owned it.
    const other = await open();
    ok(await call(ent, 'withdrawCase', { caseId: other.caseId }));
    expect(failure(await call(offered, 'getCase', { caseId: other.caseId })).code).toBe('NOT_FOUND');
    ok(await call(ent, 'withdrawCase', { caseId: c.caseId }));
  }, 30_000);

  test('an admin sees the case with the contact masked and may write in its thread', async () => {
    const c = await open();
    ok(await call(offered, 'acceptCase', { caseId: c.caseId }));
    const seen = ok(await call(admin, 'getCase', { caseId: c.caseId }));
    expect(seen).toMatchObject({ viewerRole: 'admin', contactMasked: true, contact: { phone: '139****5678' } });
    const posted = ok(
      await call(admin, 'postMessage', { caseId: c.caseId, text: '请专家尽快回复', clientRequestId: clientId() }),
    );
    expect(posted.messages.at(-1)).toMatchObject({ from: 'admin', fromLabel: '管理员' });
    const told = await docs(cloud, 'outbox', { template: 'helpdeskCase', 'data.note': '管理员留言' });
    expect(told.map((o) => o.toOpenid).sort()).toEqual([ent, offered].sort());
    // An admin message is not the expert's first answer.
    expect(posted.firstAnsweredAt).toBeNull();
    ok(await call(ent, 'withdrawCase', { caseId: c.caseId }));
  }, 30_000);

  test('without a verified binding nobody opens a case, and nothing is written', async () => {
    await registerEnterprise(cloud, 4);
    const claimant = await personUser(cloud, 'o-claimant', '13700001111'); // not the registry's phone
    const bound = ok(
      await cloud.call('user', { action: 'bindEnterprise', uscc: USCCS[4], name: '测试企业4有限公司' }, claimant),
    );
    expect(bound.enterprise.verification).not.toBe('verified');
    const nobody = 'o-no-binding';
    ok(await cloud.call('user', { action: 'login' }, nobody));

    const before = await caseState(cloud);
    const refused = failure(await call(claimant, 'openCase', validCase()));
    expect(refused.code).toBe('ENTERPRISE_NOT_VERIFIED');
    expect(refused.message).toContain('才能以企业身份使用质量帮扶');
    expect(failure(await call(nobody, 'openCase', validCase())).code).toBe('ENTERPRISE_NOT_BOUND');
    expect(await caseState(cloud)).toEqual(before);
    expect(ok(await call(claimant, 'formOptions')).blockedReason).toContain('尚未验证');
    expect(ok(await call(nobody, 'formOptions')).blockedReason).toContain('请先在');
  }, 30_000);

  test('a plain user or an enterprise calling expert actions is FORBIDDEN before any validation', async () => {
    const c = await open();
    const roleOnly = 'o-role-no-record';
    ok(await cloud.call('user', { action: 'login' }, roleOnly));
    await cloud.db.update('users', { _id: roleOnly }, { $set: { roles: ['expert'] } }); // no expertId
    for (const openid of [ent, roleOnly, 'o-anyone']) {
      for (const action of ['expertOffers', 'expertCases', 'acceptCase', 'diagnose', 'proposeClose']) {
        // Bad input on purpose: the role check comes first, so the schema is never revealed.
        const reply = failure(await call(openid, action, { caseId: 12, page: 'x', plan: 'x' }));
        expect({ openid, action, code: reply.code }).toEqual({ openid, action, code: 'FORBIDDEN' });
      }
    }
    expect(failure(await call(ent, 'acceptCase', { caseId: c.caseId })).message).toBe('需要帮扶专家权限');
    ok(await call(ent, 'withdrawCase', { caseId: c.caseId }));
  }, 30_000);

  test('only the caller’s own existing uploads are accepted; viewers get temp URLs, never fileIDs', async () => {
    const theirs = await uploadHelpFile(cloud, rival);
    const elsewhere = await uploadAs(cloud, ent, `cable-photos/${helpFolderOf(ent).split('/')[1]}/x.png`, PNG);
    const ghost = `cloud://local.local-1300000000/${helpFolderOf(ent)}/never-uploaded.png`;
    const before = await caseState(cloud);
    for (const [files, text] of [
      [[theirs], '第 1 个附件不是由当前账号上传的文件'],
      [[elsewhere], '第 1 个附件不是由当前账号上传的文件'],
      [[ghost], '第 1 个附件文件不存在或已删除'],
    ] as [string[], string][]) {
      const refused = failure(await call(ent, 'openCase', validCase({ files })));
      expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(text) });
    }
    expect(await caseState(cloud)).toEqual(before);

    const mine = await uploadHelpFile(cloud, ent);
    const c = await open({ files: [mine] });
    ok(await call(offered, 'acceptCase', { caseId: c.caseId }));
    const beforeMessage = await caseState(cloud);
    const stolen = failure(
      await call(offered, 'postMessage', {
        caseId: c.caseId,
        text: '看这个',
        files: [theirs],
        clientRequestId: clientId(),
      }),
    );
    expect(stolen.code).toBe('VALIDATION_FAILED');
    expect(await caseState(cloud)).toEqual(beforeMessage);

    const view = ok(await call(offered, 'getCase', { caseId: c.caseId }));
    expect(view.files).toEqual([{ kind: 'image', url: expect.stringMatching(/sign=/) }]);
    expect(view.filesExpireIn).toBeGreaterThan(600);
    expect(JSON.stringify(view)).not.toContain('cloud://');
    ok(await call(ent, 'withdrawCase', { caseId: c.caseId }));
  }, 30_000);
});
