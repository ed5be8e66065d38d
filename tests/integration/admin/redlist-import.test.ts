import ExcelJS from 'exceljs';
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { enterprisesCsv, generateDataset, inspectionsCsv } from '../../../scripts/generate-inspections';
import { startTestCloud } from '../helpers/local-cloud';
import { HEADER, failure, ok, readReport, runToDone, upload, type TestCloud } from '../redlist/fixtures';

const A = makeUscc({ division: '440606', orgCode: '31000001' });
const B = makeUscc({ division: '440604', orgCode: '31000002' });
const C = makeUscc({ division: '440106', orgCode: '31000003' });
const D = makeUscc({ division: '440106', orgCode: '31000004' });

const REGISTRY = [
  'uscc,name,former_names,address',
  `${A},佛山市顺德区瑧琮电器有限公司,佛山市顺德区瑧琮电器厂,广东省佛山市顺德区北滘镇工业大道1号`,
  `${B},瑧琮（佛山）电线电缆有限公司,,佛山市禅城区季华路2号`,
  `${C},广州市璟瑄照明有限公司,广州市珑玥照明有限公司,广州市番禺区市桥街3号`,
  `${D},广州市珑玥照明有限公司,,广州市白云区4号`,
  `91440606XXXXXXXXXX,无效代码企业有限公司,,`,
  `${makeUscc({ division: '440606', orgCode: '31000005' })},,,`,
].join('\n');

const ann = '广东省市场监督管理局关于2024年家用电器产品质量省级监督抽查情况的通告（2024年第1期）';
const row = (uscc: string, name: string, product: string, date: string, result = '合格', batch = 'B1') =>
  [uscc, name, product, '家用电器', 'MD-1', batch, date, '省', '广东省市场监督管理局', result, '', ann].join(',');

/** Line numbers are the file's (header = line 1). */
const INSPECTIONS = [
  HEADER,
  row(A, '佛山市顺德区瑧琮电器有限公司', '电饭锅', '2024-03-01'), // 2 good
  row('', '佛山市順德區瑧琮電器有限公司', '电风扇', '2024-03-02'), // 3 traditional → A
  row('', '瑧琮(佛山)电线电缆有限公司', '电线', '2024-03-03'), // 4 half-width brackets → B
  row('', '佛山市顺德区瑧琮电器厂', '电热水壶', '2024-03-04'), // 5 former name → A
  row('', '广州市珑玥照明有限公司', '台灯', '2024-03-05'), // 6 C's former name, D's name: ambiguous
  row('', '深圳市不存在电子有限公司', '充电器', '2024-03-06'), // 7 unmatched
  row(A, '佛山市顺德区瑧琮电器有限公司', '电饭锅', '2024-02-30', '合格', 'B2'), // 8 bad date
  row(A, '佛山市顺德区瑧琮电器有限公司', '电饭锅', '2024-03-08', '待定', 'B3'), // 9 bad result
  row(A, '佛山市顺德区瑧琮电器有限公司', '', '2024-03-09', '合格', 'B4'), // 10 no product
  row('91440606XXXX', '瑧琮（佛山）电线电缆有限公司', '电缆', '2024-03-10'), // 11 bad USCC, matched by name → warning
  row(A, '佛山市顺德区瑧琮电器有限公司', '电饭锅', '2024-03-01'), // 12 duplicate of line 2
  row(A, '佛山市顺德区瑧琮电器有限公司', '电饭锅', '2099-01-01', '合格', 'B5'), // 13 future
  row(C, '广州市璟瑄照明有限公司', '吸顶灯', '2024-03-12', '不合格'), // 14 good (a failure)
].join('\n');

