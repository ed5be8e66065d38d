/**
 * Outside the local cloud the functions refuse to run with a stand-in, placeholder or short
 * YPT_SERVER_SECRET (runtime/secrets.ts): every call answers INTERNAL and the log says why. Each
 * function here is made to look deployed (YPT_LOCAL_CLOUD unset) with one kind of bad secret.
 */
import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, type TestCloud } from '../voucher/fixtures';

jest.setTimeout(60_000);

const deployed = (secret?: string) => ({
  envVariables: { YPT_LOCAL_CLOUD: '', ...(secret === undefined ? {} : { YPT_SERVER_SECRET: secret }) },
});

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud({
    functionLogs: 'silent',
    functionOverrides: {
      redlist: deployed(), // the local stand-in, local-YPT_SERVER_SECRET
      user: deployed('{{env.YPT_SERVER_SECRET}}'),
      voucher: deployed('a-31-character-secret-012345678'),
      admin: deployed(''),
      cable: deployed('k'.repeat(48)),
    },
  });
});

afterAll(async () => {
  await cloud?.stop();
});

const refused = (result: unknown) => {
  const reply = failure(result);
  expect(reply).toEqual({ ok: false, code: 'INTERNAL', message: '服务配置有误，暂停服务，请联系管理员' });
};

test('each bad secret stops the function before anything runs, and the log names the reason', async () => {
  refused(await cloud.call('redlist', { action: 'versions' }));
  refused(await cloud.call('user', { action: 'login' }, 'o-first'));
  refused(await cloud.call('voucher', { action: 'listCampaigns' }));
  refused(await cloud.admin('admin', { action: 'upsertHospital', hospitalId: 'h1', name: '某医院', city: '广州市' }));
  const timer = await cloud.fireTimer('admin', 'sendNotifications');
  refused(JSON.parse((timer as { json: string }).json));

  expect(await cloud.db.find('users', {})).toEqual([]);
  expect(await cloud.db.find('hospitals', {})).toEqual([]);
  const logs = cloud.logs().join('\n');
  expect(logs).toContain('[redlist] [function] refusing to run: YPT_SERVER_SECRET is the local cloud stand-in');
  expect(logs).toContain('[user] [function] refusing to run: YPT_SERVER_SECRET is an unresolved {{env.…}} placeholder');
  expect(logs).toContain('[voucher] [function] refusing to run: YPT_SERVER_SECRET is shorter than 32 characters');
  expect(logs).toContain('[admin] [function] refusing to run: YPT_SERVER_SECRET is not set');
});

test('a strong secret runs as usual', async () => {
  expect(ok(await cloud.call('cable', { action: 'formOptions' }))).toBeDefined();
});
