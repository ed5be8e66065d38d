/**
 * Live figures on the campaign page: 10,000 readers of voucher.liveFigures (50 at a time, through
 * /client/call as mini-program users) on a campaign with 200,000 applications. Reports the database
 * requests all the reads made together (each function invocation's server-API requests, as CloudBase bills
 * them) and the latency p50/p95, plus what one uncached count costs.
 *
 *   npx tsx tests/bench/live-figures.bench.ts [--applications 200000] [--reads 10000]
 */
import { totalServerRequests } from '../../emulator/functions/host';
import { startLocalCloud, type LocalCloud } from '../../emulator/start';
import { consoleCall, insertEnterpriseApplications, post } from './local-cloud';
import { percentile } from './stats';
import { numberArg } from './args';

const day = 24 * 3600_000;
const POOL_CHOICES = [
  ['G5000'],
  ['G2000'],
  ['G1000'],
  ['G500'],
  ['G1000', 'G2000', 'G500', 'G5000'],
  ['G5000', 'G500'],
];

const admin = (cloud: LocalCloud, data: object) => consoleCall(cloud, 'admin', data);

export async function run(options: { applications?: number; reads?: number; concurrency?: number } = {}) {
  const applications = options.applications ?? 200_000;
  const reads = options.reads ?? 10_000;
  const concurrency = options.concurrency ?? 50;
  const cloud = await startLocalCloud({ port: 0, timers: false, seed: false, functionLogs: 'errors' });
  try {
    const { campaignId } = await admin(cloud, {
      action: 'createCampaign',
      title: '实时人数压测',
      opensAt: new Date(Date.now() - day).toISOString(),
      closesAt: new Date(Date.now() + day).toISOString(),
      cap: 5000,
      voucherValidUntil: new Date(Date.now() + 365 * day).toISOString().slice(0, 10),
      pools: ['G5000', 'G2000', 'G1000', 'G500'].map((poolId) => ({
        poolId,
        faceValue: Number(poolId.slice(1)),
        quantity: 5000,
        applicantTypes: ['enterprise'],
      })),
    });
    await admin(cloud, { action: 'openCampaign', campaignId });
    await insertEnterpriseApplications(cloud, campaignId, {
      count: applications,
      name: '人数企业',
      openid: 'figures',
      poolChoices: POOL_CHOICES,
    });

    const read = async (openid: string) => {
      const t0 = performance.now();
      const reply = await post(`${cloud.url}/client/call`, {
        name: 'voucher',
        openid,
        data: { action: 'liveFigures', campaignId },
      });
      const ms = performance.now() - t0;
      if (!reply.result?.ok) throw new Error(`liveFigures: ${JSON.stringify(reply).slice(0, 200)}`);
      const counts = cloud.host.serverRequestsOf(reply.requestId);
      return { ms, requests: counts ? totalServerRequests(counts) : NaN, applicants: reply.result.data.applicants };
    };

    // Warm the voucher function's worker with another action, so the first count is timed on its own.
    await post(`${cloud.url}/client/call`, { name: 'voucher', openid: 'warm', data: { action: 'listHospitals' } });
    const cold = await read('figures-reader-cold');

    const latencies: number[] = [];
    let requests = 0;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < reads) {
          const i = next++;
          const r = await read(`figures-reader-${i}`);
          latencies.push(r.ms);
          requests += r.requests;
          if (r.applicants !== applications) throw new Error(`counted ${r.applicants}, expected ${applications}`);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      applications,
      uncachedCount: { ms: +cold.ms.toFixed(0), databaseRequests: cold.requests },
      reads,
      concurrency,
      seconds: +seconds.toFixed(1),
      readsPerSecond: Math.round(reads / seconds),
      databaseRequestsTotal: requests,
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p95Ms: +percentile(latencies, 95).toFixed(1),
    };
  } finally {
    await cloud.stop();
  }
}

if (require.main === module) {
  process.env.TZ = 'Asia/Shanghai';
  run({ applications: numberArg('--applications'), reads: numberArg('--reads') })
    .then((figures) => console.log(JSON.stringify(figures, null, 2)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
