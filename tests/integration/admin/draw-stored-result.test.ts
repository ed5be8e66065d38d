import { computeRecord, resultDigest } from '../../../cloudfunctions/src/core/draw';
import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { waitUntil } from '../../helpers/wait';
import { startTestCloud } from '../helpers/local-cloud';
import { hoursFromNow, ok, type TestCloud } from '../voucher/fixtures';
import { advanceDrand, storedSecret } from '../voucher/lifecycle';

/**
 * Resumed draw calls (issue 16) take the result back from the `draw_results` chunks the draw wrote first,
 * instead of reading the whole snapshot and recomputing draw-v1; the chunks are trusted only if they hash
 * to the digest the job sealed. 2,500 applications: three snapshot pages, two voucher batches.
 */
const APPLICANTS = 2500;
const POOLS = [
  { poolId: 'G5000', faceValue: 5000, quantity: 150, applicantTypes: ['enterprise'] },
  { poolId: 'G2000', faceValue: 2000, quantity: 250, applicantTypes: ['enterprise'] },
  { poolId: 'G1000', faceValue: 1000, quantity: 300, applicantTypes: ['enterprise'] },
  { poolId: 'G500', faceValue: 500, quantity: 300, applicantTypes: ['enterprise'] },
];
const CHOICES = [['G5000'], ['G2000', 'G500'], ['G1000', 'G500'], ['G1000', 'G2000', 'G500', 'G5000']];

let cloud: TestCloud;
let campaigns = 0;

beforeAll(async () => {
  cloud = await startTestCloud();
}, 60_000);
afterAll(() => cloud?.stop());

/** A closed campaign of APPLICANTS applications whose pinned drand round is produced. */
async function closedCampaign(): Promise<string> {
  campaigns++;
  const { campaignId } = ok(
    await cloud.admin('admin', {
      action: 'createCampaign',
      title: `续跑存储结果${campaigns}`,
      opensAt: hoursFromNow(-2),
      closesAt: hoursFromNow(1),
      cap: 5000,
      voucherValidUntil: '2027-06-30',
      pools: POOLS,
    }),
  );
  ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
  await cloud.db.insertMany(
    'applications',
    Array.from({ length: APPLICANTS }, (_, i) => {
      const uscc = makeUscc({ division: '440604', orgCode: String(20000000 + campaigns * 100000 + i * 7) });
      return {
        campaignId,
        applicantKey: uscc,
        applicantType: 'enterprise',
        applicantName: `续跑企业${i}`,
        uscc,
        ownerOpenid: `o-stored-${campaigns}-${i}`,
        contact: { name: '陈一', phone: '13800000000' },
        city: '佛山',
        poolIds: [...CHOICES[i % CHOICES.length]].sort(),
        services: [],
        status: 'submitted',
        submittedAt: new Date(),
      };
    }),
  );
  ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
  await advanceDrand(cloud, 2 * 3600);
  return campaignId;
}

/** One console `draw` call: its answer (or failure) and the database reads it made. */
async function draw(campaignId: string, extra: object = {}): Promise<{ answer: any; reads: number }> {
  const outcome = await cloud.cloud.invoke('admin', { action: 'draw', campaignId, budgetMs: 1, ...extra }, {});
  const reads = outcome.serverRequests['database.getDocument'] ?? 0;
  if (!outcome.ok) return { answer: { ok: false, code: 'INTERNAL' }, reads };
  return { answer: JSON.parse(outcome.json), reads };
}

/** draw-v1 recomputed here from the stored inputs (the beacon is on the campaign from the first call on). */
async function expectedDraw(campaignId: string) {
  const entries = ((await cloud.db.find('applications', { campaignId })) as any[]).map((a) => ({
    applicationId: a._id,
    applicantKey: a.applicantKey,
    poolIds: a.poolIds,
  }));
  const campaign = ((await cloud.db.find('campaigns', { _id: campaignId })) as any[])[0];
  return computeRecord({
    campaignId,
    cap: 5000,
    pools: POOLS.map(({ poolId, faceValue, quantity }) => ({ poolId, faceValue, quantity })),
    secret: await storedSecret(cloud, campaignId),
    beacon: campaign.beacon,
    entries,
  });
}

