import { startTestCloud } from '../helpers/local-cloud';
import { ok, type TestCloud } from './fixtures';

/**
 * 我的申领 on a page that spans campaigns: each waitlisted application of a published campaign shows its
 * place in each pool's waitlist, from the published result chunks (draw_results) read once for the whole
 * page; an unpublished campaign shows none; neither the user record nor one read per application is made.
 */
const OWNER = 'o-ranks-owner';
const RESULT_CHUNK_IDS = 1000;

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
  // The applications, their campaigns, the waitlist chunks: three queries, however many applications wait.
  expect({ total, serverRequests }).toEqual({ total: 3, serverRequests: { 'database.getDocument': 3 } });
});
