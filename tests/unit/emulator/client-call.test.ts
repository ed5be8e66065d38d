import { clientIdentity, jsonNestsDeeperThan } from '../../../emulator/functions/client-call';

const json = (text: string) => Buffer.from(text, 'utf8');

describe('jsonNestsDeeperThan', () => {
  test('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonNestsDeeperThan(json('{"a":{"b":[1]}}'), 3)).toBe(false);
    expect(jsonNestsDeeperThan(json('{"a":{"b":[1]}}'), 2)).toBe(true);
    expect(jsonNestsDeeperThan(json('{"a":"[[[[{{{{"}'), 1)).toBe(false);
    expect(jsonNestsDeeperThan(json('{"a":"\\"[[[[","b":"名称"}'), 1)).toBe(false);
    expect(jsonNestsDeeperThan(json('[{},{},[[]]]'), 3)).toBe(false);
  });

  test('scans 100,000 levels without recursion', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(jsonNestsDeeperThan(json(deep), 32)).toBe(true);
  });
});

describe('clientIdentity', () => {
  const ok = (body: Record<string, unknown>) => {
    const result = clientIdentity(body, 'wx-app', '127.0.0.1');
    if (!result.ok) throw new Error(result.message);
    return result.identity;
  };
  const refused = (body: Record<string, unknown>) => {
    const result = clientIdentity(body, 'wx-app', '127.0.0.1');
    return result.ok ? undefined : result.message;
  };

  test('a mini-program user gets OPENID, APPID and SOURCE wx_client', () => {
    expect(ok({ openid: 'oAbcDEF_123-x' })).toEqual({
      openid: 'oAbcDEF_123-x',
      appid: 'wx-app',
      unionid: undefined,
      clientIp: '127.0.0.1',
      source: 'wx_client',
    });
    expect(ok({ openid: '0' }).openid).toBe('0');
  });

  test('the crawler calls without a user', () => {
    expect(ok({ source: 'wx_crawler' })).toEqual({ appid: 'wx-app', clientIp: '127.0.0.1', source: 'wx_crawler' });
    expect(refused({ source: 'wx_crawler', openid: 'o-a' })).toMatch(/爬虫/);
  });

  test('refuses openids not shaped like one, and other sources', () => {
    for (const openid of ['', 'x'.repeat(65), 'o a', 'o/../a', 'o\u0000a', 'o.a', '张三', 42, null, ['o'], { o: 1 }]) {
      expect(refused({ openid })).toBeDefined();
    }
    expect(refused({})).toMatch(/缺少 openid/);
    expect(refused({ openid: 'o-a', source: 'wx_trigger' })).toMatch(/source/);
    expect(refused({ openid: 'o-a', unionid: 'u u' })).toMatch(/unionid/);
  });
});
