/**
 * The 导入与红榜 page's actions, called as the mini-program calls them (an admin user, not the console):
 * imports resumed over several `running` answers (the local-only tiny-budget hooks), the job list with
 * their progress, the error report downloaded by its link and read row by row, a red list evaluated and
 * published, and refusals.
 */
import { parse } from 'csv-parse/sync';
import { countsByTierAndCity } from '../../../cloudfunctions/src/core/redlist/diff';
import { evaluateAll } from '../../../cloudfunctions/src/core/redlist/evaluate-all';
import { enterprisesCsv, generateDataset, inspectionsCsv } from '../../../scripts/generate-inspections';
import { startTestCloud } from '../helpers/local-cloud';
import { HEADER, failure, inspectionDocs, ok, registryEntries, type TestCloud } from '../redlist/fixtures';

const ADMIN = 'o-imports-admin';
const PLAIN = 'o-imports-plain';
const AS_OF = '2025-10-31';

/** Calls an action as the page does, until it answers `done`; every reply. */
async function untilDone<T extends { status: string }>(
  cloud: TestCloud,
  event: Record<string, unknown>,
  maxCalls = 300,
): Promise<T[]> {
  const replies: T[] = [];
  for (let i = 0; i < maxCalls; i++) {
    const reply = ok<T>(await cloud.call('admin', event, ADMIN));
    replies.push(reply);
    if (reply.status === 'done') return replies;
  }
  throw new Error(`${String(event.action)} not done after ${maxCalls} calls`);
}