describe('red-list imports', () => {
  let cloud: TestCloud;
  let registryId: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    registryId = await upload(cloud, 'registry.csv', REGISTRY);
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('the registry import keeps good rows, reports bad ones, and is idempotent', async () => {
    const first = ok(await cloud.admin('admin', { action: 'importEnterprises', fileID: registryId }));
    expect(first).toMatchObject({ status: 'done', counts: { rows: 6, created: 4, updated: 0, unchanged: 0, bad: 2 } });
    const report = await readReport(cloud, first.reportFileID);
    expect(report.map((r) => [r.line, r.kind])).toEqual([
      [6, '错误'],
      [7, '错误'],
    ]);
    expect(report[0].reason).toMatch(/统一社会信用代码.*无效/);
    expect(report[1].reason).toMatch(/企业名称为空/);
    const a = (await cloud.db.find('enterprises', { _id: A }))[0] as Record<string, unknown>;
    expect(a).toMatchObject({
      name: '佛山市顺德区瑧琮电器有限公司',
      formerNames: ['佛山市顺德区瑧琮电器厂'],
      city: '佛山市',
      ownerOpenid: null,
    });

    // Same content, another upload: nothing changes.
    const again = ok(
      await cloud.admin('admin', {
        action: 'importEnterprises',
        fileID: await upload(cloud, 'registry-2.csv', REGISTRY),
      }),
    );
    expect(again.jobId).not.toBe(first.jobId);
    expect(again.counts).toEqual({ rows: 6, created: 0, updated: 0, unchanged: 4, bad: 2 });
  });

  test('a rename keeps the old name as a former name and never touches the binding owner', async () => {
    await cloud.db.update('enterprises', { _id: B }, { $set: { ownerOpenid: 'o-owner-b' } });
    const renamed = ['uscc,name,former_names,address', `${B},佛山市瑧琮线缆科技有限公司,,佛山市禅城区季华路2号`].join(
      '\n',
    );
    const res = ok(
      await cloud.admin('admin', { action: 'importEnterprises', fileID: await upload(cloud, 'rename.csv', renamed) }),
    );
    expect(res.counts).toEqual({ rows: 1, created: 0, updated: 1, unchanged: 0, bad: 0 });
    const b = (await cloud.db.find('enterprises', { _id: B }))[0] as Record<string, unknown>;
    expect(b).toMatchObject({
      name: '佛山市瑧琮线缆科技有限公司',
      formerNames: ['瑧琮（佛山）电线电缆有限公司'],
      ownerOpenid: 'o-owner-b',
    });
  });

  test('inspections: bad, unmatched and ambiguous rows are reported by line; good rows land once', async () => {
    const fileID = await upload(cloud, 'inspections.csv', INSPECTIONS);
    const res = ok(await cloud.admin('admin', { action: 'importInspections', fileID }));
    expect(res.status).toBe('done');
    expect(res.counts).toEqual({
      rows: 13,
      inserted: 6,
      unchanged: 0,
      bad: 5,
      unmatched: 1,
      ambiguous: 1,
      warnings: 1,
    });
    expect(res.progress).toEqual({ done: 13, total: 13 });

    const report = await readReport(cloud, res.reportFileID);
    expect(report.map((r) => [r.line, r.kind])).toEqual([
      [6, '匹配不唯一'],
      [7, '未匹配'],
      [8, '错误'],
      [9, '错误'],
      [10, '错误'],
      [11, '提示'],
      [12, '错误'],
      [13, '错误'],
    ]);
    const byLine = new Map(report.map((r) => [r.line, r]));
    expect(byLine.get(6)!.reason).toContain(C);
    expect(byLine.get(6)!.reason).toContain(D);
    expect(byLine.get(6)!.name).toBe('广州市珑玥照明有限公司');
    expect(byLine.get(7)!.reason).toMatch(/企业名录中未找到/);
    expect(byLine.get(8)!.reason).toMatch(/抽样日期“2024-02-30”无效/);
    expect(byLine.get(9)!.reason).toMatch(/检验结果“待定”无效/);
    expect(byLine.get(10)!.reason).toMatch(/产品名称为空/);
    expect(byLine.get(11)!.reason).toContain(`已按企业名称匹配到 ${B}`);
    expect(byLine.get(12)!.reason).toMatch(/与第2行重复/);
    expect(byLine.get(13)!.reason).toMatch(/晚于今天/);

    const docs = (await cloud.db.find('inspections', {})) as Record<string, any>[];
    expect(docs).toHaveLength(6);
    const byLineDoc = new Map(docs.map((d) => [d.line, d]));
    expect([...byLineDoc.keys()].sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 11, 14]);
    expect(byLineDoc.get(2)).toMatchObject({ uscc: A, usccSource: 'file', result: 'pass', level: 'provincial' });
    expect(byLineDoc.get(3)).toMatchObject({ uscc: A, usccSource: 'name' });
    // B was renamed above: its previous name (now a former name) still matches.
    expect(byLineDoc.get(4)).toMatchObject({ uscc: B, usccSource: 'name' });
    expect(byLineDoc.get(5)).toMatchObject({ uscc: A, usccSource: 'name' });
    expect(byLineDoc.get(11)).toMatchObject({ uscc: B, usccSource: 'name' });
    expect(byLineDoc.get(14)).toMatchObject({ uscc: C, result: 'fail' });
    for (const d of docs) expect(d._id).toBe(d.rowKey);

    // The same fileID again: the finished job answers, nothing is re-run.
    const repeat = ok(await cloud.admin('admin', { action: 'importInspections', fileID }));
    expect(repeat).toEqual(res);

    // Another upload of the same content: every good row is already there.
    const second = ok(
      await cloud.admin('admin', {
        action: 'importInspections',
        fileID: await upload(cloud, 'inspections-again.csv', INSPECTIONS),
      }),
    );
    expect(second.jobId).not.toBe(res.jobId);
    expect(second.counts).toEqual({
      rows: 13,
      inserted: 0,
      unchanged: 6,
      bad: 5,
      unmatched: 1,
      ambiguous: 1,
      warnings: 1,
    });
    expect(await cloud.db.find('inspections', {})).toEqual(docs);

    // An explicit restart of the first file is another attempt with the same outcome.
    const restarted = ok(await cloud.admin('admin', { action: 'importInspections', fileID, restart: true }));
    expect(restarted.jobId).toBe(res.jobId);
    expect(restarted.counts.unchanged).toBe(6);
    expect(restarted.counts.inserted).toBe(0);
    expect(await cloud.db.find('inspections', {})).toHaveLength(6);
  });

  test('a file without the required columns is refused as a whole with the reason', async () => {
    const fileID = await upload(cloud, 'wrong.csv', 'name,date\n某企业,2024-01-01\n');
    const res = ok(await cloud.admin('admin', { action: 'importInspections', fileID }));
    expect(res.counts).toMatchObject({ inserted: 0, bad: 1 });
    expect(res.message).toMatch(/缺少必需的列/);
    const report = await readReport(cloud, res.reportFileID);
    expect(report[0]).toMatchObject({ line: 1, kind: '错误' });
  });

  test('an XLSX file imports like the CSV (date cells included)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('抽查结果');
    sheet.addRow(HEADER.split(','));
    sheet.addRow([
      A,
      '佛山市顺德区瑧琮电器有限公司',
      '电磁炉',
      '家用电器',
      'C21',
      'X1',
      new Date(Date.UTC(2023, 5, 1)),
      '国家',
      '国家市场监督管理总局',
      '合格',
      '',
      'X',
    ]);
    sheet.addRow([
      C,
      '广州市璟瑄照明有限公司',
      '筒灯',
      '灯具',
      'D1',
      'X2',
      '2023-06-02',
      '市',
      '广州市市场监督管理局',
      '合格',
      '',
      'X',
    ]);
    sheet.addRow([
      '',
      '无名企业',
      '筒灯',
      '灯具',
      'D1',
      'X3',
      '2023-06-03',
      '市',
      '广州市市场监督管理局',
      '合格',
      '',
      'X',
    ]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = ok(
      await cloud.admin('admin', { action: 'importInspections', fileID: await upload(cloud, 'results.xlsx', buffer) }),
    );
    expect(res.counts).toMatchObject({ rows: 3, inserted: 2, unmatched: 1, bad: 0 });
    const docs = (await cloud.db.find('inspections', { announcement: 'X' })) as Record<string, any>[];
    expect(docs.map((d) => [d.uscc, d.sampledAt, d.level]).sort((x, y) => (x[1] < y[1] ? -1 : 1))).toEqual([
      [A, '2023-06-01', 'national'],
      [C, '2023-06-02', 'municipal'],
    ]);
  });

  test('a missing file, a non-cloud fileID and a non-admin caller are refused', async () => {
    const missing = await cloud.admin('admin', {
      action: 'importInspections',
      fileID: 'cloud://local.local-1300000000/imports/none.csv',
    });
    expect(failure(missing).code).toBe('FILE_NOT_FOUND');
    expect(failure(await cloud.admin('admin', { action: 'importInspections', fileID: '/tmp/x.csv' })).code).toBe(
      'VALIDATION_FAILED',
    );
    ok(await cloud.call('user', { action: 'login' }, 'o-plain'));
    const asUser = await cloud.call('admin', { action: 'importInspections', fileID: registryId }, 'o-plain');
    expect(failure(asUser).code).toBe('FORBIDDEN');
  });
});

