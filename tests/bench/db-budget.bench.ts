/**
 * `npm run bench -- db-budget`: the server-API requests one call of each listed action makes (tests/bench/
 * db-budget.ts), on a local cloud with the demo data, beside its budget and issue 16's target.
 */
import { buildFunctions } from '../../scripts/build-functions';
import { seedDemoData } from '../../seed';
import { totalServerRequests } from '../../emulator/functions/host';
import { startLocalCloud } from '../../emulator/start';
import { budgetTable, measureBudgets } from './db-budget';
import { pooledClient } from './local-cloud';

async function main() {
  await buildFunctions({ quiet: true });
  const cloud = await startLocalCloud({ port: 0, timers: false, seed: false, functionLogs: 'errors' });
  const client = pooledClient();
  try {
    await seedDemoData(cloud);
    const rows = await measureBudgets({
      url: cloud.url,
      async call(name, data, openid) {
        const reply = await client.post(`${cloud.url}/client/call`, { name, data, openid });
        const counts = cloud.host.serverRequestsOf(reply.requestId);
        return { result: reply.result, total: counts ? totalServerRequests(counts) : NaN };
      },
      insert: async (collection, docs) => {
        await cloud.db.insertMany(collection, docs as never);
      },
      find: (collection, query) => cloud.db.find(collection, query),
    });
    console.log(budgetTable(rows));
    const over = rows.filter((r) => r.requests > r.budget);
    if (over.length) process.exitCode = 1;
  } finally {
    client.destroy();
    await cloud.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
