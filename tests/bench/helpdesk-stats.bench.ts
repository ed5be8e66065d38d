/**
 * Admin statistics of the help desk (helpdesk.caseStats) over 20,000 cases through the local cloud:
 * /client/call as an admin user → function host → `helpdesk` on the real wx-server-sdk → local database
 * (one count, then pages of 1000 cases with 12 fields, 4 at a time) → the pure computation
 * (helpdesk/stats.ts). Reports p50/p95/max of the call, the server round trips one call makes, the
 * process's peak RSS during the calls (functions run in worker threads of this process), and the pure
 * computation's own time.
 *
 *   npx tsx tests/bench/helpdesk-stats.bench.ts [--cases 20000] [--calls 30]
 */
import { Agent, request } from 'node:http';
import path from 'node:path';
import type { CaseStatus } from '../../miniprogram/shared/helpdesk';
import { PRODUCT_CATEGORIES } from '../../miniprogram/shared/product-categories';
import { GUANGDONG_CITY_NAMES } from '../../miniprogram/shared/cities';
import type { CaseDoc } from '../../cloudfunctions/src/helpdesk/documents';
import { computeCaseStats } from '../../cloudfunctions/src/helpdesk/stats';
import { startLocalCloud } from '../../emulator/start';
import { totalServerRequests } from '../../emulator/functions/host';
import { buildFunctions } from '../../scripts/build-functions';
import { Random } from '../../scripts/generate-inspections';
import { numberArg } from './args';
import { percentile } from './stats';

export interface HelpdeskStatsBenchResult {
  cases: number;
  calls: number;
  setupSeconds: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  serverRequestsPerCall: number;
  peakRssMiB: number;
  baselineRssMiB: number;
  pureComputeMs: number;
}

const H = 3600_000;

function post(agent: Agent, url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `n` stored cases submitted over 2026, across statuses, categories, cities and 700 experts. */
export function generateCases(n: number): CaseDoc[] {
  const rng = new Random('helpdesk-stats-bench');
  const cities = GUANGDONG_CITY_NAMES;
  const statuses: CaseStatus[] = [
    'resolved',
    'resolved',
    'resolved',
    'resolved',
    'withdrawn',
    'accepted',
    'open',
    'closing',
  ];
  const start = new Date('2026-01-01T00:00:00+08:00').getTime();
  const out: CaseDoc[] = [];
  for (let i = 0; i < n; i++) {
    const status = rng.pick(statuses);
    const submittedAt = new Date(start + rng.int(0, 330 * 24) * H);
    const answered = status !== 'open' && rng.int(0, 9) > 0;
    const expertNo = rng.int(1, 700);
    const firstAnsweredAt = answered ? new Date(submittedAt.getTime() + rng.int(1, 90) * H) : null;
    const resolvedAt = status === 'resolved' ? new Date(submittedAt.getTime() + rng.int(24, 900) * H) : null;
    out.push({
      _id: `bench-${String(i).padStart(6, '0')}`,
      caseNo: `WZ-${i}`,
      status,
      uscc: `9144${String(i).padStart(14, '0')}`,
      enterpriseName: `企业${i}`,
      city: rng.pick(cities),
      ownerOpenid: `o-${i}`,
      contact: { name: '联系人', phone: '13900000000' },
      productCategory: rng.pick(PRODUCT_CATEGORIES),
      problemType: 'other',
      title: '标题标题',
      description: '问题描述问题描述问题描述',
      failedItems: '',
      offerId: null,
      files: [],
      urgency: 'normal',
      preferredCity: null,
      clientRequestId: `bench-${i}`,
      offeredTo: [],
      expertId: status === 'open' ? null : `E${expertNo}`,
      expertName: status === 'open' ? null : `专家${expertNo}`,
      submittedAt,
      acceptedAt: null,
      firstAnswerDueAt: new Date(submittedAt.getTime() + 48 * H),
      firstAnsweredAt,
      escalatedAt: null,
      diagnosis: null,
      closingNote: null,
      closingProposedAt: null,
      resolvedAt,
      withdrawnAt: status === 'withdrawn' ? new Date(submittedAt.getTime() + 5 * H) : null,
      rating: resolvedAt && rng.int(0, 4) > 0 ? { stars: rng.int(1, 5), comment: '', at: resolvedAt } : null,
      createdAt: submittedAt,
      updatedAt: submittedAt,
    });
  }
  return out;
}

export async function run(options: { cases?: number; calls?: number } = {}): Promise<HelpdeskStatsBenchResult> {
  const n = options.cases ?? 20_000;
  const calls = options.calls ?? 30;
  const started = Date.now();
  await buildFunctions({ quiet: true });
  const cloud = await startLocalCloud({ port: 0, seed: false, functionLogs: 'errors' });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  try {
    const cases = generateCases(n);
    for (let i = 0; i < cases.length; i += 5000) await cloud.db.insertMany('help_cases', cases.slice(i, i + 5000));
    await cloud.db.insertMany('users', [{ _id: 'o-bench-admin', roles: ['admin'] }]);
    const setupSeconds = +((Date.now() - started) / 1000).toFixed(1);

    const input = { action: 'caseStats', from: '2026-01-01', to: '2026-12-31' };
    const call = async () => {
      const reply = JSON.parse(
        await post(
          agent,
          `${cloud.url}/client/call`,
          JSON.stringify({ name: 'helpdesk', data: input, openid: 'o-bench-admin' }),
        ),
      ) as { result?: { ok: boolean; data?: { total: number }; code?: string }; requestId?: string };
      if (!reply.result?.ok) throw new Error(`bad reply ${JSON.stringify(reply).slice(0, 300)}`);
      if (reply.result.data!.total !== n) throw new Error(`expected ${n} cases, got ${reply.result.data!.total}`);
      return reply.requestId ?? '';
    };
    // Warm up: worker start, SDK load.
    for (let i = 0; i < 3; i++) await call();

    global.gc?.();
    const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
    let peak = baselineRssMiB;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
    }, 10);
    const latencies: number[] = [];
    let requests = 0;
    for (let i = 0; i < calls; i++) {
      const t = process.hrtime.bigint();
      const requestId = await call();
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      const counts = cloud.host.serverRequestsOf(requestId);
      if (counts) requests = totalServerRequests(counts);
    }
    clearInterval(sampler);
    latencies.sort((a, b) => a - b);

    const t = process.hrtime.bigint();
    computeCaseStats(cases, { from: '2026-01-01', to: '2026-12-31' }, new Date());
    const pureComputeMs = +(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1);

    return {
      cases: n,
      calls,
      setupSeconds,
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p95Ms: +percentile(latencies, 95).toFixed(1),
      maxMs: +latencies[latencies.length - 1].toFixed(1),
      serverRequestsPerCall: requests,
      peakRssMiB: +peak.toFixed(0),
      baselineRssMiB: +baselineRssMiB.toFixed(0),
      pureComputeMs,
    };
  } finally {
    agent.destroy();
    await cloud.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  run({ cases: numberArg('--cases'), calls: numberArg('--calls') }).then(
    (result) => {
      console.table([result]);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
