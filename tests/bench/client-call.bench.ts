/**
 * End-to-end /client/call throughput of the local cloud: HTTP → function host → worker running
 * the probe on the real wx-server-sdk (getWXContext) → back. Run: npx tsx tests/bench/client-call.bench.ts
 */
import { Agent, request } from 'node:http';
import path from 'node:path';
import { startLocalCloud } from '../../emulator/start';
import { percentile } from './stats';

export interface BenchFigure {
  scenario: string;
  calls: number;
  concurrency: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
}

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

async function measure(
  scenario: string,
  calls: number,
  concurrency: number,
  once: (i: number) => Promise<void>,
): Promise<BenchFigure> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const i = next++;
        const t = process.hrtime.bigint();
        await once(i);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  latencies.sort((a, b) => a - b);
  return {
    scenario,
    calls,
    concurrency,
    perSecond: Math.round((calls / elapsedMs) * 1000),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p95Ms: Number(percentile(latencies, 95).toFixed(2)),
  };
}

export async function run(options: { calls?: number } = {}): Promise<BenchFigure[]> {
  const calls = options.calls ?? 1000;
  const cloud = await startLocalCloud({
    port: 0,
    deployedFunctions: false,
    extraFunctionsDir: path.resolve(__dirname, '../fixtures/functions'),
    functionLogs: 'errors',
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  try {
    const call = async (i: number, op: string) => {
      const openid = `o-bench-${i % 100}`;
      const reply = JSON.parse(
        await post(agent, `${cloud.url}/client/call`, JSON.stringify({ name: 'probe', data: { op }, openid })),
      ) as { result?: { ctx?: { OPENID?: string } }; errCode?: number };
      if (reply.result?.ctx?.OPENID !== openid) throw new Error(`bad reply ${JSON.stringify(reply)}`);
    };
    // Warm up: starts the worker, loads the SDK, opens keep-alive sockets.
    for (let i = 0; i < 50; i++) await call(i, 'whoami');
    const figures = [
      await measure('whoami, sequential', calls, 1, (i) => call(i, 'whoami')),
      await measure('whoami, 20 concurrent', calls, 20, (i) => call(i, 'whoami')),
      await measure('whoami + 2 db counts, sequential', Math.round(calls / 2), 1, (i) => call(i, 'whoamiWithDb')),
      await measure('whoami + 2 db counts, 20 concurrent', Math.round(calls / 2), 20, (i) => call(i, 'whoamiWithDb')),
    ];
    return figures;
  } finally {
    agent.destroy();
    await cloud.stop();
  }
}

if (require.main === module) {
  run().then(
    (figures) => {
      console.table(figures);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
