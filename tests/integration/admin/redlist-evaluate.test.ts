import { countsByTierAndCity, diffVersions } from '../../../cloudfunctions/src/core/redlist/diff';
import { evaluateAll } from '../../../cloudfunctions/src/core/redlist/evaluate-all';
import type { RedlistRow } from '../../../cloudfunctions/src/core/redlist/types';
import { evaluateWarnings } from '../../../cloudfunctions/src/core/redlist/warnings';
import { previousMonthEnd } from '../../../cloudfunctions/src/admin/redlist/evaluate';
import { generateDataset } from '../../../scripts/generate-inspections';
import { startTestCloud } from '../helpers/local-cloud';
import { timer } from '../voucher/fixtures';
import {
  enterpriseDocs,
  failure,
  insertChunked,
  inspectionDocs,
  ok,
  registryEntries,
  runToDone,
  type TestCloud,
} from '../redlist/fixtures';

const FIRST = '2025-10-31';
const SECOND = '2026-06-30';

const summary = (r: RedlistRow) => ({
  uscc: r.uscc,
  name: r.name,
  city: r.city,
  tier: r.tier,
  streakStart: r.streakStart,
  years: r.years,
  lastInspectionAt: r.lastInspectionAt,
  inspectionCount: r.inspectionCount,
  categories: r.categories,
  inspectionsByYear: r.inspectionsByYear,
});
const byUscc = <T extends { uscc: string }>(a: T, b: T) => (a.uscc < b.uscc ? -1 : 1);