describe('an import cut by its time budget resumes where it stopped', () => {
  let cloud: TestCloud;
  const data = generateDataset({ enterprises: 60, seed: 'import-resume', asOf: '2025-10-31' });

  beforeAll(async () => {
    cloud = await startTestCloud();
    ok(
      await cloud.admin('admin', {
        action: 'importEnterprises',
        fileID: await upload(cloud, 'gen-registry.csv', enterprisesCsv(data.enterprises)),
      }),
    );
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('calls with a tiny budget each do one batch; the result is the same as one run', async () => {
    const fileID = await upload(cloud, 'gen-inspections.csv', inspectionsCsv(data.inspections));
    const replies = await runToDone<any>(cloud, { action: 'importInspections', fileID, budgetMs: 1, batchSize: 40 });
    // One batch per call; a final partial batch, or (for an exact multiple) an empty call, ends it.
    expect(replies).toHaveLength(Math.floor(data.inspections.length / 40) + 1);
    expect(replies.slice(0, -1).every((r) => r.status === 'running')).toBe(true);
    const done = replies.map((r) => r.progress.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done[0]).toBe(40);

    const last = replies[replies.length - 1];
    // Every generated name matches the registry (current or former name): all rows land, once.
    expect(last.counts).toEqual({
      rows: data.inspections.length,
      inserted: data.inspections.length,
      unchanged: 0,
      bad: 0,
      unmatched: 0,
      ambiguous: 0,
      warnings: 0,
    });
    expect(last.reportFileID).toBeNull();
    const ids = ((await cloud.db.find('inspections', {})) as { _id: string }[]).map((d) => d._id).sort();
    expect(ids).toEqual(data.inspections.map((r) => r.rowKey!).sort());

    const status = ok(await cloud.admin('admin', { action: 'jobStatus', jobId: last.jobId }));
    expect(status).toMatchObject({
      kind: 'importInspections',
      status: 'done',
      progress: { done: data.inspections.length, total: data.inspections.length },
    });
  });

  test('sampling dates after today are refused', async () => {
    const tomorrow = calendarDate(Date.now() + 2 * 86400_000);
    const csv = [HEADER, row(A, '佛山市顺德区瑧琮电器有限公司', '电饭锅', tomorrow)].join('\n');
    const res = ok(
      await cloud.admin('admin', { action: 'importInspections', fileID: await upload(cloud, 'f.csv', csv) }),
    );
    expect(res.counts).toMatchObject({ bad: 1, inserted: 0 });
  });
});
