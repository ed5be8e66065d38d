/**
 * admin.exportReport: the files are fetched from storage (and through the download URL), opened with
 * csv-parse and exceljs, and checked row by row against the seeded data: personal data masked, text
 * that a spreadsheet would run as a formula neutralised (CSV) or typed as text (XLSX).
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, type TestCloud } from '../voucher/fixtures';
import { ADMIN, CAMPAIGN, PLAIN, seedDashboard } from './dashboard-fixtures';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDashboard(cloud);
});
afterAll(() => cloud?.stop());

interface Exported {
  fileID: string;
  url: string;
  fileName: string;
  rows: number;
}

interface ExportJob {
  jobId: string;
  status: 'running' | 'done';
  progress: { done: number; total: number };
  file: Exported | null;
}

const exportReport = (input: object, openid = ADMIN) =>
  cloud.call('admin', { action: 'exportReport', ...input }, openid);

/** Starts an export and calls again with its jobId while it is running; every answer, in order. */
async function runExport(input: object, hooks: object = {}): Promise<ExportJob[]> {
  const answers = [ok<ExportJob>(await exportReport({ ...input, ...hooks }))];
  while (answers[answers.length - 1].status === 'running') {
    if (answers.length > 50) throw new Error('the export never finished');
    answers.push(ok<ExportJob>(await exportReport({ jobId: answers[0].jobId, ...hooks })));
  }
  return answers;
}