/** Vouchers, application statuses and result chunks are exactly the recomputed draw's, each voucher once. */
async function expectWritten(campaignId: string, expected: Awaited<ReturnType<typeof expectedDraw>>) {
  const vouchers = (await cloud.db.find('vouchers', { campaignId })) as any[];
  const pairs = expected.result.flatMap((p) => p.winners.map((id) => `${p.poolId}/${id}`)).sort();
  expect(vouchers.map((v) => `${v.poolId}/${v.applicationId}`).sort()).toEqual(pairs);
  expect(new Set(vouchers.map((v) => v._id)).size).toBe(vouchers.length);
  expect(vouchers.every((v) => v.published === false)).toBe(true);

  // Each application's status and, in the draw's pool order, the pools it won and waits in.
  const poolsOf = (kind: 'winners' | 'waitlist') => {
    const pools = new Map<string, string[]>();
    for (const pool of expected.result)
      for (const id of pool[kind]) pools.set(id, [...(pools.get(id) ?? []), pool.poolId]);
    return pools;
  };
  const won = poolsOf('winners');
  const waiting = poolsOf('waitlist');
  for (const app of (await cloud.db.find('applications', { campaignId })) as any[]) {
    const status = won.has(app._id) ? 'won' : waiting.has(app._id) ? 'waitlisted' : 'lost';
    expect([app._id, app.status, app.wonPoolIds, app.waitlistPoolIds]).toEqual([
      app._id,
      status,
      won.get(app._id) ?? [],
      waiting.get(app._id) ?? [],
    ]);
  }
  const chunks = (await cloud.db.find('draw_results', { campaignId })) as any[];
  for (const pool of expected.result) {
    for (const [kind, ids] of [
      ['W', pool.winners],
      ['L', pool.waitlist],
    ] as const) {
      const stored = chunks
        .filter((c) => c.poolId === pool.poolId && c.kind === kind)
        .sort((a, b) => a.chunk - b.chunk)
        .flatMap((c) => c.ids);
      expect(stored).toEqual(ids);
    }
  }
}

/** The batches a call that computed the draw writes whatever its budget: the record, then every result chunk. */
const leadingBatches = (expected: Awaited<ReturnType<typeof expectedDraw>>) =>
  1 + expected.result.reduce((n, p) => n + Math.ceil(p.winners.length / 1000) + Math.ceil(p.waitlist.length / 1000), 0);

/** Calls until `until` holds (a call meeting a live lease answers `running` without working). */
async function drawUntil(campaignId: string, until: (answer: any) => boolean, calls: any[] = []): Promise<any[]> {
  for (let i = 0; i < 400; i++) {
    const call = await draw(campaignId);
    calls.push(call);
    if (until(call.answer)) return calls;
  }
  throw new Error('draw did not get there in 400 calls');
}

