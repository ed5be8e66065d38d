/**
 * Refused input as a user meets it (runtime/router.ts, contract/issues.ts) through /client/call on the
 * local cloud: a Chinese message naming the field as users know it, the failing fields in
 * `details.fields` for the page to point at, nothing stored; phone numbers as people write them;
 * characters counted as the pages count them; and no schema detail for callers without the right.
 */
import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, personUser, setUpHospitals, smallCampaign, type TestCloud } from '../voucher/fixtures';

jest.setTimeout(60_000);

interface Refusal {
  ok: false;
  code: string;
  message: string;
  details?: { fields?: { path: string; label: string; message: string }[] };
}

describe('refused input speaks Chinese and points at its fields', () => {
  let cloud: TestCloud;
  let campaignId: string;
  const base = () => ({ action: 'apply', campaignId, applicantType: 'person', poolIds: ['C1000'], consent: true });

  beforeAll(async () => {
    cloud = await startTestCloud();
    await setUpHospitals(cloud);
    campaignId = ok(await cloud.admin('admin', { action: 'createCampaign', ...smallCampaign() })).campaignId;
    ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    await personUser(cloud, 'o-spaced', '13811110001');
    await personUser(cloud, 'o-refused', '13811110002');
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  test('a number written with spaces, dashes and +86 is taken, and stored as its 11 digits', async () => {
    const application = ok(
      await cloud.call('voucher', { ...base(), contact: { name: '林晓雯', phone: '+86 138-1111-0001' } }, 'o-spaced'),
    );
    const [stored] = (await cloud.db.find('applications', { _id: application.applicationId })) as {
      contact: { phone: string };
    }[];
    expect(stored.contact.phone).toBe('13811110001');
  });

  test('every refused field: the message names it in Chinese, details list path, label and message', async () => {
    const reply = (await cloud.call(
      'voucher',
      { ...base(), poolIds: [], consent: false, contact: { name: '😀', phone: '138 1111 000' } },
      'o-refused',
    )) as Refusal;
    expect(failure(reply).code).toBe('VALIDATION_FAILED');
    expect(reply.message).toBe('申领面值：请至少选择一种面值（另有 3 处需修改）');
    expect(reply.message).not.toMatch(/[a-z]{3,}/i);
    expect(reply.details?.fields).toEqual([
      { path: 'poolIds', label: '申领面值', message: '请至少选择一种面值' },
      { path: 'contact.name', label: '联系人姓名', message: '姓名至少 2 个字' },
      { path: 'contact.phone', label: '联系人手机号', message: '请输入 11 位手机号' },
      { path: 'consent', label: '申领须知', message: '请阅读并同意申领须知' },
    ]);
    expect(await cloud.db.find('applications', { ownerOpenid: 'o-refused' })).toHaveLength(0);
    expect(await cloud.db.find('applications', { ownerOpenid: 'o-spaced' })).toHaveLength(1);
  });

  test('checks without a sentence of their own speak Chinese too (wrong types, unknown values)', async () => {
    const reply = (await cloud.call(
      'voucher',
      { ...base(), applicantType: 'robot', contact: { name: 42, phone: ['13811110002'] } },
      'o-refused',
    )) as Refusal;
    expect(failure(reply).code).toBe('VALIDATION_FAILED');
    const said = [reply.message, ...(reply.details?.fields ?? []).flatMap((f) => [f.label, f.message])];
    for (const text of said) expect(text).not.toMatch(/[a-z]{3,}|applicantType|contact|phone|name/i);
    expect(reply.details?.fields?.map((f) => f.path)).toEqual(['applicantType', 'contact.name', 'contact.phone']);
  });

  test('an enterprise name is counted in characters, as the binding form counts: 100 emoji-laden ones pass', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-binder'));
    const uscc = '91440606722473344C';
    const fits = '美达电器😀'.repeat(20); // 100 characters, 120 UTF-16 units
    const taken = (await cloud.call('user', { action: 'bindEnterprise', uscc, name: fits }, 'o-binder')) as Refusal;
    expect(taken.code).not.toBe('VALIDATION_FAILED');
    const over = (await cloud.call(
      'user',
      { action: 'bindEnterprise', uscc, name: `${fits}司` },
      'o-binder',
    )) as Refusal;
    expect(failure(over).code).toBe('VALIDATION_FAILED');
    expect(over.message).toBe('企业名称不超过 100 个字');
  });

  test('a caller without the right learns nothing of the schema: no fields, no message about them', async () => {
    const reply = (await cloud.call(
      'admin',
      { action: 'createCampaign', title: 1, pools: 'x', cap: -1 },
      'o-refused',
    )) as Refusal;
    expect(failure(reply)).toEqual({ ok: false, code: 'FORBIDDEN', message: '需要管理员权限' });
    expect(reply.details).toBeUndefined();
  });
});