describe('导入与红榜 page actions', () => {
  let cloud: TestCloud;
  const data = generateDataset({ enterprises: 40, seed: 'imports-page', asOf: AS_OF, missingUsccRate: 0 });
  const registry = registryEntries(data.enterprises);

  /** wx.cloud.uploadFile as the admin (the page's upload), answering the fileID. */
  async function uploadAsAdmin(name: string, content: string): Promise<string> {
    const cloudPath = `redlist-imports/${name}`;
    const res = await fetch(`${cloud.url}/client/upload?cloudPath=${encodeURIComponent(cloudPath)}&openid=${ADMIN}`, {
      method: 'POST',
      body: content,
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { fileID: string }).fileID;
  }

  const jobs = async () => ok<any>(await cloud.call('admin', { action: 'importJobs' }, ADMIN)).items as any[];

  beforeAll(async () => {
    cloud = await startTestCloud();
    ok(await cloud.call('user', { action: 'login' }, ADMIN));
    ok(await cloud.call('user', { action: 'login' }, PLAIN));
    await cloud.db.update('users', { _id: ADMIN }, { $set: { roles: ['admin'] } });
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('the registry import goes on over several running answers; the job list shows its progress', async () => {
    const fileID = await uploadAsAdmin('registry.csv', enterprisesCsv(data.enterprises));
    const event = { action: 'importEnterprises', fileID, budgetMs: 1, batchSize: 7 };
    const first = ok<any>(await cloud.call('admin', event, ADMIN));
    expect(first).toMatchObject({
      status: 'running',
      kind: 'importEnterprises',
      fileID,
      progress: { done: 7, total: 40 },
    });

    // Left and opened again: the page finds the job running, with its file to resume it.
    const [listed] = await jobs();
    expect(listed).toMatchObject({
      jobId: first.jobId,
      kind: 'importEnterprises',
      status: 'running',
      fileID,
      progress: { done: 7, total: 40 },
      counts: { rows: 7, created: 7, bad: 0 },
      reportUrl: null,
    });
    expect(Date.parse(listed.startedAt)).not.toBeNaN();

    const replies = await untilDone<any>(cloud, event);
    expect(replies.length).toBeGreaterThanOrEqual(4);
    const done = replies[replies.length - 1];
    expect(done).toMatchObject({
      status: 'done',
      progress: { done: 40, total: 40 },
      counts: { rows: 40, created: 40, updated: 0, unchanged: 0, bad: 0 },
      reportFileID: null,
    });
    // Progress only grows from one answer to the next.
    const dones = [first, ...replies].map((r) => r.progress.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(await cloud.db.find('enterprises', {})).toHaveLength(40);
    const [after] = await jobs();
    expect(after).toMatchObject({ jobId: first.jobId, status: 'done', progress: { done: 40, total: 40 } });
  });

  test('the inspections import is resumed to the end, then a version is evaluated and published', async () => {
    const fileID = await uploadAsAdmin('inspections.csv', inspectionsCsv(data.inspections));
    const n = data.inspections.length;
    const replies = await untilDone<any>(cloud, { action: 'importInspections', fileID, budgetMs: 1, batchSize: 100 });
    expect(replies.length).toBe(Math.ceil(n / 100));
    expect(replies[replies.length - 1]).toMatchObject({
      status: 'done',
      progress: { done: n, total: n },
      counts: { rows: n, inserted: n, bad: 0, unmatched: 0, ambiguous: 0 },
    });

    const evaluations = await untilDone<any>(cloud, {
      action: 'evaluateRedlist',
      asOf: AS_OF,
      budgetMs: 1,
      batchSize: 10,
    });
    expect(evaluations.length).toBeGreaterThan(2);
    expect(evaluations[0]).toMatchObject({ status: 'running', version: '2025-10', summary: null });
    const published = evaluations[evaluations.length - 1];
    const { records } = inspectionDocs(data.inspections, data.enterprises);
    const counts = countsByTierAndCity(evaluateAll(records, AS_OF, registry));
    expect(counts.total).toBeGreaterThan(0);
    expect(published).toMatchObject({
      status: 'done',
      version: '2025-10',
      asOf: AS_OF,
      summary: {
        version: '2025-10',
        counts: { ...counts.byTier, total: counts.total },
        changes: { previousVersion: null, entries: 0, exits: 0, tierUp: 0, tierDown: 0 },
      },
    });
    expect(published.summary.publishedAt).toEqual(expect.any(String));
    // The warnings the page lists come from the same version.
    const warnings = ok<any>(await cloud.call('admin', { action: 'warningList', pageSize: 5 }, ADMIN));
    expect(warnings).toMatchObject({ version: '2025-10', total: published.warnings });
    // Published: the public pages answer from it.
    const versions = ok<any[]>(await cloud.call('redlist', { action: 'versions' }, PLAIN));
    expect(versions.map((v) => v.version)).toEqual(['2025-10']);

    const listed = await jobs();
    expect(listed[0]).toMatchObject({
      kind: 'evaluateRedlist',
      status: 'done',
      version: '2025-10',
      asOf: AS_OF,
      progress: { done: published.progress.done, total: published.progress.done },
    });
    expect(listed.map((j) => j.kind)).toEqual(['evaluateRedlist', 'importInspections', 'importEnterprises']);
  });

  test('an import with problems writes an error report, downloadable from the job list and right row by row', async () => {
    const [a, b] = data.enterprises;
    const ann = '广东省市场监督管理局关于2025年产品质量省级监督抽查情况的通告（2025年第9期）';
    const row = (uscc: string, name: string, product: string, date: string, result = '合格', batch = 'R1') =>
      [uscc, name, product, '家用电器', 'MD-9', batch, date, '省', '广东省市场监督管理局', result, '', ann].join(',');
    const lines = [
      HEADER, // 1
      row(a.uscc, a.name, '电饭锅', '2025-09-01'), // 2 good
      row(a.uscc, a.name, '电饭锅', '2025-02-30', '合格', 'R2'), // 3 bad date
      row('', '深圳市从未登记电子有限公司', '充电器', '2025-09-02'), // 4 unmatched
      row(b.uscc, b.name, '电风扇', '2025-09-03', '待定'), // 5 bad result
      row('', b.name, '电风扇', '2025-09-04', '合格', 'R3'), // 6 good, matched by name
      row(a.uscc, a.name, '电饭锅', '2025-09-01'), // 7 duplicate of line 2
      row(b.uscc, b.name, '', '2025-09-05', '合格', 'R4'), // 8 no product
    ];
    const fileID = await uploadAsAdmin('problems.csv', lines.join('\n'));
    const replies = await untilDone<any>(cloud, { action: 'importInspections', fileID, budgetMs: 1, batchSize: 2 });
    expect(replies.length).toBeGreaterThan(1);
    const done = replies[replies.length - 1];
    expect(done.counts).toEqual({
      rows: 7,
      inserted: 2,
      unchanged: 0,
      bad: 4,
      unmatched: 1,
      ambiguous: 0,
      warnings: 0,
    });
    expect(done.reportRows).toBe(5);

    const job = (await jobs()).find((j) => j.jobId === done.jobId);
    expect(job).toMatchObject({ status: 'done', reportRows: 5, reportUrl: expect.stringMatching(/^https?:\/\//) });
    const res = await fetch(job.reportUrl);
    expect(res.status).toBe(200);
    const rows = parse(Buffer.from(await res.arrayBuffer()), { bom: true, relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(['行号', '类型', '原因', '企业名称']);
    expect(rows.slice(1).map(([line, kind]) => [Number(line), kind])).toEqual([
      [3, '错误'],
      [4, '未匹配'],
      [5, '错误'],
      [7, '错误'],
      [8, '错误'],
    ]);
    const reason = new Map(rows.slice(1).map(([line, , why]) => [Number(line), why]));
    expect(reason.get(3)).toMatch(/抽样日期“2025-02-30”无效/);
    expect(reason.get(4)).toMatch(/企业名录中未找到/);
    expect(reason.get(5)).toMatch(/检验结果“待定”无效/);
    expect(reason.get(7)).toMatch(/与第2行重复/);
    expect(reason.get(8)).toMatch(/产品名称为空/);
    expect(rows[2][3]).toBe('深圳市从未登记电子有限公司');
  });

  test.each([
    ['importJobs', { limit: 'all' }],
    ['importInspections', { fileID: 42 }],
    ['importEnterprises', {}],
    ['evaluateRedlist', { asOf: 'last month' }],
    ['warningList', { page: -1 }],
  ])('%s refuses a non-admin with FORBIDDEN before looking at the input', async (action, input) => {
    const res = failure(await cloud.call('admin', { action, ...input }, PLAIN));
    expect(res).toMatchObject({ code: 'FORBIDDEN', message: '需要管理员权限' });
  });

  test('the job list checks its input in Chinese', async () => {
    const res = failure(await cloud.call('admin', { action: 'importJobs', limit: 500 }, ADMIN));
    expect(res.code).toBe('VALIDATION_FAILED');
    expect(res.message).toContain('条数应为 1 到 20 的整数');
  });
});
