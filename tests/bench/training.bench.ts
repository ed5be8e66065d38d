/**
 * The training sign-up rush: `--racers` people (200) signing up at once for `--seats` (50) of one
 * session through /client/call as mini-program users, `--rounds` times (a fresh session each). Prints the
 * sign-ups per second, the latency p50/p99 of one sign-up, the database requests a sign-up makes
 * (server-API requests of its invocation, as CloudBase bills them), and checks each round: exactly `seats`
 * confirmed, the rest waitlisted numbered 1…n, nothing lost, pending or doubled. All calls are made at
 * once; at most 64 run in the local cloud together (see `post`).
 *
 *   npx tsx tests/bench/training.bench.ts [--racers 200] [--seats 50] [--rounds 5]
 */
import { loadavg } from 'node:os';
import { phoneKeyOf } from '../../cloudfunctions/src/runtime/secrets';
import { resolvePlaceholders } from '../../emulator/env';
import { totalServerRequests } from '../../emulator/functions/host';
import { startLocalCloud, type LocalCloud } from '../../emulator/start';
import { buildFunctions } from '../../scripts/build-functions';
import { numberArg } from './args';
import { pooledClient } from './local-cloud';
import { percentile } from './stats';

const client = pooledClient();
const post = client.post;

const HOUR = 3_600_000;
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';
const nameOf = (i: number) => `张${GIVEN[i % 20]}${GIVEN[Math.floor(i / 20) % 20]}${GIVEN[Math.floor(i / 400) % 20]}`;
const phoneOf = (i: number) => `1350000${String(i).padStart(4, '0')}`;

async function insertSession(cloud: LocalCloud, id: string, capacity: number): Promise<void> {
  const now = Date.now();
  await cloud.db.insertMany('training_sessions', [
    {
      _id: id,
      code: null,
      programmeId: null,
      organiserId: 'bench-org',
      organiserName: '压测主办单位',
      title: `报名压测 ${id}`,
      syllabus: '压测用课程大纲，不对外展示。',
      format: 'onsite',
      venue: '广州市天河区压测路 1 号',
      city: '广州市',
      cluster: '',
      liveUrl: null,
      startAt: new Date(now + 72 * HOUR),
      endAt: new Date(now + 75 * HOUR),
      signupOpensAt: new Date(now - HOUR),
      signupClosesAt: new Date(now + 48 * HOUR),
      capacity,
      perEnterpriseLimit: 3,
      fee: 'free',
      status: 'scheduled',
      cancelReason: null,
      confirmedCount: 0,
      waitlistCount: 0,
      nextQueueNo: 1,
      settlingUntil: 0,
      settler: null,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    },
  ]);
}

export async function run(options: { racers?: number; seats?: number; rounds?: number } = {}) {
  const racers = options.racers ?? 200;
  const seats = options.seats ?? 50;
  const rounds = options.rounds ?? 5;
  await buildFunctions({ quiet: true });
  const cloud = await startLocalCloud({ port: 0, timers: false, seed: false, functionLogs: 'errors' });
  try {
    // People with verified phones, written as verifyPhone leaves them.
    const secret = resolvePlaceholders('{{env.YPT_SERVER_SECRET}}');
    await cloud.db.insertMany(
      'users',
      Array.from({ length: racers }, (_, i) => ({
        _id: `bench-racer-${i}`,
        roles: [],
        phoneVerified: true,
        phoneKey: phoneKeyOf(phoneOf(i), secret),
        phoneMasked: '135****0000',
        createdAt: new Date(),
        updatedAt: new Date(),
      })),
    );
    const signUp = async (sessionId: string, i: number) => {
      const t0 = performance.now();
      const reply = await post(`${cloud.url}/client/call`, {
        name: 'training',
        openid: `bench-racer-${i}`,
        data: {
          action: 'signUp',
          sessionId,
          kind: 'person',
          attendees: [{ name: nameOf(i), phone: phoneOf(i) }],
          clientRequestId: `bench-${sessionId}-${i}`,
        },
      });
      const ms = performance.now() - t0;
      if (!reply.result?.ok) throw new Error(`signUp: ${JSON.stringify(reply).slice(0, 300)}`);
      const counts = cloud.host.serverRequestsOf(reply.requestId);
      return { ms, requests: counts ? totalServerRequests(counts) : NaN };
    };

    // Warm the function's worker.
    await insertSession(cloud, 'bench-warm', 1);
    await signUp('bench-warm', 0);

    const latencies: number[] = [];
    const requests: number[] = [];
    let seconds = 0;
    for (let round = 0; round < rounds; round++) {
      const sessionId = `bench-${round}`;
      await insertSession(cloud, sessionId, seats);
      const t0 = performance.now();
      const results = await Promise.all(Array.from({ length: racers }, (_, i) => signUp(sessionId, i)));
      seconds += (performance.now() - t0) / 1000;
      for (const r of results) {
        latencies.push(r.ms);
        requests.push(r.requests);
      }
      const stored = (await cloud.db.find('training_signups', { sessionId })) as { status: string; queueNo: number }[];
      const confirmed = stored.filter((s) => s.status === 'confirmed').length;
      const queue = stored
        .filter((s) => s.status === 'waitlisted')
        .map((s) => s.queueNo)
        .sort((a, b) => a - b);
      const inOrder = queue.every((q, i) => q === i + 1);
      if (stored.length !== racers || confirmed !== seats || queue.length !== racers - seats || !inOrder) {
        throw new Error(
          `round ${round}: ${stored.length} stored, ${confirmed} confirmed, ${queue.length} waitlisted, queue in order: ${inOrder}`,
        );
      }
    }
    latencies.sort((a, b) => a - b);
    requests.sort((a, b) => a - b);
    const calls = racers * rounds;
    return {
      racers,
      seats,
      rounds,
      signUpsPerSecond: Math.round(calls / seconds),
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p99Ms: +percentile(latencies, 99).toFixed(1),
      maxMs: +latencies[latencies.length - 1].toFixed(1),
      databaseRequestsPerSignUp: {
        median: percentile(requests, 50),
        p99: percentile(requests, 99),
        max: requests[requests.length - 1],
      },
      lost: 0,
      duplicated: 0,
      loadAverage: +loadavg()[0].toFixed(2),
    };
  } finally {
    client.destroy();
    await cloud.stop();
  }
}

if (require.main === module) {
  process.env.TZ = 'Asia/Shanghai';
  run({ racers: numberArg('--racers'), seats: numberArg('--seats'), rounds: numberArg('--rounds') })
    .then((figures) => console.log(JSON.stringify(figures, null, 2)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
