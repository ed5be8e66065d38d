import { createHmac } from 'node:crypto';
import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, USCCS, type TestCloud } from './fixtures';
import { closeAndDraw, enterpriseApplication, openCampaign } from './lifecycle';

/**
 * "Did I win?" (issue 11): the published results searched by enterprise name or USCC, and my own
 * applications with the ticket that decided each pool, its place and the pool's last winning place.
 *
 * The pools are listed in an order that is neither the draw's (face value descending, then id: B900,
 * Z900, P300, A100) nor alphabetical (A100, B900, P300, Z900). The cap (1000) lets nobody hold both
 * 900 vouchers: the B900 winner, who also applied for Z900, is left out of Z900's order.
 */
const POOLS = [
  { poolId: 'A100', faceValue: 100, quantity: 2, applicantTypes: ['enterprise'] },
  { poolId: 'Z900', faceValue: 900, quantity: 1, applicantTypes: ['enterprise'] },
  { poolId: 'B900', faceValue: 900, quantity: 1, applicantTypes: ['enterprise'] },
  { poolId: 'P300', faceValue: 300, quantity: 1, applicantTypes: ['person'], label: '电线电缆专用券' },
];
const DRAW_ORDER = ['B900', 'Z900', 'P300', 'A100'];
const ENTERPRISE_POOLS = [
  ['B900', 'Z900', 'A100'],
  ['B900', 'Z900'],
  ['Z900', 'A100'],
  ['A100'],
  ['B900', 'Z900', 'A100'],
  ['A100', 'Z900'],
];
/** Enough further enterprises (found by name only) to need a second page of search hits. */
const EXTRA = 6;

const hmac = (seed: string, message: string) =>
  createHmac('sha256', Buffer.from(seed, 'hex')).update(message, 'utf8').digest('hex');

interface Standing {
  poolId: string;
  outcome: string;
  rank: number | null;
  lastWinningRank: number;
  waitlistRank: number | null;
}
interface StoredApp {
  _id: string;
  ownerOpenid: string;
  poolIds: string[];
  applicantName: string;
  uscc: string | null;
}

