/**
 * Product credit codes on the local cloud, through /client/call as the enterprise and as consumers:
 * - issuing `--codes` (100,000) serial codes: issueCodes, then continueIssue until done, as the product page
 *   does; prints the wall time, codes per second, the calls and the database requests it took, and checks
 *   every unit has exactly one code;
 * - one label file (1,000 codes, A4 PDF): time and size;
 * - `--scans` (2,000) scans of random codes by 200 people with `--readers` (20) in flight: scans per second,
 *   latency p50/p95/p99 and the database requests per scan; and the same for made-up codes (refused by
 *   their signature without a read).
 *
 *   npx tsx tests/bench/credit.bench.ts [--codes 100000] [--scans 2000] [--readers 20]
 */
import { loadavg } from 'node:os';
import { resolvePlaceholders } from '../../emulator/env';
import { totalServerRequests } from '../../emulator/functions/host';
import { startLocalCloud } from '../../emulator/start';
import { buildFunctions } from '../../scripts/build-functions';
import { numberArg } from './args';
import { pooledClient } from './local-cloud';
import { percentile } from './stats';

const client = pooledClient();
const post = client.post;

const USCC = '91440606722473344C';
const MAKER = 'bench-maker';
const CITIES = [
  { latitude: 23.13, longitude: 113.26 },
  { latitude: 22.54, longitude: 114.06 },
  { latitude: 23.02, longitude: 113.12 },
  { latitude: 23.02, longitude: 113.75 },
  { latitude: 21.27, longitude: 110.36 },
];

export async function run(options: { codes?: number; scans?: number; readers?: number } = {}) {
  const units = options.codes ?? 100_000;
  const scans = options.scans ?? 2_000;
  const readers = options.readers ?? 20;
  process.env.YPT_SERVER_SECRET = resolvePlaceholders('{{env.YPT_SERVER_SECRET}}');
  await buildFunctions({ quiet: true });
  const cloud = await startLocalCloud({ port: 0, timers: false, seed: false, functionLogs: 'errors' });
  const call = async (openid: string, data: Record<string, unknown>) => {
    const t0 = performance.now();
    const reply = await post(`${cloud.url}/client/call`, { name: 'credit', openid, data });
    const ms = performance.now() - t0;
    if (!reply.result?.ok) throw new Error(`${String(data.action)}: ${JSON.stringify(reply).slice(0, 300)}`);
    const counts = cloud.host.serverRequestsOf(reply.requestId);
    return { data: reply.result.data, ms, requests: counts ? totalServerRequests(counts) : NaN };
  };
  try {
    // The enterprise's verified owner, as the binding leaves it; 200 consumers who opened the mini-program.
    await cloud.db.insertMany('users', [
      { _id: MAKER, roles: [], enterpriseUscc: USCC, phoneVerified: true },
      ...Array.from({ length: 200 }, (_, i) => ({ _id: `bench-scanner-${i}`, roles: [] })),
    ]);
    await cloud.db.insertMany('enterprises', [
      {
        _id: USCC,
        name: '压测电线有限公司',
        nameKey: '压测电线',
        formerNames: [],
        city: '佛山市',
        ownerOpenid: MAKER,
        ownerVerifiedBy: 'registry-phone',
      },
    ]);
    const product = await call(MAKER, {
      action: 'saveProduct',
      name: '聚氯乙烯绝缘电线',
      brand: '压测',
      model: 'BV 2.5',
      category: '电线电缆',
      standard: 'GB/T 5023.3-2008',
    });
    const productId = product.data.productId as string;

    // Issue.
    const t0 = performance.now();
    let issueCalls = 1;
    let issueRequests = 0;
    let issue = await call(MAKER, {
      action: 'issueCodes',
      productId,
      kind: 'serial',
      batchNo: 'BENCH-1',
      productionDate: '2026-12-01',
      quantity: units,
      clientRequestId: 'bench-issue-1',
    });
    issueRequests += issue.requests;
    while (issue.data.status !== 'done') {
      issue = await call(MAKER, { action: 'continueIssue', issuanceId: issue.data.issuanceId });
      issueCalls++;
      issueRequests += issue.requests;
    }
    const issueSeconds = (performance.now() - t0) / 1000;
    const issuanceId = issue.data.issuanceId as string;
    const stored = (await cloud.db.find('credit_codes', { issuanceId })) as { _id: string; serial: number }[];
    if (stored.length !== units || new Set(stored.map((c) => c.serial)).size !== units) {
      throw new Error(`issue: ${stored.length} codes stored for ${units} units`);
    }

    // One label file.
    const l0 = performance.now();
    const labels = await call(MAKER, { action: 'labels', issuanceId, part: 1 });
    const labelMs = performance.now() - l0;
    const pdfBytes = (await (await fetch(labels.data.url)).arrayBuffer()).byteLength;

    // Scans: random genuine codes, then made-up ones, `readers` in flight.
    const codes = stored.map((c) => c._id);
    const scanRun = async (pick: (i: number) => string) => {
      const latencies: number[] = [];
      const requests: number[] = [];
      let next = 0;
      const s0 = performance.now();
      await Promise.all(
        Array.from({ length: readers }, async () => {
          for (let i = next++; i < scans; i = next++) {
            const r = await call(`bench-scanner-${i % 200}`, {
              action: 'scan',
              code: pick(i),
              location: CITIES[i % CITIES.length],
            });
            latencies.push(r.ms);
            requests.push(r.requests);
          }
        }),
      );
      const seconds = (performance.now() - s0) / 1000;
      latencies.sort((a, b) => a - b);
      requests.sort((a, b) => a - b);
      return {
        scansPerSecond: Math.round(scans / seconds),
        p50Ms: +percentile(latencies, 50).toFixed(1),
        p95Ms: +percentile(latencies, 95).toFixed(1),
        p99Ms: +percentile(latencies, 99).toFixed(1),
        databaseRequestsPerScan: { median: percentile(requests, 50), max: requests[requests.length - 1] },
      };
    };
    // Warm the worker.
    await call('bench-scanner-0', { action: 'scan', code: codes[0] });
    const genuine = await scanRun((i) => codes[(i * 7919) % codes.length]);
    const forged = await scanRun((i) => `${String(i).padStart(9, '0')}ABC`.replace(/[ILOU]/g, '0'));

    return {
      issue: {
        codes: units,
        seconds: +issueSeconds.toFixed(2),
        codesPerSecond: Math.round(units / issueSeconds),
        calls: issueCalls,
        databaseRequests: issueRequests,
        duplicates: 0,
      },
      labelFile: { labels: labels.data.to - labels.data.from + 1, ms: Math.round(labelMs), bytes: pdfBytes },
      scan: { scans, readers, genuine, madeUp: forged },
      loadAverage: +loadavg()[0].toFixed(2),
    };
  } finally {
    client.destroy();
    await cloud.stop();
  }
}

if (require.main === module) {
  process.env.TZ = 'Asia/Shanghai';
  run({ codes: numberArg('--codes'), scans: numberArg('--scans'), readers: numberArg('--readers') })
    .then((figures) => console.log(JSON.stringify(figures, null, 2)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
