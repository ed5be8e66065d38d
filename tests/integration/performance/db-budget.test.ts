/**
 * The database budget (tests/bench/db-budget.ts): on a local cloud with the demo data, no listed action
 * makes more server-API requests than its budget, so an action that starts reading or writing more
 * shows here, in CI. `npm run bench -- db-budget` prints the same figures beside issue 16's targets.
 */
import { seedDemoData } from '../../../seed';
import { budgetTable, measureBudgets } from '../../bench/db-budget';
import { startTestCloud } from '../helpers/local-cloud';
import type { TestCloud } from '../voucher/fixtures';

describe('database requests per action', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
    await seedDemoData(cloud.cloud);
  }, 180_000);
  afterAll(() => cloud?.stop());

  test('every listed action stays within its budget', async () => {
    const rows = await measureBudgets({
      url: cloud.url,
      async call(name, data, openid) {
        const { result, total } = await cloud.callCounted<any>(name, data, openid);
        return { result, total };
      },
      insert: async (collection, docs) => {
        await cloud.db.insertMany(collection, docs as never);
      },
      find: (collection, query) => cloud.db.find(collection, query),
    });
    expect(rows.length).toBeGreaterThanOrEqual(18);
    const over = rows.filter((r) => !(r.requests <= r.budget));
    expect({ over, table: over.length ? budgetTable(rows) : '' }).toEqual({ over: [], table: '' });
  }, 120_000);
});