describe('did I win: search and my tickets', () => {
  let cloud: TestCloud;
  let campaignId: string;
  let seed: string;
  let apps: StoredApp[];
  const owner = (i: number) => `o-win-${i}`;
  const appOf = (openid: string) => apps.find((a) => a.ownerOpenid === openid)!;

  beforeAll(async () => {
    cloud = await startTestCloud();
    ({ campaignId } = await openCampaign(cloud, { cap: 1000, pools: POOLS }));
    await cloud.db.insertMany('applications', [
      ...ENTERPRISE_POOLS.map((pools, i) => enterpriseApplication(campaignId, owner(i), USCCS[i], pools)),
      ...Array.from({ length: EXTRA }, (_, i) => ({
        ...enterpriseApplication(campaignId, `o-extra-${i}`, `EXTRA${i}`, ['A100']),
        applicantName: `第${i}号企业有限公司`,
      })),
      ...['林小明', '陈大文'].map((name, i) => ({
        ...enterpriseApplication(campaignId, `o-person-${i}`, `P:person${i}`, ['P300']),
        applicantType: 'person',
        applicantName: name,
        uscc: null,
      })),
    ]);
    await closeAndDraw(cloud, campaignId);
    seed = ok(await cloud.call('voucher', { action: 'getCampaign', campaignId })).campaign.seed;
    apps = (await cloud.db.find('applications', { campaignId })) as StoredApp[];
  }, 90_000);
  afterAll(() => cloud?.stop());

  /** A call without an end user: WeChat's crawler (SOURCE wx_crawler, no OPENID). */
  async function anonymous(data: object): Promise<unknown> {
    const res = await fetch(`${cloud.url}/client/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'voucher', data, source: 'wx_crawler' }),
    });
    return ((await res.json()) as { result: unknown }).result;
  }

  /** Place of an application's ticket among every entry of the pool (no entry of B900 or A100 is left out for the cap). */
  function ticketPlace(poolId: string, applicationId: string): number {
    const tickets = apps
      .filter((a) => a.poolIds.includes(poolId))
      .map((a) => ({ id: a._id, t: hmac(seed, `${poolId}|${a._id}`) }))
      .sort((x, y) => (x.t < y.t ? -1 : x.t > y.t ? 1 : x.id < y.id ? -1 : 1));
    return tickets.findIndex((x) => x.id === applicationId) + 1;
  }

  test('results tabs and the draw record list the pools in the draw’s order', async () => {
    const results = ok(await cloud.call('voucher', { action: 'results', campaignId }));
    expect(results.pools).toEqual(DRAW_ORDER);
    expect(results.poolId).toBe('B900');
    const record = ok(await cloud.call('voucher', { action: 'drawRecord', campaignId }));
    expect(record.pools.map((p: { poolId: string }) => p.poolId)).toEqual(DRAW_ORDER);
  });

  test('my application: per pool in draw order the ticket (one HMAC of the published seed), my place and the last winning place', async () => {
    const mine = ok(await cloud.call('voucher', { action: 'myResults', campaignId }, owner(0)));
    expect(mine.seed).toBe(seed);
    expect(mine.items).toHaveLength(1);
    const [item] = mine.items;
    const app = appOf(owner(0));
    expect(item).toMatchObject({
      applicationId: app._id,
      applicantType: 'enterprise',
      applicantName: app.applicantName,
    });
    expect(item.pools.map((p: Standing) => p.poolId)).toEqual(['B900', 'Z900', 'A100']);
    for (const pool of item.pools as (Standing & { ticket: string; message: string })[]) {
      expect(pool.message).toBe(`${pool.poolId}|${app._id}`);
      expect(pool.ticket).toBe(hmac(seed, `${pool.poolId}|${app._id}`));
      expect(pool.ticket).toMatch(/^[0-9a-f]{64}$/);
    }
    const quantity = Object.fromEntries(POOLS.map((p) => [p.poolId, p.quantity]));
    for (const pool of item.pools as Standing[]) {
      if (pool.outcome === 'skipped') continue;
      expect(pool.lastWinningRank).toBe(quantity[pool.poolId]);
    }
  });

  test('every place is the ticket’s place in the pool, and winning means a place up to the last winning one', async () => {
    for (let i = 0; i < ENTERPRISE_POOLS.length; i++) {
      const app = appOf(owner(i));
      const { items } = ok(await cloud.call('voucher', { action: 'myResults', campaignId }, owner(i)));
      for (const pool of items[0].pools as Standing[]) {
        if (pool.poolId === 'Z900') continue; // checked below: the cap leaves the B900 winner out
        expect({ pool: pool.poolId, rank: pool.rank }).toEqual({
          pool: pool.poolId,
          rank: ticketPlace(pool.poolId, app._id),
        });
        expect(pool.outcome).toBe(pool.rank! <= pool.lastWinningRank ? 'won' : 'waitlisted');
        expect(pool.waitlistRank).toBe(pool.outcome === 'won' ? null : pool.rank! - pool.lastWinningRank);
      }
    }
  });

  test('the B900 winner is left out of Z900 (the cap), and its place there says so', async () => {
    const winners = ok(await cloud.call('voucher', { action: 'results', campaignId, poolId: 'B900' }));
    const winnerId = winners.items[0].applicationId;
    const winner = apps.find((a) => a._id === winnerId)!;
    const { items } = ok(await cloud.call('voucher', { action: 'myResults', campaignId }, winner.ownerOpenid));
    const z900 = (items[0].pools as Standing[]).find((p) => p.poolId === 'Z900')!;
    expect(z900).toEqual({
      poolId: 'Z900',
      outcome: 'skipped',
      rank: null,
      lastWinningRank: 1,
      waitlistRank: null,
      ticket: hmac(seed, `Z900|${winnerId}`),
      message: `Z900|${winnerId}`,
    });
    const b900 = (items[0].pools as Standing[]).find((p) => p.poolId === 'B900')!;
    expect(b900).toMatchObject({ outcome: 'won', rank: 1 });
  });

  test('search by name fragment: enterprises only, paged, standings as the published record has them', async () => {
    // Anyone may search, signed in or not (here: WeChat's crawler, without an OPENID).
    const first = ok(await anonymous({ action: 'searchResults', campaignId, q: '企业' }));
    expect(first.total).toBe(ENTERPRISE_POOLS.length + EXTRA);
    expect(first.items).toHaveLength(10);
    const second = ok(await cloud.call('voucher', { action: 'searchResults', campaignId, q: '企业', page: 2 }));
    expect(second.items).toHaveLength(ENTERPRISE_POOLS.length + EXTRA - 10);
    const ids = [...first.items, ...second.items].map((r: { applicationId: string }) => r.applicationId);
    expect(new Set(ids).size).toBe(ENTERPRISE_POOLS.length + EXTRA);

    const app = appOf(owner(2));
    const fragment = app.applicantName.slice(2, 8);
    const hit = ok(await cloud.call('voucher', { action: 'searchResults', campaignId, q: fragment }));
    expect(hit.items.map((r: { applicationId: string }) => r.applicationId)).toEqual([app._id]);
    // Nothing beyond the record: no contact, no owner, no ticket; the standing equals the owner's.
    expect(Object.keys(hit.items[0]).sort()).toEqual(['applicantName', 'applicationId', 'pools', 'uscc']);
    expect(JSON.stringify(hit)).not.toContain('13800000000');
    const own = ok(await cloud.call('voucher', { action: 'myResults', campaignId }, owner(2))).items[0];
    expect(hit.items[0].pools).toEqual(
      own.pools.map(({ ticket: _t, message: _m, ...standing }: Standing & { ticket: string; message: string }) => ({
        ...standing,
        outcome: standing.outcome === 'promoted' ? 'waitlisted' : standing.outcome,
      })),
    );
  });

  test('search by USCC (as typed: lower case, spaces) finds exactly that enterprise', async () => {
    const app = appOf(owner(3));
    const typed = `${USCCS[3].slice(0, 9).toLowerCase()} ${USCCS[3].slice(9)}`;
    const res = ok(await cloud.call('voucher', { action: 'searchResults', campaignId, q: typed }));
    expect(res.total).toBe(1);
    expect(res.items[0]).toMatchObject({ applicationId: app._id, uscc: USCCS[3], applicantName: app.applicantName });
    expect(res.items[0].pools.map((p: Standing) => p.poolId)).toEqual(['A100']);
  });

  test('persons cannot be found by name; a regex is a literal; nothing found is an empty page', async () => {
    for (const q of ['林小明', '陈大', '.*', '企业.*']) {
      const res = ok(await cloud.call('voucher', { action: 'searchResults', campaignId, q }));
      expect({ q, total: res.total, items: res.items }).toEqual({ q, total: 0, items: [] });
    }
  });

  test('another user’s application: myResults shows only my own, and a user without one gets none', async () => {
    const theirs = appOf(owner(1));
    const mine = ok(await cloud.call('voucher', { action: 'myResults', campaignId }, owner(0)));
    expect(mine.items.map((i: { applicationId: string }) => i.applicationId)).toEqual([appOf(owner(0))._id]);
    expect(JSON.stringify(mine)).not.toContain(theirs._id);
    const none = ok(await cloud.call('voucher', { action: 'myResults', campaignId }, 'o-stranger'));
    expect(none).toEqual({ seed, items: [] });
    // A person's own view carries the own name; the public list masks it.
    const person = ok(await cloud.call('voucher', { action: 'myResults', campaignId }, 'o-person-0'));
    expect(person.items[0]).toMatchObject({ applicantType: 'person', applicantName: '林小明' });
    const p300 = ok(await cloud.call('voucher', { action: 'results', campaignId, poolId: 'P300' }));
    expect(p300.items.map((r: { displayName: string }) => r.displayName).join()).not.toMatch(/林小明|陈大文/);
  });

  test('my results need a signed-in user', async () => {
    expect(await anonymous({ action: 'myResults', campaignId })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  test('bad input is refused with the field named in Chinese terms', async () => {
    const cases: [object, string, RegExp][] = [
      [{ campaignId, q: '' }, 'VALIDATION_FAILED', /至少 2 个字/],
      [{ campaignId, q: '企' }, 'VALIDATION_FAILED', /至少 2 个字/],
      [{ campaignId, q: '企'.repeat(61) }, 'VALIDATION_FAILED', /不超过 60 个字/],
      [{ campaignId, q: '企业\u0000' }, 'VALIDATION_FAILED', /控制字符/],
      [{ campaignId, q: '91440606722473344D' }, 'VALIDATION_FAILED', /统一社会信用代码无效/],
      [{ campaignId, q: '企业', page: 0 }, 'VALIDATION_FAILED', /页码/],
      [{ q: '企业' }, 'VALIDATION_FAILED', /./],
      [{ campaignId: 'no-such-campaign', q: '企业' }, 'NOT_FOUND', /活动不存在/],
    ];
    for (const [input, code, message] of cases) {
      const res = failure(await cloud.call('voucher', { action: 'searchResults', ...input }));
      expect({ input, code: res.code }).toEqual({ input, code });
      expect(res.message).toMatch(message);
    }
    expect(failure(await cloud.call('voucher', { action: 'myResults' }, owner(0))).code).toBe('VALIDATION_FAILED');
  });

  test('an unpublished campaign answers neither search nor my results', async () => {
    const drawn = await openCampaign(cloud, { cap: 1000, pools: POOLS });
    await cloud.db.insertMany('applications', [enterpriseApplication(drawn.campaignId, owner(0), USCCS[0], ['A100'])]);
    await closeAndDraw(cloud, drawn.campaignId, { publish: false });
    const search = failure(
      await cloud.call('voucher', { action: 'searchResults', campaignId: drawn.campaignId, q: USCCS[0] }),
    );
    expect(search).toMatchObject({ code: 'CAMPAIGN_STATE', message: '摇号结果尚未公布' });
    const own = failure(await cloud.call('voucher', { action: 'myResults', campaignId: drawn.campaignId }, owner(0)));
    expect(own.code).toBe('CAMPAIGN_STATE');

    const { campaignId: draftId } = ok(
      await cloud.admin('admin', { action: 'createCampaign', title: '草稿活动', ...draftFields() }),
    );
    const draft = failure(await cloud.call('voucher', { action: 'searchResults', campaignId: draftId, q: '企业' }));
    expect(draft.code).toBe('NOT_FOUND');
  });

  function draftFields() {
    const now = Date.now();
    return {
      opensAt: new Date(now + 3600_000).toISOString(),
      closesAt: new Date(now + 7200_000).toISOString(),
      cap: 1000,
      voucherValidUntil: '2027-12-31',
      pools: POOLS,
    };
  }
});
