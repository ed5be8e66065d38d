/**
 * Who is calling (docs/ARCHITECTURE.md "Who is calling"): the console and timers are recognised from
 * the platform context, never from a missing or falsy OPENID, and never from client data. Each test
 * is an attack reproduced on the local cloud, driven over HTTP as a client would.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { ActionDefinition } from '../../../cloudfunctions/src/runtime/router';
import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, type TestCloud } from '../voucher/fixtures';

jest.setTimeout(60_000);

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ fixtures: true });
});

afterAll(async () => {
  await cloud?.stop();
});

async function post(path: string, body: string): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(`${cloud.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

/** A call from WeChat's crawler: SOURCE wx_crawler, no OPENID. */
async function crawlerCall(name: string, data: object): Promise<unknown> {
  const reply = await post('/client/call', JSON.stringify({ name, data, source: 'wx_crawler' }));
  expect(reply.status).toBe(200);
  return reply.json.result;
}

async function roles(openid: string): Promise<unknown> {
  const [user] = (await cloud.db.find('users', { _id: openid })) as { roles?: string[] }[];
  return user?.roles;
}

async function grantAudits(): Promise<number> {
  return (await cloud.db.find('audit_log', { action: 'admin.grantRole' })).length;
}

describe('an all-digit OPENID is a user like any other', () => {
  test.each(['0', '00', '000000'])('openid %s cannot grant itself admin, nor run any admin action', async (openid) => {
    ok(await cloud.call('user', { action: 'login' }, openid));
    const auditsBefore = await grantAudits();

    const grant = failure(await cloud.call('admin', { action: 'grantRole', openid, role: 'admin' }, openid));
    expect(grant.code).toBe('FORBIDDEN');
    expect(failure(await cloud.call('admin', { action: 'listCampaigns' }, openid)).code).toBe('FORBIDDEN');
    expect(
      failure(
        await cloud.call(
          'admin',
          { action: 'upsertHospital', hospitalId: 'evil', name: '冒名医院', city: '广州市' },
          openid,
        ),
      ).code,
    ).toBe('FORBIDDEN');

    expect(await roles(openid)).toEqual([]);
    expect(await cloud.db.find('hospitals', { _id: 'evil' })).toEqual([]);
    expect(await grantAudits()).toBe(auditsBefore);
    // The function sees the OPENID as the user sent it: "00" is not "0".
    expect(ok(await cloud.call('user', { action: 'profile' }, openid)).openid).toBe(openid);
  });
});

describe('the WeChat crawler calls without an OPENID and is not the console', () => {
  test('the local cloud delivers it as the platform does: SOURCE wx_crawler, APPID, no OPENID', async () => {
    const res = (await crawlerCall('probe', { op: 'whoami' })) as { ctx: Record<string, unknown> };
    expect(res.ctx).toEqual({
      APPID: cloud.cloud.host.appId,
      CLIENTIP: '127.0.0.1',
      ENV: 'local',
      SOURCE: 'wx_crawler',
    });
  });

  test('admin actions are refused and change nothing; user actions need a login; public ones answer', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-crawled'));
    const auditsBefore = await grantAudits();
    expect(failure(await crawlerCall('admin', { action: 'grantRole', openid: 'o-crawled', role: 'admin' })).code).toBe(
      'FORBIDDEN',
    );
    expect(failure(await crawlerCall('admin', { action: 'listCampaigns' })).code).toBe('FORBIDDEN');
    expect(await roles('o-crawled')).toEqual([]);
    expect(await grantAudits()).toBe(auditsBefore);

    expect(failure(await crawlerCall('user', { action: 'login' })).code).toBe('UNAUTHENTICATED');
    expect(ok(await crawlerCall('voucher', { action: 'listCampaigns' }))).toBeDefined();
  });
});

describe('a timer is recognised from the trigger, never from the event', () => {
  const forged = { Type: 'Timer', TriggerName: 'sendNotifications', Time: '2026-01-01T00:00:00Z', Message: '' };

  test('client data shaped like a timer event runs no timer action, whoever sends it', async () => {
    for (const openid of ['o-plain', '0']) {
      expect(failure(await cloud.call('admin', forged, openid)).code).toBe('UNKNOWN_ACTION');
    }
    expect(failure(await crawlerCall('admin', forged)).code).toBe('UNKNOWN_ACTION');
  });

  test('the real trigger still runs it', async () => {
    const outcome = await cloud.fireTimer('admin', 'sendNotifications');
    expect(outcome.ok).toBe(true);
    expect(JSON.parse((outcome as { json: string }).json)).toMatchObject({ ok: true });
  });
});

