import { startTestCloud } from '../helpers/local-cloud';
import { ok, type TestCloud } from './fixtures';

/**
 * 我的申领 on a page that spans campaigns: each waitlisted application of a published campaign shows its
 * place in each pool's waitlist, from the published result chunks (draw_results) read once for the whole
 * page; an unpublished campaign shows none; neither the user record nor one read per application is made.
 */
const OWNER = 'o-ranks-owner';
const RESULT_CHUNK_IDS = 1000;
const PAGE_SIZE = 20;

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
  const submittedAt = (minute: number) => new Date(Date.UTC(2026, 10, 1, 2, minute));
  const app = (id: string, campaignId: string, waitlistPoolIds: string[], minute: number, owner = OWNER) => ({
    _id: id,
    campaignId,
    applicantKey: `key-${id}`,
    applicantType: 'enterprise',
    applicantName: `企业${id}`,
    uscc: null,
    ownerOpenid: owner,
    contact: { name: '陈志强', phone: '13911110000' },
    city: null,
    poolIds: ['G500', 'G1000', 'G2000'],
    services: [],
    status: waitlistPoolIds.length ? 'waitlisted' : 'lost',
    wonPoolIds: [],
    waitlistPoolIds,
    submittedAt: submittedAt(minute),
  });
  await cloud.db.insertMany('campaigns', [
    { _id: 'c-pub-1', title: '第一期', status: 'published' },
    { _id: 'c-pub-2', title: '第二期', status: 'published' },
    { _id: 'c-drawn', title: '第三期', status: 'drawn' },
  ] as never);
  await cloud.db.insertMany('applications', [
    app('a1', 'c-pub-1', ['G1000', 'G500'], 1),
    app('a2', 'c-pub-2', ['G2000'], 2),
    app('a3', 'c-pub-2', [], 3),
    // Drawn, not published: its place must not show yet.
    app('a4', 'c-drawn', ['G500'], 4),
    // Someone else's application in the same chunks.
    app('b1', 'c-pub-1', ['G500'], 5, 'o-someone-else'),
  ] as never);
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`);
  await cloud.db.insertMany('draw_results', [
    // a1 is 3rd in G500's first chunk and 1,002nd in G1000 (second chunk, 2nd).
    { _id: 'c-pub-1:G500:L:0', campaignId: 'c-pub-1', poolId: 'G500', kind: 'L', chunk: 0, ids: ['x', 'b1', 'a1'] },
    {
      _id: 'c-pub-1:G1000:L:0',
      campaignId: 'c-pub-1',
      poolId: 'G1000',
      kind: 'L',
      chunk: 0,
      ids: filler(RESULT_CHUNK_IDS),
    },
    { _id: 'c-pub-1:G1000:L:1', campaignId: 'c-pub-1', poolId: 'G1000', kind: 'L', chunk: 1, ids: ['y', 'a1'] },
    // a1's id also appears in another campaign's chunk: that is not its place.
    { _id: 'c-pub-2:G500:L:0', campaignId: 'c-pub-2', poolId: 'G500', kind: 'L', chunk: 0, ids: ['a1'] },
    { _id: 'c-pub-2:G2000:L:0', campaignId: 'c-pub-2', poolId: 'G2000', kind: 'L', chunk: 0, ids: ['a2'] },
    { _id: 'c-drawn:G500:L:0', campaignId: 'c-drawn', poolId: 'G500', kind: 'L', chunk: 0, ids: ['a4'] },
  ] as never);
}, 60_000);
afterAll(() => cloud?.stop());

test('waitlist places of every application on the page, in one read of the result chunks', async () => {
  const { result, serverRequests, total } = await cloud.callCounted<any>(
    'voucher',
    { action: 'myApplications', page: 1 },
    OWNER,
  );
  const page = ok(result);
  const places = Object.fromEntries(
    page.items.map((i: { applicationId: string; waitlist: unknown[] }) => [i.applicationId, i.waitlist]),
  );
  expect(places).toEqual({
    a1: [
      { poolId: 'G1000', rank: 1002 },
      { poolId: 'G500', rank: 3 },
    ],
    a2: [{ poolId: 'G2000', rank: 1 }],
    a3: [],
    a4: [],
  });
  expect(page.items.find((i: { applicationId: string }) => i.applicationId === 'a4').status).toBe('submitted');
  // The applications with their total and campaigns, then the waitlist chunks: two requests, however many
  // applications wait.
  expect({ total, serverRequests }).toEqual({
    total: 2,
    serverRequests: { 'database.aggregateDocuments': 1, 'database.getDocument': 1 },
  });
});

test('pages of 20 with the total, newest first, each with its campaign, in one request a page', async () => {
  const MANY = 'o-many-applications';
  await cloud.db.insertMany('campaigns', [{ _id: 'c-many', title: '第四期', status: 'open' }] as never);
  const docs = Array.from({ length: PAGE_SIZE + 3 }, (_, i) => ({
    _id: `m${String(i).padStart(2, '0')}`,
    // The oldest one's campaign has since been deleted.
    campaignId: i === 0 ? 'c-deleted' : 'c-many',
    applicantKey: `key-m${i}`,
    applicantType: 'person',
    applicantName: '李四',
    uscc: null,
    ownerOpenid: MANY,
    contact: { name: '李四', phone: '13911110001' },
    city: null,
    poolIds: ['C1000'],
    services: [],
    status: 'submitted',
    wonPoolIds: [],
    waitlistPoolIds: [],
    submittedAt: new Date(Date.UTC(2026, 10, 2, 0, i)),
  }));
  await cloud.db.insertMany('applications', docs as never);
  const read = async (page: number) => {
    const { result, serverRequests } = await cloud.callCounted<any>(
      'voucher',
      { action: 'myApplications', page },
      MANY,
    );
    return { page: ok(result), serverRequests };
  };
  const first = await read(1);
  const second = await read(2);
  expect([first.page.total, second.page.total]).toEqual([PAGE_SIZE + 3, PAGE_SIZE + 3]);
  const ids = [...first.page.items, ...second.page.items].map((i: { applicationId: string }) => i.applicationId);
  expect(ids).toEqual(docs.map((d) => d._id).reverse());
  expect(first.page.items[0].campaignTitle).toBe('第四期');
  expect(second.page.items.at(-1).campaignTitle).toBe('（活动已删除）');
  expect(first.serverRequests).toEqual({ 'database.aggregateDocuments': 1 });
  expect(second.serverRequests).toEqual({ 'database.aggregateDocuments': 1 });
  // Past the end: nothing, and still the total.
  expect((await read(3)).page).toMatchObject({ items: [], total: PAGE_SIZE + 3 });
  // Someone with no applications at all.
  expect((await cloud.callCounted<any>('voucher', { action: 'myApplications', page: 1 }, 'o-nobody')).result).toEqual({
    ok: true,
    data: { items: [], page: 1, pageSize: PAGE_SIZE, total: 0 },
  });
});

test("a campaign's page shows the caller's own application with its places, read with the campaign", async () => {
  const view = async (openid: string) =>
    cloud.callCounted<any>('voucher', { action: 'getCampaign', campaignId: 'c-pub-1' }, openid);
  const mine = await view(OWNER);
  expect(ok(mine.result).myApplication).toMatchObject({
    applicationId: 'a1',
    waitlist: [
      { poolId: 'G1000', rank: 1002 },
      { poolId: 'G500', rank: 3 },
    ],
  });
  // The campaign, the hospitals and the application in one request; the waitlist chunks in another.
  expect(mine.serverRequests).toEqual({ 'database.aggregateDocuments': 1, 'database.getDocument': 1 });
  expect(ok((await view('o-someone-else')).result).myApplication).toMatchObject({ applicationId: 'b1' });
  const stranger = await view('o-no-application');
  expect(ok(stranger.result).myApplication).toBeNull();
  expect(stranger.serverRequests).toEqual({ 'database.aggregateDocuments': 1 });
});
