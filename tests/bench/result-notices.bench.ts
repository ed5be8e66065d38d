/**
 * Result notices to 200,000 applicants on the local cloud (real functions, wx-server-sdk, the local
 * subscribeMessage.send of emulator/openapi.ts):
 * - queueing: publishResults starts the job, repeated calls finish it (one outbox document per applicant);
 * - sending: sendNotifications runs at the production rate for one short run (the pacing holds:
 *   NOTICE_RATE.perSecond), then uncapped (a local-only hook) to measure what the stack itself sustains;
 * - the production figure: runs and hours 200,000 notices take at NOTICE_RATE (one run every 5 minutes).
 *
 *   npx tsx tests/bench/result-notices.bench.ts [--applications 200000] [--paced-seconds 10]
 */
import { NOTICE_RATE } from '../../cloudfunctions/src/core/notifications';
import { startLocalCloud, type LocalCloud } from '../../emulator/start';
import { consoleCall, insertEnterpriseApplications, post } from './local-cloud';
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

/** A published-ready campaign: `applications` applicants inserted, closed and drawn. */
async function drawnCampaign(cloud: LocalCloud, applications: number): Promise<string> {
  const { campaignId } = await admin(cloud, {
    action: 'createCampaign',
    title: '2026 年广东省产品检测券（通知压测）',
    opensAt: new Date(Date.now() - day).toISOString(),
    closesAt: new Date(Date.now() + day).toISOString(),
    cap: 5000,
    voucherValidUntil: new Date(Date.now() + 365 * day).toISOString().slice(0, 10),
    pools: [
      { poolId: 'G5000', faceValue: 5000, quantity: 2000, applicantTypes: ['enterprise'] },
      { poolId: 'G2000', faceValue: 2000, quantity: 5000, applicantTypes: ['enterprise'] },
      { poolId: 'G1000', faceValue: 1000, quantity: 6000, applicantTypes: ['enterprise'] },
      { poolId: 'G500', faceValue: 500, quantity: 6000, applicantTypes: ['enterprise'] },
    ],
  });
  await admin(cloud, { action: 'openCampaign', campaignId });
  await insertEnterpriseApplications(cloud, campaignId, {
    count: applications,
    name: '通知企业',
    openid: 'notice',
    poolChoices: POOL_CHOICES,
  });
  await admin(cloud, { action: 'closeCampaign', campaignId });
  await post(`${cloud.url}/_emulator/drand/advance`, { seconds: 2 * 24 * 3600 });
  while ((await admin(cloud, { action: 'draw', campaignId })).status !== 'done');
  return campaignId;
}

export async function run(options: { applications?: number; pacedSeconds?: number } = {}) {
  const applications = options.applications ?? 200_000;
  const pacedSeconds = options.pacedSeconds ?? 10;
  const cloud = await startLocalCloud({ port: 0, timers: false, seed: false, functionLogs: 'errors' });
  try {
    const campaignId = await drawnCampaign(cloud, applications);

    // Queueing: the publish call (draw recomputed, record uploaded, then notices with what is left of 40 s),
    // then repeated publish calls until the job is done.
    const q0 = performance.now();
    let published = await admin(cloud, { action: 'publishResults', campaignId });
    const publishSeconds = (performance.now() - q0) / 1000;
    const queuedByPublish = published.notices.done;
    let publishCalls = 1;
    while (published.notices.status !== 'done') {
      published = await admin(cloud, { action: 'publishResults', campaignId });
      publishCalls++;
    }
    const queueSeconds = (performance.now() - q0) / 1000;

    // Sending at the production rate for a short run: the pacing.
    const p0 = performance.now();
    const paced = await admin(cloud, { action: 'sendNotifications', budgetMs: pacedSeconds * 1000 });
    const pacedElapsed = (performance.now() - p0) / 1000;

    // Then uncapped, 50 s runs, until nothing is pending: what the local stack sustains.
    const s0 = performance.now();
    let sent = paced.sent;
    let runs = 0;
    for (;;) {
      const r = await admin(cloud, { action: 'sendNotifications', budgetMs: 50_000, perSecond: 100_000 });
      runs++;
      sent += r.sent;
      if (r.sent + r.skipped + r.failed + r.retrying === 0) break;
    }
    const sendSeconds = (performance.now() - s0) / 1000;
    const status = await admin(cloud, { action: 'noticeStatus', campaignId });
    const docs = (await cloud.db.find('outbox', { campaignId })) as { toOpenid: string; attempts?: number }[];
    const outbox = {
      documents: docs.length,
      applicantsWithOne: new Set(docs.map((d) => d.toOpenid)).size,
      sentMoreThanOnce: docs.filter((d) => (d.attempts ?? 0) > 1).length,
    };
    const runsAtRate = Math.ceil(applications / NOTICE_RATE.perRun);
    return {
      applications,
      queue: {
        publishSeconds: +publishSeconds.toFixed(1),
        queuedByPublish,
        publishCalls,
        totalSeconds: +queueSeconds.toFixed(1),
        perSecond: Math.round(applications / queueSeconds),
        outbox,
      },
      pacedRun: {
        rateCap: NOTICE_RATE.perSecond,
        seconds: +pacedElapsed.toFixed(1),
        sent: paced.sent,
        perSecond: Math.round(paced.sent / pacedElapsed),
      },
      uncapped: { runs, seconds: +sendSeconds.toFixed(1), perSecond: Math.round((sent - paced.sent) / sendSeconds) },
      status,
      production: {
        perRun: NOTICE_RATE.perRun,
        runs: runsAtRate,
        hours: +((runsAtRate * NOTICE_RATE.runEveryMinutes) / 60).toFixed(1),
      },
    };
  } finally {
    await cloud.stop();
  }
}

if (require.main === module) {
  process.env.TZ = 'Asia/Shanghai';
  run({ applications: numberArg('--applications'), pacedSeconds: numberArg('--paced-seconds') })
    .then((figures) => console.log(JSON.stringify(figures, null, 2)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
