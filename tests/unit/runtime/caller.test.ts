import { identifyCaller, normaliseOpenid, type CallerKind } from '../../../cloudfunctions/src/runtime/caller';

/**
 * Who is calling, from what getWXContext() returns (wx) and the invocation's environment (env).
 * Each row is a call as the platform delivers it; see docs/ARCHITECTURE.md "Who is calling".
 */
const cases: [string, Record<string, unknown>, Record<string, string>, CallerKind, string | undefined][] = [
  // Mini-program users: the OPENID decides, whatever the SOURCE.
  ['mini-program user', { OPENID: 'oAbc', APPID: 'wx1', SOURCE: 'wx_client' }, {}, 'user', 'oAbc'],
  ['user in DevTools', { OPENID: 'oAbc', SOURCE: 'wx_devtools' }, {}, 'user', 'oAbc'],
  ['user through a function chain', { OPENID: 'oAbc', SOURCE: 'wx_client,scf' }, {}, 'user', 'oAbc'],
  [
    'all-digit OPENID 0 (the SDK makes it a number)',
    { OPENID: 0, SOURCE: 'wx_client' },
    { WX_OPENID: '0' },
    'user',
    '0',
  ],
  ['OPENID 00 keeps its digits', { OPENID: 0, SOURCE: 'wx_client' }, { WX_OPENID: '00' }, 'user', '00'],
  ['OPENID 000000', { OPENID: 0, SOURCE: 'wx_client' }, { WX_OPENID: '000000' }, 'user', '000000'],
  ['OPENID 0 without SOURCE is still a user', { OPENID: 0 }, { WX_OPENID: '0' }, 'user', '0'],
  ['empty OPENID is nobody, not the console', { OPENID: '' }, {}, 'anonymous', undefined],
  // The console: no end-user identity and no SOURCE at all.
  ['console (InvokeFunction API, tcb fn invoke)', { ENV: 'prod' }, {}, 'console', undefined],
  ['console with APPID only', { APPID: 'wx1', ENV: 'prod' }, {}, 'console', undefined],
  ['console, TRIGGER_SRC other than timer', { ENV: 'prod' }, { TRIGGER_SRC: 'tcb' }, 'console', undefined],
  // Timers: the trigger in the platform context, never the event.
  ['timer', { SOURCE: 'wx_trigger' }, { TRIGGER_SRC: 'timer' }, 'timer', undefined],
  ['timer without SOURCE', {}, { TRIGGER_SRC: 'timer' }, 'timer', undefined],
  ['wx_trigger without the timer trigger', { SOURCE: 'wx_trigger' }, {}, 'anonymous', undefined],
  [
    'timer trigger claimed by a client source',
    { SOURCE: 'wx_client' },
    { TRIGGER_SRC: 'timer' },
    'anonymous',
    undefined,
  ],
  ['function called by a timer', { SOURCE: 'wx_trigger,scf' }, {}, 'anonymous', undefined],
  // Client sources without an OPENID are never the console.
  ['WeChat crawler', { APPID: 'wx1', SOURCE: 'wx_crawler' }, {}, 'anonymous', undefined],
  ['HTTP access', { SOURCE: 'wx_http' }, {}, 'anonymous', undefined],
  ['unknown WeChat client', { SOURCE: 'wx_unknown' }, {}, 'anonymous', undefined],
  ['local debugging', { SOURCE: 'wx_localdebug' }, {}, 'anonymous', undefined],
  ['client chain through a function', { SOURCE: 'wx_crawler,scf' }, {}, 'anonymous', undefined],
  ['function called by the console', { SOURCE: 'scf' }, {}, 'anonymous', undefined],
  ['payment callback (not a known console origin)', { SOURCE: 'wx_paycallback' }, {}, 'anonymous', undefined],
  ['web client', { SOURCE: 'web_client' }, {}, 'anonymous', undefined],
  ['non-WeChat origin (其他)', { SOURCE: '其他' }, {}, 'anonymous', undefined],
  // Web SDK logins carry their user in the environment, even without a SOURCE.
  ['web anonymous login', {}, { TCB_UUID: 'u1', TCB_ISANONYMOUS_USER: 'true' }, 'anonymous', undefined],
  ['web custom login', {}, { TCB_CUSTOM_USER_ID: 'c1' }, 'anonymous', undefined],
  ['web login type only', {}, { LOGINTYPE: 'WECHAT-OPEN' }, 'anonymous', undefined],
  ['UNIONID without OPENID', { UNIONID: 'u1' }, {}, 'anonymous', undefined],
];

describe('identifyCaller', () => {
  test.each(cases)('%s', (_label, wx, env, kind, openid) => {
    const identity = identifyCaller(wx, env);
    expect(identity.kind).toBe(kind);
    expect(identity.openid).toBe(openid);
  });

  test('an OPENID is always a string', () => {
    expect(typeof identifyCaller({ OPENID: 12345 }, {}).openid).toBe('string');
    expect(identifyCaller({ OPENID: 12345 }, {}).openid).toBe('12345');
  });
});

describe('normaliseOpenid', () => {
  test('keeps the digits the SDK parsed away, and only when they match', () => {
    expect(normaliseOpenid(7, '007')).toBe('007');
    expect(normaliseOpenid(7, '7')).toBe('7');
    expect(normaliseOpenid(7, '8')).toBe('7');
    expect(normaliseOpenid(7, undefined)).toBe('7');
    expect(normaliseOpenid('oAbc', 'oAbc')).toBe('oAbc');
  });
});