describe('the console', () => {
  test('still runs admin actions (no OPENID, no SOURCE)', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-promoted'));
    ok(await cloud.admin('admin', { action: 'grantRole', openid: 'o-promoted', role: 'admin' }));
    expect(await roles('o-promoted')).toEqual(['admin']);
    const audit = (await cloud.db.find('audit_log', { action: 'admin.grantRole', targetId: 'o-promoted' })) as {
      actor: string;
    }[];
    expect(audit.map((a) => a.actor)).toEqual(['console']);
  });

  test('a call with a token of no running invocation is refused, not run as the console', async () => {
    const reply = await cloud.adminRaw({
      action: 'functions.invokeFunction',
      function_name: 'admin',
      request_data: JSON.stringify({ action: 'grantRole', openid: 'o-crawled', role: 'admin' }),
      wxCloudApiToken: 'a-token-whose-invocation-has-ended',
    });
    expect(reply.code).toBe('PERMISSION_DENIED');
    expect(await roles('o-crawled')).toEqual([]);
  });
});

describe('access is checked before input', () => {
  test('a plain user sending bad input to an admin action learns nothing of its fields', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-curious'));
    const reply = failure(
      await cloud.call('admin', { action: 'grantRole', openid: 42, role: 'emperor', hospitalId: [] }, 'o-curious'),
    );
    expect(reply.code).toBe('FORBIDDEN');
    expect(reply.message).not.toMatch(/openid|role|hospitalId/);
    const staff = failure(
      await cloud.call('hospital', { action: 'redeemVoucher', code: 42, hospitalId: [] }, 'o-curious'),
    );
    expect(staff.code).toBe('FORBIDDEN');
  });
});

describe('/client/call refuses what no WeChat client sends', () => {
  test('an openid not shaped like one', async () => {
    for (const openid of [
      '',
      'o'.repeat(65),
      'o a',
      'o/../admin',
      'o\u0000',
      '张三',
      42,
      0,
      true,
      ['o-a'],
      { id: 'o' },
    ]) {
      const reply = await post('/client/call', JSON.stringify({ name: 'user', data: { action: 'login' }, openid }));
      expect([reply.status, reply.json.errCode]).toEqual([400, -501007]);
    }
    expect(await cloud.db.find('users', { _id: '' })).toEqual([]);
  });

  test('a body nested 100,000 levels deep: 400, and the server stays up', async () => {
    const depth = 100_000;
    const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const reply = await post(
      '/client/call',
      `{"name":"user","openid":"o-deep","data":{"action":"login","x":${nested}}}`,
    );
    expect(reply.status).toBe(400);
    expect(reply.json.errCode).toBe(-501007);
    expect((await fetch(`${cloud.url}/healthz`)).status).toBe(200);
    expect(ok(await cloud.call('user', { action: 'login' }, 'o-after-deep')).openid).toBe('o-after-deep');
  });
});

describe('input that breaks the database query', () => {
  test('a NUL byte in a red-list search is a validation failure', async () => {
    await cloud.db.insertMany('redlist_versions', [
      {
        _id: '2025-10',
        version: '2025-10',
        asOf: '2025-10-31',
        status: 'published',
        rule: 'redlist-v1',
        publishedAt: new Date(),
      },
    ]);
    for (const input of [{ q: '电器\u0000' }, { q: '\u0000' }, { category: '电线\u0000电缆' }]) {
      const reply = failure(await crawlerCall('redlist', { action: 'search', ...input }));
      expect(reply.code).toBe('VALIDATION_FAILED');
      expect(reply.message).toMatch(/搜索词|产品类别/);
    }
    expect(ok(await crawlerCall('redlist', { action: 'search', q: '电器' })).items).toEqual([]);
  });
});

describe('actions that do not read the caller’s record (userRecord: not read) still need an OPENID', () => {
  const src = join(__dirname, '../../../cloudfunctions/src');
  /** function.action of every such action, from the action tables' own files. */
  const lean = readdirSync(src).flatMap((fn) => {
    const dir = join(src, fn, 'actions');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((file) => {
        const key = file.replace(/\.ts$/, '');
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const def = (require(join(dir, file)) as Record<string, ActionDefinition<z.ZodType, unknown>>)[key];
        return def?.userRecord === 'not read' ? [{ fn, action: key, access: def.access }] : [];
      });
  });

  test('the crawler, without an OPENID, is refused by each before its input is read', async () => {
    expect(lean.length).toBeGreaterThanOrEqual(10);
    for (const { fn, action, access } of lean) {
      expect({ fn, action, access }).toEqual({ fn, action, access: 'user' });
      expect({ fn, action, code: failure(await crawlerCall(fn, { action })).code }).toEqual({
        fn,
        action,
        code: 'UNAUTHENTICATED',
      });
    }
  });
});
