/**
 * The local cloud's function host, driven over HTTP exactly as the mini-program (/client/call)
 * and server SDKs (/admin) drive it, with the test-only probe/peer functions on the real
 * wx-server-sdk.
 */
import { request } from 'node:http';
import { resolvePlaceholders } from '../../../emulator/env';
import { waitUntil } from '../../helpers/wait';
import { startTestCloud, type TestCloud } from '../helpers/local-cloud';

jest.setTimeout(60_000);

interface WXContext {
  OPENID?: string;
  APPID?: string;
  UNIONID?: string;
  CLIENTIP?: string;
  ENV?: string;
  SOURCE?: string;
}

interface Whoami {
  ctx: WXContext;
  userInfo: { appId: string; openId: string } | null;
  requestId: string;
}

let cloud: TestCloud;

beforeAll(async () => {
  // Roomy: these tests are about identity and data, not time; a loaded machine must not time them out.
  cloud = await startTestCloud({ fixtures: true, functionOverrides: { probe: { timeoutSeconds: 20 } } });
});

afterAll(async () => {
  await cloud?.stop();
});

function rawPost(
  path: string,
  body: string,
  contentType = 'application/json',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${cloud.url}${path}`, { method: 'POST', headers: { 'content-type': contentType } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function healthy(): Promise<boolean> {
  return healthyAt(cloud.url);
}

async function healthyAt(url: string): Promise<boolean> {
  const res = await fetch(`${url}/healthz`);
  return res.ok && ((await res.json()) as { ok: boolean }).ok;
}

describe('identity of a mini-program call', () => {
  it('gives the function the caller openid, appid and SOURCE wx_client', async () => {
    const res = await cloud.call<Whoami>('probe', { op: 'whoami' }, 'o-alice');
    expect(res.ctx).toEqual({
      OPENID: 'o-alice',
      APPID: cloud.cloud.host.appId,
      CLIENTIP: '127.0.0.1',
      ENV: 'local',
      SOURCE: 'wx_client',
    });
    expect(res.userInfo).toEqual({ appId: cloud.cloud.host.appId, openId: 'o-alice' });
  });

  it('discards a userInfo sent by the client and injects the real caller', async () => {
    const res = await cloud.call<Whoami>(
      'probe',
      { op: 'whoami', userInfo: { appId: 'wx-evil', openId: 'o-admin' } },
      'o-mallory',
    );
    expect(res.userInfo).toEqual({ appId: cloud.cloud.host.appId, openId: 'o-mallory' });
    expect(res.ctx.OPENID).toBe('o-mallory');
  });

  it('keeps 50 concurrent callers apart, across timers and database round trips', async () => {
    const openids = Array.from({ length: 50 }, (_, i) => `o-user-${i}`);
    const results = await Promise.all(
      openids.map((openid, i) =>
        cloud.call<Whoami>('probe', { op: i % 2 ? 'whoami' : 'whoamiWithDb', delayMs: (i * 7) % 40 }, openid),
      ),
    );
    results.forEach((res, i) => {
      expect(res.ctx.OPENID).toBe(openids[i]);
      expect(res.userInfo?.openId).toBe(openids[i]);
    });
    expect(new Set(results.map((r) => r.ctx.OPENID)).size).toBe(50);
  });

  it('keeps process.env writes inside the invocation that made them', async () => {
    const [a, b] = await Promise.all([
      cloud.call<{ mine: string }>('probe', { op: 'setEnv', value: 'A', delayMs: 50 }, 'o-a'),
      cloud.call<{ mine: string }>('probe', { op: 'setEnv', value: 'B', delayMs: 10 }, 'o-b'),
    ]);
    expect(a.mine).toBe('A');
    expect(b.mine).toBe('B');
    expect(await cloud.call('probe', { op: 'readEnv' })).toEqual({ leak: null });
  });

  it('rejects a client call without openid', async () => {
    const reply = await cloud.callRaw('probe', { op: 'whoami' }, null);
    expect(reply.errCode).toBe(-501007);
    expect(reply.result).toBeUndefined();
  });
});

describe('console and function-to-function calls', () => {
  it('runs a server-SDK call with no user identity', async () => {
    const res = await cloud.admin<Whoami>('probe', { op: 'whoami' });
    expect(res.ctx).toEqual({ ENV: 'local' });
    expect(res.userInfo).toBeNull();
  });

  it('keeps the user identity through cloud.callFunction, SOURCE wx_client,scf', async () => {
    const res = await cloud.call<{ self: WXContext; other: { ctx: WXContext; event: unknown }; after: WXContext }>(
      'probe',
      { op: 'callOther', data: { hello: 'peer' } },
      'o-chain',
    );
    expect(res.self).toMatchObject({ OPENID: 'o-chain', SOURCE: 'wx_client' });
    expect(res.other.ctx).toMatchObject({ OPENID: 'o-chain', APPID: cloud.cloud.host.appId, SOURCE: 'wx_client,scf' });
    expect(res.other.event).toEqual({ hello: 'peer' });
    expect(res.after.OPENID).toBe('o-chain');
  });

  it('keeps identities apart in 20 concurrent call chains', async () => {
    const openids = Array.from({ length: 20 }, (_, i) => `o-chain-${i}`);
    const results = await Promise.all(
      openids.map((openid, i) =>
        cloud.call<{ other: { ctx: WXContext } }>(
          'probe',
          { op: 'callOther', data: { delayMs: (i * 13) % 30 } },
          openid,
        ),
      ),
    );
    results.forEach((res, i) => expect(res.other.ctx.OPENID).toBe(openids[i]));
  });

  it('gives a function called from a console call no identity either', async () => {
    const res = await cloud.admin<{ other: { ctx: WXContext } }>('probe', { op: 'callOther' });
    expect(res.other.ctx).toEqual({ ENV: 'local', SOURCE: 'scf' });
  });

  it('reports a missing function to the calling function as an SDK error', async () => {
    const res = await cloud.call<{ threw: boolean; errMsg: string }>('probe', { op: 'callMissing' });
    expect(res.threw).toBe(true);
    expect(res.errMsg).toContain('FunctionName parameter could not be found');
  });
});

describe('function environment', () => {
  it('sets the CloudBase variables, cloudbaserc envVariables and limits', async () => {
    const env = await cloud.call<Record<string, unknown>>('probe', { op: 'env' });
    expect(env).toEqual({
      TZ: 'Asia/Shanghai',
      // Dates inside functions really are on Beijing time, not just the variable.
      utcOffsetMinutes: 480,
      TCB_ENV: 'local',
      SCF_NAMESPACE: 'local',
      TENCENTCLOUD_RUNENV: 'SCF',
      custom: 'from-config',
      // cloudbaserc-style {{env.NAME}} with NAME set nowhere gets a stable local stand-in.
      secret: 'local-YPT_PROBE_SECRET_NOT_SET',
      url: cloud.cloud.adminUrl,
      memory: 128,
      timeLimit: 20000,
    });
  });
});

describe('cloudbaserc placeholders', () => {
  it('resolves {{env.NAME}} from process.env first', () => {
    process.env.YPT_TEST_PLACEHOLDER = 'from-process';
    try {
      expect(resolvePlaceholders('a-{{env.YPT_TEST_PLACEHOLDER}}-b', {})).toBe('a-from-process-b');
      expect(resolvePlaceholders('{{ env.YPT_TEST_MISSING }}', { YPT_TEST_MISSING: 'dot' })).toBe('dot');
      expect(resolvePlaceholders('{{env.YPT_TEST_MISSING}}', {})).toBe('local-YPT_TEST_MISSING');
    } finally {
      delete process.env.YPT_TEST_PLACEHOLDER;
    }
  });
});

describe('database through the real SDK', () => {
  it('does a CRUD round trip', async () => {
    const res = await cloud.call<Record<string, unknown>>('probe', { op: 'crud', tag: 'crud-1' });
    expect(res).toMatchObject({
      fetchedTag: 'crud-1',
      createdAtIsDate: true,
      updated: 1,
      n: 3,
      total: 1,
      removed: 1,
      remaining: 0,
    });
    expect(typeof res.id).toBe('string');
  });

  it('counts the server-API requests of each invocation, apart from those running beside it', async () => {
    // Warm the collection so both calls make the same requests (createCollection only fails the first time).
    await cloud.call('probe', { op: 'crud', tag: 'count-warm' });
    const [a, b] = await Promise.all([
      cloud.callCounted('probe', { op: 'crud', tag: 'count-a' }),
      cloud.callCounted('probe', { op: 'whoamiWithDb', tag: 'count-b' }),
    ]);
    // crud: createCollection, add, get, update, get, count, remove, get.
    expect(a.serverRequests).toEqual({
      'database.addCollection': 1,
      'database.insertDocument': 1,
      'database.getDocument': 3,
      'database.modifyDocument': 1,
      'database.calculateDocument': 1,
      'database.removeDocument': 1,
    });
    expect(a.total).toBe(8);
    // whoamiWithDb: createCollection and two counts.
    expect(b.serverRequests).toEqual({ 'database.addCollection': 1, 'database.calculateDocument': 2 });
    // A request without a running invocation's token is not anybody's.
    await cloud.adminRaw({ action: 'database.getDocument', collectionName: 'probe_items', query: '{}' });
    expect(cloud.cloud.host.serverRequestsOf('no-such-request')).toBeUndefined();
  });

  it('runs a transaction through runTransaction', async () => {
    const first = await cloud.call<{ returned: number; stored: number }>('probe', {
      op: 'transaction',
      counterId: 'tx-c',
    });
    const second = await cloud.call<{ returned: number; stored: number }>('probe', {
      op: 'transaction',
      counterId: 'tx-c',
    });
    expect(first).toEqual({ returned: 1, stored: 1 });
    expect(second).toEqual({ returned: 2, stored: 2 });
    expect(await cloud.db.find('probe_counters', { _id: 'tx-c' })).toEqual([expect.objectContaining({ value: 2 })]);
  });
});

describe('failures', () => {
  /** The probe's timeout in these tests: every wait below is a condition or a multiple of it. */
  const TIMEOUT_S = 3;
  let failing: TestCloud;
  beforeAll(async () => {
    failing = await startTestCloud({ fixtures: true, functionOverrides: { probe: { timeoutSeconds: TIMEOUT_S } } });
  });
  afterAll(() => failing?.stop());

  /** Resolves with the time the function reported it started `marker`. */
  const started = (marker: string) =>
    waitUntil(
      async () =>
        ((await failing.db.find('probe_marks', { marker }).catch(() => []))[0] as { at?: number } | undefined)?.at,
      {
        what: `probe ${marker} to start`,
      },
    );

  it('times out a slow function with -504003 and keeps serving', async () => {
    const t0 = Date.now();
    const reply = await failing.callRaw('probe', { op: 'sleep', ms: 60_000 });
    expect(reply).toMatchObject({ errCode: -504003, errMsg: `Invoking task timed out after ${TIMEOUT_S} seconds` });
    // Answered at its timeout, not when the function would have finished.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 50);
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect((await failing.call<Whoami>('probe', { op: 'whoami' }, 'o-after')).ctx.OPENID).toBe('o-after');
  });

  it('terminates a busy loop without blocking the server', async () => {
    let settled = false;
    const busy = failing.callRaw('probe', { op: 'busy', marker: 'busy-1' }).finally(() => (settled = true));
    await started('busy-1');
    // The loop spins in the function's worker; the server answers meanwhile.
    expect(await healthyAt(failing.url)).toBe(true);
    expect(settled).toBe(false);
    expect(await busy).toMatchObject({ errCode: -504003 });
    expect((await failing.call<Whoami>('probe', { op: 'whoami' }, 'o-after-busy')).ctx.OPENID).toBe('o-after-busy');
  });

  it('lets calls sharing a container finish when another one times out', async () => {
    const slow = failing.callRaw('probe', { op: 'sleep', ms: 60_000, marker: 'slow-1' });
    const slowStart = await started('slow-1');
    // Start the quick call halfway to the slow one's timeout, so it is still running when that fires
    // and ends well inside its own timeout.
    await waitUntil(() => Date.now() >= slowStart + (TIMEOUT_S * 1000) / 2, { what: 'half the timeout' });
    const quick = failing.callRaw<{ slept: number }>('probe', { op: 'sleep', ms: (TIMEOUT_S * 1000 * 2) / 3 });
    expect(await slow).toMatchObject({ errCode: -504003 });
    expect(await quick).toMatchObject({ result: { slept: 2000 } });
  });

  it('reports a thrown error as -504002 with the message', async () => {
    const reply = await failing.callRaw('probe', { op: 'throw', message: 'kaboom' });
    expect(reply.errCode).toBe(-504002);
    expect(reply.errMsg).toContain('kaboom');
  });

  it('survives an uncaught exception that kills the container', async () => {
    const reply = await failing.callRaw('probe', { op: 'asyncCrash' });
    expect(reply.errCode).toBe(-504002);
    expect(reply.errMsg).toContain('uncaught in timer');
    expect((await failing.call<Whoami>('probe', { op: 'whoami' }, 'o-after-crash')).ctx.OPENID).toBe('o-after-crash');
  });

  it('answers an unknown function with -501000 (client) and ResourceNotFound (server)', async () => {
    const reply = await failing.callRaw('no-such-function', {});
    expect(reply.errCode).toBe(-501000);
    expect(reply.errMsg).toContain('FunctionName parameter could not be found');
    const admin = await cloud.adminRaw({
      action: 'functions.invokeFunction',
      function_name: 'nope',
      request_data: '{}',
    });
    expect(admin).toMatchObject({ code: 'ResourceNotFound.FunctionName' });
    expect(typeof admin.requestId).toBe('string');
  });

  it('reports a crash to a server caller as FUNCTIONS_EXECUTE_FAIL', async () => {
    const admin = await cloud.adminRaw({
      action: 'functions.invokeFunction',
      function_name: 'probe',
      request_data: JSON.stringify({ op: 'throw', message: 'server-side boom' }),
    });
    expect(admin.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(String(admin.message)).toContain('server-side boom');
  });

  it('turns an undefined return value into null', async () => {
    expect(await failing.callRaw('probe', { op: 'undefined' })).toMatchObject({ result: null });
  });

  it('refuses results over 1 MB for mini-program callers, like the platform', async () => {
    const reply = await failing.callRaw('probe', { op: 'big', size: 1024 * 1024 + 10 });
    expect(reply.errCode).toBe(-604001);
    const small = await failing.call<{ blob: string }>('probe', { op: 'big', size: 1000 });
    expect(small.blob).toHaveLength(1000);
  });
});

describe('malformed requests', () => {
  it('answers /client/call problems with 400 and errCode, never a crash', async () => {
    for (const body of ['not json', '[1,2]', '{"data":{}, "openid":"o"}', '{"name":"probe","openid":"o","data":[1]}']) {
      const res = await rawPost('/client/call', body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ errCode: -501007 });
    }
    expect(await healthy()).toBe(true);
  });

  it('answers /admin problems with HTTP 200 {code, message, requestId} as the SDK expects', async () => {
    const cases: [string, string][] = [
      ['{oops', 'INVALID_PARAM'],
      ['{}', 'INVALID_PARAM'],
      ['{"action":"nosuch.action"}', 'INVALID_ACTION'],
      ['{"action":"functions.invokeFunction"}', 'INVALID_PARAM'],
      ['{"action":"functions.invokeFunction","function_name":"probe","request_data":"{bad"}', 'INVALID_PARAM'],
      ['{"action":"storage.nosuch"}', 'INVALID_ACTION'],
    ];
    for (const [body, code] of cases) {
      const res = await rawPost('/admin?env=local&seqId=1', body);
      expect(res.status).toBe(200);
      const reply = JSON.parse(res.body);
      expect(reply).toMatchObject({ code });
      expect(typeof reply.message).toBe('string');
      expect(typeof reply.requestId).toBe('string');
    }
    expect(await healthy()).toBe(true);
  });

  it('answers unknown routes with 404 JSON and serves the preview placeholder', async () => {
    const res = await fetch(`${cloud.url}/nope`);
    expect(res.status).toBe(404);
    const home = await fetch(`${cloud.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
  });

  it('lets another module take over the preview routes', async () => {
    cloud.cloud.server.setPreviewHandler((_req, res, url) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`preview:${url.pathname}`);
    });
    try {
      expect(await (await fetch(`${cloud.url}/preview/pages/index`)).text()).toBe('preview:/preview/pages/index');
    } finally {
      cloud.cloud.server.setPreviewHandler(undefined);
    }
  });
});

describe('reload', () => {
  it('replaces the containers and keeps serving', async () => {
    const before = await cloud.call<Whoami>('probe', { op: 'whoami' });
    await cloud.cloud.reload();
    const after = await cloud.call<Whoami>('probe', { op: 'whoami' }, 'o-reloaded');
    expect(before.ctx.OPENID).toBe('o-test-user');
    expect(after.ctx.OPENID).toBe('o-reloaded');
  });
});
