import { scoreCheckup, type CheckupQuestionnaire } from '../../../miniprogram/shared/checkup';
import { QUESTIONNAIRE_2026_1 } from '../../../seed/checkup-questionnaire';
import { startTestCloud } from '../helpers/local-cloud';
import {
  addInspections,
  answersFor,
  clientId,
  enterpriseUser,
  failure,
  ok,
  personUser,
  publishQuestionnaire,
  publishRedlist,
  registerEnterprise,
  submitCheckup,
  USCCS,
  type TestCloud,
} from './fixtures';

const docs = (cloud: TestCloud, collection: string, query: object = {}) =>
  cloud.db.find(collection, query) as Promise<Record<string, any>[]>;

/** The worst scored option of each question (不适用 skipped): every dimension weak. */
const worst = (options: { code: string; score: number | null }[]) =>
  options.filter((o) => o.score !== null).sort((a, b) => a.score! - b.score!)[0].code;

/**
 * The check-up (质量体检) through /client/call: a verified enterprise answers the current questionnaire,
 * gets its scores and next steps, sees its history; nobody else sees them, and refused submissions leave
 * nothing behind.
 */
describe('checkup', () => {
  let cloud: TestCloud;
  let owner: string; // verified owner of USCCS[0]
  let other: string; // verified owner of USCCS[1]
  let claimant: string; // bound to USCCS[2], not verified

  beforeAll(async () => {
    cloud = await startTestCloud();
    await publishQuestionnaire(cloud);
    owner = await enterpriseUser(cloud, 0);
    other = await enterpriseUser(cloud, 1);
    await registerEnterprise(cloud, 2);
    claimant = await personUser(cloud, 'o-claimant', '13912345678');
    ok(await cloud.call('user', { action: 'bindEnterprise', uscc: USCCS[2], name: '测试企业2有限公司' }, claimant));
    ok(await cloud.call('user', { action: 'login' }, 'o-unbound'));
  }, 90_000);
  afterAll(() => cloud?.stop());

  test('the questionnaire comes by dimension, with whether the caller may submit', async () => {
    const view = ok(await cloud.call('checkup', { action: 'questionnaire' }, owner));
    expect(view).toMatchObject({
      version: '2026.1',
      questionCount: QUESTIONNAIRE_2026_1.questions.length,
      enterprise: { uscc: USCCS[0], name: '测试企业0有限公司' },
      blockedReason: null,
    });
    expect(view.dimensions.map((d: { label: string }) => d.label)).toEqual([
      '质量管理体系',
      '标准',
      '计量',
      '检验检测',
      '认证',
      '标识与追溯',
      '不合格整改',
      '出口合规',
    ]);
    const unbound = ok(await cloud.call('checkup', { action: 'questionnaire' }, 'o-unbound'));
    expect(unbound).toMatchObject({ enterprise: null, blockedReason: expect.stringContaining('绑定并验证企业') });
    const pending = ok(await cloud.call('checkup', { action: 'questionnaire' }, claimant));
    expect(pending).toMatchObject({ enterprise: null, blockedReason: expect.stringContaining('进行质量体检') });
  });

  test('a verified enterprise submits; the server scores the stored questions and counts the enterprise served', async () => {
    const answers = answersFor(QUESTIONNAIRE_2026_1, (options, code) =>
      code.startsWith('ME') ? worst(options) : options[0].code,
    );
    // A score sent along is not the client's to give: the server computes it.
    const res = ok(
      await submitCheckup(cloud, owner, { answers, overall: 100, result: { overall: 100, weakest: null } }),
    );
    expect(res.created).toBe(true);
    const view = ok(await cloud.call('checkup', { action: 'get', checkupId: res.checkupId }, owner));
    const expected = scoreCheckup(QUESTIONNAIRE_2026_1, answers);
    expect(view).toMatchObject({
      checkupId: res.checkupId,
      version: '2026.1',
      uscc: USCCS[0],
      enterpriseName: '测试企业0有限公司',
      overall: expected.overall,
      overallLevel: 'good',
      weakest: 'metrology',
    });
    expect(view.dimensions.find((d: { dimension: string }) => d.dimension === 'metrology')).toMatchObject({
      score: 2, // (0 + 0 + 0 + 0 + 10) / 5
      level: 'weak',
      levelLabel: '薄弱',
    });
    expect(view.findings).toHaveLength(5);
    expect(view.findings[0]).toMatchObject({ dimensionLabel: '计量', text: expect.stringMatching(/检定或校准/) });
    expect(view.nextSteps.openCase).toEqual({
      dimension: 'metrology',
      dimensionLabel: '计量',
      problemType: 'standards',
      title: '质量体检：计量方面需要帮扶',
      path: `/pages/help/case-form/index?problemType=standards&title=${encodeURIComponent('质量体检：计量方面需要帮扶')}`,
    });
    expect(view.nextSteps.hospitalsPath).toBe('/pages/home/hospitals/index');

    const [stored] = await docs(cloud, 'checkups', { _id: res.checkupId });
    expect(stored).toMatchObject({ uscc: USCCS[0], ownerOpenid: owner, version: '2026.1', answers });
    expect(stored.result).toEqual(expected);
    expect(stored.overall).toBeUndefined();
    expect(stored.submittedAt).toBeInstanceOf(Date);
    expect(await docs(cloud, 'help_served', { _id: USCCS[0] })).toEqual([
      expect.objectContaining({ _id: USCCS[0], via: 'checkup' }),
    ]);
    expect(await docs(cloud, 'audit_log', { action: 'checkup.submit', targetId: res.checkupId })).toHaveLength(1);
  });

  test('the same clientRequestId is one check-up, also when sent five times at once; help_served stays one', async () => {
    const id = clientId('same');
    const first = ok(await submitCheckup(cloud, owner, { clientRequestId: id }));
    const again = ok(await submitCheckup(cloud, owner, { clientRequestId: id }));
    expect(again).toEqual({ created: false, checkupId: first.checkupId });

    const raced = clientId('race');
    const replies = (
      await Promise.all(Array.from({ length: 5 }, () => submitCheckup(cloud, owner, { clientRequestId: raced })))
    ).map((r) => ok(r));
    expect(new Set(replies.map((r) => r.checkupId)).size).toBe(1);
    expect(replies.filter((r) => r.created)).toHaveLength(1);
    expect(await docs(cloud, 'checkups', { clientRequestId: raced })).toHaveLength(1);
    expect(await docs(cloud, 'help_served', { _id: USCCS[0] })).toHaveLength(1);
  });

  test('mine lists the enterprise’s own check-ups, newest first, for the trend', async () => {
    const mine = ok(await cloud.call('checkup', { action: 'mine' }, owner));
    expect(mine.enterpriseName).toBe('测试企业0有限公司');
    expect(mine.total).toBe(3);
    const times = mine.items.map((i: { submittedAt: string }) => Date.parse(i.submittedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(mine.items[0]).toMatchObject({ version: '2026.1', overall: 100, findingCount: 0 });
    expect(mine.items[0].dimensions).toHaveLength(8);
    expect(ok(await cloud.call('checkup', { action: 'mine' }, other)).total).toBe(0);
  });

  test('another enterprise’s check-up is NOT_FOUND, like one that does not exist', async () => {
    // Served already through a case: the check-up leaves that document as it is.
    const since = new Date('2026-01-02T03:04:05Z');
    await cloud.db.insertMany('help_served', [{ _id: USCCS[1], via: 'case', createdAt: since }]);
    const { checkupId } = ok(await submitCheckup(cloud, other));
    expect(await docs(cloud, 'help_served', { _id: USCCS[1] })).toEqual([
      { _id: USCCS[1], via: 'case', createdAt: since },
    ]);
    const refused = failure(await cloud.call('checkup', { action: 'get', checkupId }, owner));
    expect(refused).toMatchObject({ code: 'NOT_FOUND', message: '体检记录不存在' });
    expect(failure(await cloud.call('checkup', { action: 'get', checkupId: 'f'.repeat(24) }, owner))).toMatchObject({
      code: 'NOT_FOUND',
      message: '体检记录不存在',
    });
  });

  test('an unverified binding, or none, may not submit, read or list; nothing is written', async () => {
    const { checkupId } = ok(await submitCheckup(cloud, owner));
    for (const [openid, code] of [
      [claimant, 'ENTERPRISE_NOT_VERIFIED'],
      ['o-unbound', 'ENTERPRISE_NOT_BOUND'],
    ]) {
      const submitted = failure(await submitCheckup(cloud, openid));
      expect(submitted.code).toBe(code);
      expect(submitted.message).toMatch(/质量体检/);
      expect(failure(await cloud.call('checkup', { action: 'get', checkupId }, openid)).code).toBe(code);
      expect(failure(await cloud.call('checkup', { action: 'mine' }, openid)).code).toBe(code);
    }
    expect(await docs(cloud, 'checkups', { uscc: USCCS[2] })).toHaveLength(0);
    expect(await docs(cloud, 'help_served', { _id: USCCS[2] })).toHaveLength(0);
  });

  test('incomplete answers, or an option a question does not have, are refused in Chinese; nothing is written', async () => {
    const before = (await docs(cloud, 'checkups')).length;
    const { QS01: _dropped, ...missing } = answersFor();
    const incomplete = failure(await submitCheckup(cloud, owner, { answers: missing }));
    expect(incomplete).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(incomplete.message).toBe(`答案：还有 1 道题未作答（第 1 题：${QUESTIONNAIRE_2026_1.questions[0].text}）`);
    const wrongOption = failure(await submitCheckup(cloud, owner, { answers: { ...answersFor(), QS01: 'z' } }));
    expect(wrongOption.message).toBe('答案：第 1 题的答案不在选项中，请重新选择');
    // 不适用 only where the question offers it (QS01 has three scored options only).
    const naWhereNone = failure(await submitCheckup(cloud, owner, { answers: { ...answersFor(), QS01: 'd' } }));
    expect(naWhereNone.code).toBe('VALIDATION_FAILED');
    const foreign = failure(await submitCheckup(cloud, owner, { answers: { ...answersFor(), XX01: 'a' } }));
    expect(foreign.message).toMatch(/不属于本问卷/);
    expect(await docs(cloud, 'checkups')).toHaveLength(before);
  });

  test('bad input for every action is refused with VALIDATION_FAILED, naming the field in Chinese', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['submit', { version: '', answers: answersFor(), clientRequestId: clientId() }, '问卷版本'],
      ['submit', { version: '2026.1', answers: ['a'], clientRequestId: clientId() }, '答案'],
      ['submit', { version: '2026.1', answers: { QS01: 42 }, clientRequestId: clientId() }, '答案'],
      ['submit', { version: '2026.1', answers: answersFor(), clientRequestId: 'short' }, '请求编号'],
      ['submit', { version: '2026.1', answers: answersFor() }, '请求编号'],
      ['mine', { page: 0 }, '页码'],
      ['mine', { page: 'abc' }, '页码'],
      ['get', { checkupId: '' }, '体检编号'],
      ['get', {}, '体检编号'],
      ['get', { checkupId: 'x'.repeat(65) }, '体检编号'],
    ];
    for (const [action, input, label] of cases) {
      const res = failure(await cloud.call('checkup', { action, ...input }, owner));
      expect({ action, input, code: res.code }).toEqual({ action, input, code: 'VALIDATION_FAILED' });
      expect(res.message).toContain(label);
      expect(res.message).not.toMatch(/[a-z]{4,}/);
    }
    // questionnaire takes no fields: anything sent is ignored, not an error.
    expect(ok(await cloud.call('checkup', { action: 'questionnaire', page: 'x' }, owner)).version).toBe('2026.1');
  });

  test('red-list standing from the enterprise’s own inspections: listed tier, or when it can enter the 三年榜', async () => {
    // Demo-like history (seed/redlist.ts): a failure in 2018, clean since May 2019 → 五年榜.
    await addInspections(cloud, USCCS[0], '测试企业0有限公司', [
      ['2016-04-12', 'pass'],
      ['2018-09-03', 'fail'],
      ['2019-05-10', 'pass'],
      ['2021-08-25', 'pass'],
      ['2024-03-14', 'pass'],
      ['2025-07-09', 'pass'],
    ]);
    await addInspections(cloud, USCCS[1], '测试企业1有限公司', [
      ['2019-04-01', 'pass'],
      ['2024-05-12', 'fail'],
      ['2024-06-20', 'pass'],
    ]);
    const version = await publishRedlist(cloud);

    const mine = ok(await cloud.call('checkup', { action: 'mine' }, owner));
    const listed = ok(await cloud.call('checkup', { action: 'get', checkupId: mine.items[0].checkupId }, owner));
    expect(listed.nextSteps.redlist).toMatchObject({ status: 'listed', tier: 'five', tierLabel: '五年榜', version });
    expect(listed.nextSteps.redlist.text).toMatch(/^已列入红榜五年榜（.* 期，连续 \d+ 年抽检无不合格）$/);

    const theirs = ok(await cloud.call('checkup', { action: 'mine' }, other));
    const waiting = ok(await cloud.call('checkup', { action: 'get', checkupId: theirs.items[0].checkupId }, other));
    expect(waiting.nextSteps.redlist).toMatchObject({
      status: 'waiting',
      lastFailAt: '2024-05-12',
      eligibleFrom: '2027-06-20',
      text: '最近一次不合格 2024-05-12，2027-06-20 起可进入三年榜',
    });
  });

  test('testing vouchers are offered while a campaign takes enterprise applications', async () => {
    const { checkupId } = ok(await submitCheckup(cloud, owner));
    const get = async () =>
      ok(await cloud.call('checkup', { action: 'get', checkupId }, owner)).nextSteps.voucherCampaign;
    expect(await get()).toBeNull();
    const hour = 3600_000;
    await cloud.db.insertMany('campaigns', [
      {
        _id: 'c-persons',
        title: '电线电缆专用券',
        status: 'open',
        opensAt: new Date(Date.now() - hour),
        closesAt: new Date(Date.now() + hour),
        pools: [{ poolId: 'C1', faceValue: 1000, quantity: 1, applicantTypes: ['person'] }],
      },
      {
        _id: 'c-firms',
        title: '2026 年广东省产品检测券',
        status: 'open',
        opensAt: new Date(Date.now() - hour),
        closesAt: new Date(Date.now() + 2 * hour),
        pools: [{ poolId: 'G1', faceValue: 5000, quantity: 1, applicantTypes: ['enterprise'] }],
      },
    ]);
    expect(await get()).toMatchObject({
      campaignId: 'c-firms',
      title: '2026 年广东省产品检测券',
      path: '/pages/voucher/campaign/index?campaignId=c-firms',
    });
  });

  test('a new questionnaire version: old answers get QUESTIONNAIRE_CHANGED, earlier results keep their version', async () => {
    const before = ok(await cloud.call('checkup', { action: 'mine' }, owner));
    const v2: CheckupQuestionnaire = {
      ...QUESTIONNAIRE_2026_1,
      version: '2026.2',
      title: '广东省工业产品生产企业质量体检问卷（2026 年修订版）',
      questions: QUESTIONNAIRE_2026_1.questions.slice(0, 39),
    };
    await publishQuestionnaire(cloud, v2, new Date());
    const count = (await docs(cloud, 'checkups')).length;

    const changed = failure(await submitCheckup(cloud, owner));
    expect(changed).toMatchObject({ code: 'QUESTIONNAIRE_CHANGED', details: { version: '2026.2' } });
    expect(changed.message).toMatch(/已更新为 2026\.2 版/);
    expect(await docs(cloud, 'checkups')).toHaveLength(count);

    expect(ok(await cloud.call('checkup', { action: 'questionnaire' }, owner))).toMatchObject({
      version: '2026.2',
      questionCount: 39,
    });
    const created = ok(await submitCheckup(cloud, owner, { version: '2026.2', answers: answersFor(v2) }));
    const after = ok(await cloud.call('checkup', { action: 'mine' }, owner));
    expect(after.items[0]).toMatchObject({ checkupId: created.checkupId, version: '2026.2' });
    // The earlier ones are as they were, with the version they answered.
    expect(after.items.slice(1)).toEqual(before.items);
    const old = ok(await cloud.call('checkup', { action: 'get', checkupId: before.items[0].checkupId }, owner));
    expect(old).toMatchObject({ version: '2026.1', questionnaireTitle: QUESTIONNAIRE_2026_1.title });
  });
});