describe('resumed draw calls and the stored result', () => {
  test('resumed calls read the stored result, not the snapshot; a crash in between still ends with each voucher once', async () => {
    const campaignId = await closedCampaign();
    const first = await draw(campaignId);
    expect(first.answer.data).toMatchObject({ status: 'running' });
    // The first call reads the three snapshot pages (and the campaign, the job, the secret, the winners).
    expect(first.reads).toBeGreaterThanOrEqual(3 + 4);
    const expected = await expectedDraw(campaignId);
    // The call that computed wrote the record and every chunk despite its 1 ms budget: no later call has to compute.
    expect(first.answer.data.progress.done).toBe(leadingBatches(expected));
    // Into the voucher batches, then a crash after a write and before its checkpoint.
    await drawUntil(campaignId, (a) => a.data?.progress?.done > leadingBatches(expected));
    expect((await draw(campaignId, { faultAfterBatches: 1 })).answer.code).toBe('INTERNAL');
    const calls = await drawUntil(campaignId, (a) => a.data?.status === 'done');

    // Every resumed call (a dozen batches are left, one a call) took the stored result: one page of chunks
    // where the first call read three snapshot pages (both read the campaign, the job, the secret, the winners).
    expect(calls.length).toBeGreaterThan(10);
    for (const call of calls) expect(call.reads).toBeLessThanOrEqual(first.reads - 2);
    expect(calls.at(-1).answer.data.resultDigest).toBe(expected.resultDigest);
    await expectWritten(campaignId, expected);
  }, 120_000);

  test('the campaign is marked drawn only once every other batch is written, though batches overlap', async () => {
    const campaignId = await closedCampaign();
    await draw(campaignId);
    const expected = await expectedDraw(campaignId);
    // Up to the last few batches: a status update or two, the bulk "lost" update, the campaign's final fields.
    await drawUntil(campaignId, (a) => a.data?.progress?.done >= a.data?.progress?.total - 4);
    // The bulk "lost" update fails in a call with the time to go on to the final fields.
    const original = cloud.db.handle;
    cloud.db.handle = async function (this: typeof cloud.db, action, body) {
      if (
        action === 'database.modifyDocument' &&
        body.collectionName === 'applications' &&
        String(body.query).includes('"status":"submitted"')
      )
        return { code: 'SYS_ERR', message: '注入的故障' };
      return original.call(cloud.db, action, body);
    };
    try {
      expect((await draw(campaignId, { budgetMs: 5_000 })).answer).toMatchObject({ ok: false, code: 'INTERNAL' });
    } finally {
      cloud.db.handle = original;
    }
    const [campaign] = (await cloud.db.find('campaigns', { _id: campaignId })) as any[];
    expect(campaign.status).toBe('closed');
    // Once the failed call's lease runs out, the next call finishes the draw from its checkpoint.
    await waitUntil(
      async () => {
        const { answer } = await draw(campaignId);
        return answer.data?.status === 'done';
      },
      { what: 'the draw to finish after the failed call', timeoutMs: 60_000, intervalMs: 200 },
    );
    await expectWritten(campaignId, expected);
  }, 120_000);

  test('an altered result chunk is refused: the call recomputes and writes the draw again from the first batch', async () => {
    const campaignId = await closedCampaign();
    const first = await draw(campaignId);
    const expected = await expectedDraw(campaignId);
    const leading = leadingBatches(expected);
    // Past the chunks and the first voucher batch: the second one holds the G500 winners.
    await drawUntil(campaignId, (a) => a.data?.progress?.done > leading + 1);
    const winners = new Set(expected.result.flatMap((p) => p.winners));
    const loser = expected.entries.find((e) => !winners.has(e.applicationId))!.applicationId;
    const [chunk] = (await cloud.db.find('draw_results', { campaignId, poolId: 'G500', kind: 'W', chunk: 0 })) as any[];
    const forged = [...chunk.ids.slice(0, -1), loser];
    await cloud.db.update('draw_results', { _id: chunk._id }, { $set: { ids: forged } });

    const next = await draw(campaignId);
    expect(next.answer.data).toMatchObject({ status: 'running' });
    expect(next.reads).toBeGreaterThan(first.reads); // the stored result was read, then the snapshot
    expect(next.answer.data.progress.done).toBe(leading); // from the first batch: the record and the chunks rewritten
    const refused = (await cloud.db.find('audit_log', {
      targetId: campaignId,
      action: 'admin.draw.storedResultRefused',
    })) as any[];
    expect(refused).toHaveLength(1);
    await drawUntil(campaignId, (a) => a.data?.status === 'done');
    await expectWritten(campaignId, expected);
    expect((await cloud.db.find('vouchers', { campaignId, applicationId: loser })) as any[]).toEqual([]);
  }, 120_000);

  test('a chunk altered together with the digest the job recorded is refused outright (the seal does not match)', async () => {
    const campaignId = await closedCampaign();
    await draw(campaignId);
    const expected = await expectedDraw(campaignId);
    // Past the voucher batches too: only the seal then stands between the forged lists and the status updates.
    await drawUntil(campaignId, (a) => a.data?.progress?.done > leadingBatches(expected) + 2);
    const winners = new Set(expected.result.flatMap((p) => p.winners));
    const loser = expected.entries.find((e) => !winners.has(e.applicationId))!.applicationId;
    const forgedResult = expected.result.map((p) =>
      p.poolId === 'G500' ? { ...p, winners: [...p.winners.slice(0, -1), loser] } : p,
    );
    const [chunk] = (await cloud.db.find('draw_results', { campaignId, poolId: 'G500', kind: 'W', chunk: 0 })) as any[];
    await cloud.db.update(
      'draw_results',
      { _id: chunk._id },
      { $set: { ids: forgedResult.find((p) => p.poolId === 'G500')!.winners } },
    );
    // Whoever can write the database can also compute draw-v1's digest of the forged lists, but not the seal.
    const digest = resultDigest(expected.pools, forgedResult);
    await cloud.db.update('jobs', { _id: `draw-${campaignId}` }, { $set: { 'result.resultDigest': digest } });

    const next = await draw(campaignId);
    expect(next.answer).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await cloud.db.find('vouchers', { campaignId, applicationId: loser })) as any[]).toEqual([]);
    const [app] = (await cloud.db.find('applications', { _id: loser })) as any[];
    expect(app.status).not.toBe('won');
    const campaign = ((await cloud.db.find('campaigns', { _id: campaignId })) as any[])[0];
    expect(campaign.status).toBe('closed');
  }, 120_000);
});