async function fileOf(input: object): Promise<{ res: Exported; data: Buffer }> {
  const answers = await runExport(input);
  const res = answers[answers.length - 1].file!;
  const data = await cloud.cloud.storage.get(res.fileID.replace(/^cloud:\/\/[^/]+\//, ''));
  expect(data).toBeTruthy();
  const viaUrl = Buffer.from(await (await fetch(res.url)).arrayBuffer());
  expect(viaUrl.equals(data!)).toBe(true);
  return { res, data: data! };
}

async function csvRows(input: object): Promise<{ res: Exported; rows: string[][] }> {
  const { res, data } = await fileOf({ ...input, format: 'csv' });
  expect(data.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect(data.toString('utf8')).toContain('\r\n');
  const rows = parse(data, { bom: true }) as string[][];
  expect(rows).toHaveLength(res.rows + 1);
  return { res, rows };
}

async function xlsxRows(input: object): Promise<{ res: Exported; rows: unknown[][]; sheet: ExcelJS.Worksheet }> {
  const { res, data } = await fileOf({ ...input, format: 'xlsx' });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const rows: unknown[][] = [];
  const width = sheet.getRow(1).cellCount;
  // An empty text is written as no cell at all: read it back as ''.
  sheet.eachRow((row) => rows.push(Array.from({ length: width }, (_, i) => row.getCell(i + 1).value ?? '')));
  expect(rows).toHaveLength(res.rows + 1);
  return { res, rows, sheet };
}

const APPLICATION_HEADER = [
  '申领编号',
  '申领类型',
  '申领人',
  '统一社会信用代码',
  '联系人',
  '联系电话',
  '城市',
  '申领券种',
  '状态',
  '提交时间',
];

/** The seeded applications as the export must show them (names of persons and every contact masked). */
const APPLICATION_ROWS = [
  [
    'app-1',
    '企业',
    '广州甲电器有限公司',
    '91440101MA00000001',
    '陈**',
    '138****8000',
    '广州市',
    '1000 元券（G1000）',
    '中签',
    '2026-03-01 09:00',
  ],
  [
    'app-2',
    '企业',
    '=HYPERLINK("http://x")',
    '91440101MA00000002',
    '李*',
    '139****9000',
    '广州市',
    '1000 元券（G1000）',
    '中签',
    '2026-03-01 23:30',
  ],
  [
    'app-3',
    '企业',
    '深圳乙科技有限公司',
    '91440101MA00000003',
    '王*',
    '137****7000',
    '深圳市',
    '1000 元券（G1000）',
    '中签',
    '2026-03-02 00:10',
  ],
  ['app-4', '个人', '张**', '', '张**', '136****6000', '', '个人五百元券', '中签', '2026-03-02 10:00'],
  ['app-5', '个人', '欧***', '', '欧***', '135****5000', '深圳市', '个人五百元券', '中签', '2026-03-02 11:00'],
  [
    'app-6',
    '企业',
    '广州丙有限公司',
    '91440101MA00000006',
    '+***',
    '134****4000',
    '广州市',
    '1000 元券（G1000）',
    '中签',
    '2026-03-03 08:00',
  ],
];

describe('admin.exportReport', () => {
  test('applications as CSV: BOM, header, every row masked, formulas neutralised', async () => {
    const { res, rows } = await csvRows({ report: 'applicationList', campaignId: CAMPAIGN });
    expect(res.fileName).toMatch(/^申领名单_2026_年春季检测券_\d{4}-\d{2}-\d{2}\.csv$/);
    expect(rows[0]).toEqual(APPLICATION_HEADER);
    // The formula-looking name gets a leading apostrophe in the CSV (and only there).
    expect(rows.slice(1)).toEqual(APPLICATION_ROWS.map((r) => r.map((c) => (/^[=+\-@]/.test(c) ? `'${c}` : c))));
    expect(rows[2][2]).toBe(`'=HYPERLINK("http://x")`);
    expect(rows.flat().join()).not.toMatch(/13800138000|陈志强|张三丰|欧阳娜娜/);
  });

  test('applications as XLSX: the same rows, text cells never formulas', async () => {
    const { rows, sheet } = await xlsxRows({ report: 'applicationList', campaignId: CAMPAIGN });
    expect(rows[0]).toEqual(APPLICATION_HEADER);
    expect(rows.slice(1)).toEqual(APPLICATION_ROWS);
    const cell = sheet.getRow(3).getCell(3);
    expect(cell.value).toBe('=HYPERLINK("http://x")');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    sheet.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  test('vouchers and redemptions, CSV and XLSX', async () => {
    const vouchers = await csvRows({ report: 'voucherList', campaignId: CAMPAIGN });
    expect(vouchers.rows.slice(1).map((r) => [r[0], r[3], r[5]])).toEqual([
      ['v-1', '广州甲电器有限公司', '已核销'],
      ['v-2', `'=HYPERLINK("http://x")`, '已核销'],
      ['v-3', '深圳乙科技有限公司', '未使用'],
      ['v-4', '广州丙有限公司', '已过期'],
      ['v-5', '张**', '已核销'],
      ['v-6', '欧***', '已作废'],
    ]);
    const redemptions = await xlsxRows({ report: 'redemptionList', campaignId: CAMPAIGN });
    expect(redemptions.rows).toEqual([
      [
        '券号',
        '券种',
        '面值（元）',
        '持券人',
        '医院',
        '服务项目',
        '服务费（元）',
        '抵扣金额（元）',
        '核销时间',
        '备注',
      ],
      [
        'v-1',
        '1000 元券（G1000）',
        1000,
        '广州甲电器有限公司',
        '广州检测院',
        '委托检测',
        1200,
        1000,
        '2026-03-10 10:00',
        '@SUM(1)',
      ],
      [
        'v-2',
        '1000 元券（G1000）',
        1000,
        '=HYPERLINK("http://x")',
        '广州检测院',
        '委托检测',
        800,
        800,
        '2026-03-20 10:00',
        '',
      ],
      ['v-5', '个人五百元券', 500, '张**', '深圳质检中心', '委托检测', 300, 300, '2026-04-01 00:30', ''],
    ]);
    const csv = await csvRows({ report: 'redemptionList', campaignId: CAMPAIGN });
    expect(csv.rows[1]).toEqual([
      'v-1',
      '1000 元券（G1000）',
      '1000',
      '广州甲电器有限公司',
      '广州检测院',
      '委托检测',
      '1200',
      '1000',
      '2026-03-10 10:00',
      "'@SUM(1)",
    ]);
  });

  test('cable requests of a date range', async () => {
    const { rows } = await csvRows({ report: 'cableList', from: '2026-03-01', to: '2026-03-31' });
    expect(rows.slice(1).map((r) => [r[0], r[3], r[4], r[6], r[7]])).toEqual([
      ['DLcr-1', '已提交', '', '2026-03-05 10:00', ''],
      ['DLcr-2', '已完成', '未发现问题', '2026-03-05 10:00', '2026-03-07 10:00'],
      ['DLcr-3', '已完成', '未发现问题', '2026-03-06 10:00', '2026-03-10 10:00'],
      ['DLcr-4', '未受理', '', '2026-03-08 10:00', ''],
    ]);
    expect(rows.flat().join()).not.toMatch(/赵六|13300133000/);
  });

  test('each dashboard table exports as the dashboard shows it', async () => {
    const pools = await xlsxRows({ report: 'pools', campaignId: CAMPAIGN });
    expect(pools.rows).toEqual([
      ['券种', '面值（元）', '名额', '申领', '超额倍数'],
      ['1000 元券（G1000）', 1000, 3, 4, 1.33],
      ['个人五百元券', 500, 1, 2, 2],
    ]);
    const trend = await csvRows({ report: 'trend', campaignId: CAMPAIGN });
    expect(trend.rows.slice(1)).toEqual([
      ['2026-03-01', '2', '2'],
      ['2026-03-02', '3', '5'],
      ['2026-03-03', '1', '6'],
      ['2026-03-04', '0', '6'],
    ]);
    for (const report of ['cities', 'vouchers', 'redemptions', 'cable', 'redlist']) {
      const input = { report, campaignId: CAMPAIGN, from: '2026-03-01', to: '2026-03-31' };
      const chart = ok<{ table: { columns: string[]; rows: (string | number)[][] } }>(
        await cloud.call('admin', { action: 'dashboard', section: report, ...input }, ADMIN),
      );
      const { rows } = await csvRows(input);
      expect(rows).toEqual([chart.table.columns, ...chart.table.rows.map((r) => r.map(String))]);
    }
  });

  test('a long list is a resumable job: small budgets take several calls, each advancing, and the file is whole', async () => {
    const answers = await runExport(
      { report: 'applicationList', format: 'xlsx', campaignId: CAMPAIGN },
      { budgetMs: 1, batchSize: 2 },
    );
    // 2, 4, 6 rows read, the empty last page, then the file in a call of its own.
    expect(answers.map((a) => [a.status, a.progress.done, a.progress.total])).toEqual([
      ['running', 2, 6],
      ['running', 4, 6],
      ['running', 6, 6],
      ['running', 6, 6],
      ['done', 6, 6],
    ]);
    const res = answers[answers.length - 1].file!;
    const data = await cloud.cloud.storage.get(res.fileID.replace(/^cloud:\/\/[^/]+\//, ''));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data as unknown as ArrayBuffer);
    const ids: unknown[] = [];
    book.worksheets[0].eachRow((row, n) => n > 1 && ids.push(row.getCell(1).value));
    expect(ids).toEqual(['app-1', 'app-2', 'app-3', 'app-4', 'app-5', 'app-6']);
    // The part files are gone; asking again gives the same file with a fresh link; one audit entry.
    const job = (await cloud.db.find('jobs', { _id: answers[0].jobId }))[0] as { params: { parts: string[] } };
    expect(job.params.parts).toHaveLength(3);
    for (const part of job.params.parts) {
      expect(await cloud.cloud.storage.get(part.replace(/^cloud:\/\/[^/]+\//, ''))).toBeFalsy();
    }
    const again = ok<ExportJob>(await exportReport({ jobId: answers[0].jobId }));
    expect(again).toMatchObject({ status: 'done', file: { fileID: res.fileID, rows: 6 } });
    expect(await cloud.db.find('audit_log', { targetId: res.fileID })).toHaveLength(1);
  });

  test('a plain user is refused with FORBIDDEN before the input is looked at; nothing is written', async () => {
    const before = await cloud.db.find('audit_log', { action: 'admin.exportReport' });
    const jobs = await cloud.db.find('jobs', {});
    const started = ok<ExportJob>(await exportReport({ report: 'pools', format: 'csv', campaignId: CAMPAIGN }));
    for (const input of [
      { report: 'applicationList', format: 'csv', campaignId: CAMPAIGN },
      { report: 1 },
      { jobId: started.jobId },
    ]) {
      expect(failure(await exportReport(input, PLAIN))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await cloud.db.find('audit_log', { action: 'admin.exportReport' })).toHaveLength(before.length + 1);
    expect(await cloud.db.find('jobs', {})).toHaveLength(jobs.length + 1);
  });

  test('a job id that is not an export answers NOT_FOUND', async () => {
    await cloud.db.insertMany('jobs', [
      { _id: 'draw-x', kind: 'draw', status: 'running', phase: 'writing', cursor: 0, done: 0, total: 1 },
    ]);
    for (const jobId of ['draw-x', 'export-nope']) {
      expect(failure(await exportReport({ jobId }))).toMatchObject({ code: 'NOT_FOUND', message: '导出任务不存在' });
    }
  });

  test('bad input answers VALIDATION_FAILED in Chinese', async () => {
    const cases: [object, RegExp][] = [
      [{ report: 'applicationList', format: 'pdf', campaignId: CAMPAIGN }, /文件格式/],
      [{ report: 'applicationList', format: 'csv' }, /请选择活动/],
      [{ report: 'everything', format: 'csv' }, /报表/],
      [{ format: 'csv' }, /请选择要导出的报表/],
    ];
    for (const [input, message] of cases) {
      const res = failure(await exportReport(input));
      expect(res.code).toBe('VALIDATION_FAILED');
      expect(res.message).toMatch(message);
    }
  });
});
