/**
 * A plain implementation of draw-v1 `compute`, written straight from shared/design/LOTTERY.md with no
 * attention to speed: the yardstick issue 16 measures `npm run draw` against (≤ 0.3 of its time),
 * and a second, independent reading of the spec whose resultDigest the draw-cli bench compares.
 *
 *   npx tsx tests/bench/draw-reference.ts <record.json> <out.json>
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

interface Entry {
  applicationId: string;
  applicantKey: string;
  poolIds: string[];
}
interface Pool {
  poolId: string;
  faceValue: number;
  quantity: number;
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function referenceCompute(record: {
  campaignId: string;
  cap: number;
  pools: Pool[];
  secret: string;
  beacon: string;
  entries: Entry[];
}) {
  const lines = record.entries.map(
    (e) => `${e.applicationId}\t${e.applicantKey}\t${[...e.poolIds].sort(byCodeUnit).join(',')}\n`,
  );
  const snapshotHash = sha256(lines.sort(byCodeUnit).join(''));
  const seed = sha256(`draw-v1|${record.campaignId}|${record.secret}|${snapshotHash}|${record.beacon}`);
  const key = Buffer.from(seed, 'hex');
  const pools = [...record.pools].sort((a, b) => b.faceValue - a.faceValue || byCodeUnit(a.poolId, b.poolId));
  const won = new Map<string, { total: number; pools: Set<string> }>();
  const result = pools.map((pool) => {
    const members = record.entries
      .filter((e) => e.poolIds.includes(pool.poolId))
      .map((e) => ({
        entry: e,
        ticket: createHmac('sha256', key).update(`${pool.poolId}|${e.applicationId}`).digest('hex'),
      }))
      .sort((a, b) => byCodeUnit(a.ticket, b.ticket) || byCodeUnit(a.entry.applicationId, b.entry.applicationId));
    const winners: string[] = [];
    const waitlist: string[] = [];
    for (const { entry } of members) {
      const state = won.get(entry.applicantKey) ?? { total: 0, pools: new Set<string>() };
      if (state.pools.has(pool.poolId) || state.total + pool.faceValue > record.cap) continue;
      if (winners.length < pool.quantity) {
        winners.push(entry.applicationId);
        state.total += pool.faceValue;
        state.pools.add(pool.poolId);
        won.set(entry.applicantKey, state);
      } else waitlist.push(entry.applicationId);
    }
    return { poolId: pool.poolId, winners, waitlist };
  });
  const digestLines = result.flatMap((r) => [
    ...r.winners.map((id, i) => `${r.poolId}\tW\t${i + 1}\t${id}\n`),
    ...r.waitlist.map((id, i) => `${r.poolId}\tL\t${i + 1}\t${id}\n`),
  ]);
  return {
    algorithm: 'draw-v1',
    ...record,
    commitment: sha256(Buffer.from(record.secret, 'hex')),
    snapshotHash,
    seed,
    result,
    resultDigest: sha256(digestLines.join('')),
  };
}

/** Same calling convention as scripts/draw.ts runCli, so the bench runs both alike. */
export function runCli([input, output]: readonly string[]): number {
  const record = referenceCompute(JSON.parse(readFileSync(input, 'utf8')));
  writeFileSync(output, JSON.stringify(record, null, 2));
  console.log(record.resultDigest);
  return 0;
}

if (require.main === module) process.exitCode = runCli(process.argv.slice(2));