describe('evaluateRedlist: versions, entries and exits, warning list', () => {
  let cloud: TestCloud;
  // Generated to SECOND: records after FIRST exist, so the second version has entries and exits.
  const data = generateDataset({ enterprises: 150, seed: 'evaluate-it', asOf: SECOND });
  const registry = registryEntries(data.enterprises);
  const { docs, records } = inspectionDocs(data.inspections, data.enterprises);
  const expectedFirst = evaluateAll(records, FIRST, registry);
  const expectedSecond = evaluateAll(records, SECOND, registry);

  beforeAll(async () => {
    cloud = await startTestCloud();
    await insertChunked(cloud, 'enterprises', enterpriseDocs(data.enterprises));
    await insertChunked(cloud, 'inspections', docs);
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('the generated data covers every case', () => {
    expect(expectedFirst.length).toBeGreaterThan(20);
    const diff = diffVersions(expectedFirst, expectedSecond);
    expect(diff.entries.length).toBeGreaterThan(0);
    expect(diff.exits.length).toBeGreaterThan(0);
    expect(diff.tierChanges.length).toBeGreaterThan(0);
  });

  test('a version is built in resumable batches and only visible once published', async () => {
    const first = ok(
      await cloud.admin('admin', { action: 'evaluateRedlist', asOf: FIRST, budgetMs: 1, batchSize: 20 }),
    );
    expect(first).toMatchObject({ status: 'running', version: '2025-10', asOf: FIRST, summary: null });
    expect(first.progress).toEqual({ done: 20, total: expect.any(Number) });
    // Half-built: the public lookup does not see it.
    expect(ok(await cloud.call('redlist', { action: 'versions' }))).toEqual([]);
    expect(failure(await cloud.call('redlist', { action: 'search', q: '有限公司' })).code).toBe('NOT_FOUND');
    const version = (await cloud.db.find('redlist_versions', { _id: '2025-10' }))[0] as { status: string };
    expect(version.status).toBe('building');

    const replies = await runToDone<any>(cloud, { action: 'evaluateRedlist', asOf: FIRST, budgetMs: 1, batchSize: 20 });
    expect(replies.length).toBeGreaterThanOrEqual(Math.ceil(first.progress.total / 20) - 1);
    const done = replies[replies.length - 1];
    expect(done.progress.done).toBe(first.progress.total);
    const counts = countsByTierAndCity(expectedFirst);
    expect(done.summary).toMatchObject({
      version: '2025-10',
      asOf: FIRST,
      rule: 'redlist-v1',
      counts: { ...counts.byTier, total: counts.total },
      changes: { previousVersion: null, entries: 0, exits: 0 },
    });

    const rows = (await cloud.db.find('redlist', { version: '2025-10' })) as RedlistRow[];
    expect(rows.map(summary).sort(byUscc)).toEqual(expectedFirst.map(summary).sort(byUscc));
    // Calling again changes nothing.
    const again = ok(await cloud.admin('admin', { action: 'evaluateRedlist', asOf: FIRST }));
    expect(again.status).toBe('done');
    expect(await cloud.db.find('redlist', { version: '2025-10' })).toHaveLength(rows.length);

    const stored = (await cloud.db.find('redlist_versions', { _id: '2025-10' }))[0] as Record<string, any>;
    expect(stored.status).toBe('published');
    expect(stored.counts).toEqual(counts);
  });

  test('the next version lists entries, exits and tier changes against the previous one', async () => {
    const done = ok(await cloud.admin('admin', { action: 'evaluateRedlist', asOf: SECOND }));
    const diff = diffVersions(expectedFirst, expectedSecond);
    const up = diff.tierChanges.filter((c) => c.direction === 'up').length;
    expect(done.summary.changes).toEqual({
      previousVersion: '2025-10',
      entries: diff.entries.length,
      exits: diff.exits.length,
      tierUp: up,
      tierDown: diff.tierChanges.length - up,
    });
    const stored = (await cloud.db.find('redlist_versions', { _id: '2026-06' }))[0] as Record<string, any>;
    expect(stored.entries.map((r: RedlistRow) => r.uscc)).toEqual(diff.entries.map((r) => r.uscc));
    expect(stored.exits.map((r: RedlistRow) => [r.uscc, r.tier])).toEqual(diff.exits.map((r) => [r.uscc, r.tier]));

    // The public lookup now answers from the newer version, and lists its changes.
    const versions = ok(await cloud.call('redlist', { action: 'versions' }));
    expect(versions.map((v: { version: string }) => v.version)).toEqual(['2026-06', '2025-10']);
    const exits = ok(await cloud.call('redlist', { action: 'changes', kind: 'exits', pageSize: 2 }));
    expect(exits).toMatchObject({ version: '2026-06', previousVersion: '2025-10', total: diff.exits.length, page: 1 });
    expect(exits.items.map((r: RedlistRow) => r.uscc)).toEqual(diff.exits.slice(0, 2).map((r) => r.uscc));
    const changes = ok(await cloud.call('redlist', { action: 'changes', kind: 'tierChanges', pageSize: 50 }));
    expect(changes.total).toBe(diff.tierChanges.length);
    expect(
      changes.items.map((r: { uscc: string; fromTier: string; tier: string }) => [r.uscc, r.fromTier, r.tier]),
    ).toEqual(diff.tierChanges.slice(0, 50).map((c) => [c.uscc, c.from, c.to]));
  });

  test('the warning list follows the rule and is for admins only', async () => {
    const page = ok(await cloud.admin('admin', { action: 'warningList', pageSize: 50 }));
    const expected = evaluateWarnings(records, SECOND, { minFailures: 2, trailingYears: 3 }, { enterprises: registry });
    expect(page).toMatchObject({
      version: '2026-06',
      rule: { minFailures: 2, trailingYears: 3 },
      total: expected.length,
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(page.items.map((w: { uscc: string; failures: number }) => [w.uscc, w.failures])).toEqual(
      expected.slice(0, 50).map((w) => [w.uscc, w.failures]),
    );
    const older = ok(await cloud.admin('admin', { action: 'warningList', version: '2025-10' }));
    expect(older.total).toBe(evaluateWarnings(records, FIRST, undefined, { enterprises: registry }).length);

    ok(await cloud.call('user', { action: 'login' }, 'o-citizen'));
    expect(failure(await cloud.call('admin', { action: 'warningList' }, 'o-citizen')).code).toBe('FORBIDDEN');
    expect(failure(await cloud.call('admin', { action: 'evaluateRedlist', asOf: FIRST }, 'o-citizen')).code).toBe(
      'FORBIDDEN',
    );
    // An admin user (not only the console) may read it.
    ok(await cloud.admin('admin', { action: 'grantRole', openid: 'o-citizen', role: 'admin' }));
    expect(ok(await cloud.call('admin', { action: 'warningList' }, 'o-citizen')).total).toBe(expected.length);
  });

  test('the warning rule is configurable per evaluation', async () => {
    const rule = { minFailures: 1, trailingYears: 5 };
    ok(await cloud.admin('admin', { action: 'evaluateRedlist', asOf: '2026-07-31', warningRule: rule }));
    const page = ok(await cloud.admin('admin', { action: 'warningList', version: '2026-07' }));
    const expected = evaluateWarnings(records, '2026-07-31', rule, { enterprises: registry });
    expect(page.rule).toEqual(rule);
    expect(page.total).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(
      evaluateWarnings(records, '2026-07-31', undefined, { enterprises: registry }).length,
    );
  });

  test('a month is evaluated once: another date in the same month conflicts', async () => {
    const res = await cloud.admin('admin', { action: 'evaluateRedlist', asOf: '2025-10-15' });
    expect(failure(res)).toMatchObject({ code: 'CONFLICT' });
    expect(failure(res).message).toContain('2025-10-31');
    expect(failure(await cloud.admin('admin', { action: 'evaluateRedlist', asOf: '2025-02-30' })).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  test('the monthly timer evaluates the month just ended, and a second firing does nothing', async () => {
    const asOf = previousMonthEnd(new Date());
    const version = asOf.slice(0, 7);
    const fired = ok(await timer(cloud, 'admin', 'evaluateRedlist'));
    expect(fired).toMatchObject({ status: 'done', version, asOf });
    expect(fired.summary.changes.previousVersion).toBe('2026-07');
    const rows = await cloud.db.find('redlist', { version });
    expect(ok(await timer(cloud, 'admin', 'evaluateRedlist')).status).toBe('done');
    expect(await cloud.db.find('redlist', { version })).toHaveLength(rows.length);
    expect(rows.length).toBe(evaluateAll(records, asOf, registry).length);
  });
});
