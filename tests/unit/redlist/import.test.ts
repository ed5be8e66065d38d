import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import {
  inspectionRowKey,
  parseEnterpriseRows,
  parseInspectionRows,
  parseLevel,
  parseResult,
  parseSampledAt,
  type ImportSource,
  type InspectionRowResult,
} from '../../../cloudfunctions/src/core/redlist/import';

const fixtures = path.join(__dirname, '../../fixtures/redlist');
const sampleCsv = readFileSync(path.join(fixtures, 'inspections-sample.csv'));
const enterprisesCsv = readFileSync(path.join(fixtures, 'enterprises-sample.csv'));

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const csv = (text: string): ImportSource => ({ format: 'csv', data: text });
const HEADER =
  'uscc,enterprise_name,product_name,product_category,spec_model,batch,sampled_at,level,authority,result,failed_items,announcement';

describe('parseInspectionRows (CSV)', () => {
  let rows: InspectionRowResult[];
  beforeAll(async () => {
    rows = await collect(parseInspectionRows({ format: 'csv', data: sampleCsv }));
  });

  it('keeps good rows and reports bad ones with their line numbers', () => {
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [3, true],
      [4, false],
      [5, false],
      [6, true], // a quoted field spans lines 6–7
      [8, false],
      [10, true], // line 9 is blank
      [11, true],
      [12, false],
    ]);
    const reasons = Object.fromEntries(rows.filter((r) => !r.ok).map((r) => [r.line, !r.ok && r.reason]));
    expect(reasons).toEqual({
      4: '抽样日期“2023-02-30”无效，应为 YYYY-MM-DD',
      5: '检验结果“基本合格”无效，应为 合格/不合格',
      8: '企业名称为空；抽查级别“乡”无效，应为 国家/省/市/县',
      12: '与第2行重复（同一公告、企业、产品、批号和日期）',
    });
  });

  it('normalises the values of good rows', () => {
    const good = rows.flatMap((r) => (r.ok ? [r.record] : []));
    expect(good[0]).toEqual({
      rowKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      uscc: '91440606722473344C',
      enterpriseName: '佛山市顺德区美华电器有限公司',
      productName: '电饭锅',
      productCategory: '家用电器',
      specModel: 'MB-FB40S',
      batch: '2014-03-02',
      sampledAt: '2014-05-06',
      level: 'provincial',
      authority: '广东省质量技术监督局',
      result: 'pass',
      failedItems: '',
      announcement: '广东省质量技术监督局关于2014年家用电器产品质量省级监督抽查情况的通告（2014年第5期）',
    });
    // No USCC: kept, to be matched by name later; 2019/7/5 → 2019-07-05; 国家级 → national.
    expect(good[1]).not.toHaveProperty('uscc');
    expect(good[1]).toMatchObject({
      sampledAt: '2019-07-05',
      level: 'national',
      result: 'fail',
      failedItems: '导体电阻、绝缘厚度',
    });
    expect(good[2]).toMatchObject({ level: 'county', specModel: 'RVV 300/500V 3×1.5mm², 100m' });
    expect(good[2].announcement).toContain('\n（2021年第2期）');
    expect(good[3]).toMatchObject({ uscc: '91440606722473344C', level: 'county', result: 'pass' });
  });

  it('keeps a row with an invalid USCC for name matching, with a warning', () => {
    const row = rows.find((r) => r.line === 11);
    expect(row).toMatchObject({
      ok: true,
      record: { enterpriseName: '美华电器（顺德）有限公司', sampledAt: '2016-02-29', level: 'provincial' },
      warnings: ['统一社会信用代码“91440606722473344D”无效（校验位错误：第18位应为“C”，实际为“D”），将按企业名称匹配'],
    });
    expect(row?.ok && row.record.uscc).toBeFalsy();
  });

  it('gives identical rowKeys when the same file is parsed twice', async () => {
    const again = await collect(parseInspectionRows({ format: 'csv', data: sampleCsv }));
    expect(again).toEqual(rows);
    const keys = rows.flatMap((r) => (r.ok ? [r.record.rowKey] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('identifies rows by announcement, producer, product, batch and date only', () => {
    const base = {
      announcement: '公告（第1期）',
      enterpriseName: '美华电器（顺德）有限公司',
      productName: '电饭锅',
      batch: 'B1',
      sampledAt: '2020-01-01',
    };
    const key = inspectionRowKey(base);
    expect(inspectionRowKey({ ...base, enterpriseName: '美華電器(順德)有限公司', announcement: '公告(第1期)' })).toBe(
      key,
    );
    for (const change of [
      { batch: 'B2' },
      { sampledAt: '2020-01-02' },
      { productName: '电磁炉' },
      { announcement: '公告（第2期）' },
    ]) {
      expect(inspectionRowKey({ ...base, ...change })).not.toBe(key);
    }
  });

  it('accepts Chinese column headings in any order', async () => {
    const text =
      '抽样日期,企业名称,产品名称,产品类别,抽查级别,抽查机关,检验结果,公告\n2020-05-05,某某电器有限公司,电饭锅,家用电器,市,佛山市市场监督管理局,不合格,公告1\n';
    const [row] = await collect(parseInspectionRows(csv(text)));
    expect(row).toMatchObject({
      ok: true,
      line: 2,
      record: { sampledAt: '2020-05-05', level: 'municipal', result: 'fail', specModel: '' },
    });
  });

  it('stops with one error when required columns are missing', async () => {
    const rows2 = await collect(
      parseInspectionRows(csv('uscc,enterprise_name,sampled_at\n91440606722473344C,x,2020-01-01\n')),
    );
    expect(rows2).toEqual([
      {
        ok: false,
        line: 1,
        reason: '缺少必需的列：product_name、product_category、level、authority、result、announcement',
      },
    ]);
    expect(await collect(parseInspectionRows(csv('')))).toEqual([{ ok: false, line: 1, reason: '文件为空或缺少表头' }]);
  });

  it('reports broken CSV quoting at the line it breaks, keeping earlier rows', async () => {
    const good = '91440606722473344C,美华,电饭锅,家用电器,,,2020-01-01,省,广东省市场监督管理局,合格,,公告1';
    const rows2 = await collect(parseInspectionRows(csv(`${HEADER}\n${good}\n${good.replace('美华', '"美"华')}\n`)));
    expect(rows2[0]).toMatchObject({ ok: true, line: 2 });
    expect(rows2[1]).toMatchObject({ ok: false, line: 3, reason: expect.stringContaining('CSV 格式错误') });
    expect(rows2).toHaveLength(2);
  });

  it('refuses rows with more fields than the header (an unquoted comma)', async () => {
    const shifted = '91440606722473344C,美华,电饭锅,家用电器,10A,250V,,2020-01-01,省,广东省市场监督管理局,合格,,公告1';
    const [row] = await collect(parseInspectionRows(csv(`${HEADER}\n${shifted}\n`)));
    expect(row).toMatchObject({ ok: false, line: 2, reason: expect.stringContaining('列数（13）多于表头（12）') });
  });

  it('rejects sampling dates after today when told the date', async () => {
    const line = '91440606722473344C,美华,电饭锅,家用电器,,,2025-11-01,省,广东省市场监督管理局,合格,,公告1';
    const [row] = await collect(parseInspectionRows(csv(`${HEADER}\n${line}\n`), { today: '2025-10-31' }));
    expect(row).toEqual({ ok: false, line: 2, reason: '抽样日期“2025-11-01”晚于今天' });
  });

  it('parses result, level and date spellings', () => {
    expect(['合格', '不合格', 'pass', 'FAIL', ' 合 格 ', '基本合格'].map(parseResult)).toEqual([
      'pass',
      'fail',
      'pass',
      'fail',
      'pass',
      null,
    ]);
    expect(['国家', '国家级', '省', '省级', '市', '市级', '县', '县级', '区', '乡'].map(parseLevel)).toEqual([
      'national', 'national', 'provincial', 'provincial', 'municipal', 'municipal', 'county', 'county', 'county', null,
    ]); // prettier-ignore
    expect(['2020-01-05', '2020/1/5', '2020年1月5日', '2020-1-5', '2020-02-30', '05/01/2020', ''].map(parseSampledAt)).toEqual([
      '2020-01-05', '2020-01-05', '2020-01-05', '2020-01-05', null, null, null,
    ]); // prettier-ignore
  });
});

describe('parseInspectionRows (XLSX)', () => {
  /** Writes the CSV fixture's rows into a worksheet: the sampling dates of good rows as real date cells. */
  async function xlsxFromCsv(): Promise<Buffer> {
    const { parse } = await import('csv-parse/sync');
    const table = parse(sampleCsv, { bom: true, relax_column_count: true }) as string[][];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('抽查结果');
    table.forEach((cells, i) => {
      const values: (string | Date | number)[] = [...cells];
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cells[6] ?? '');
      if (i > 0 && m && cells[6] !== '2023-02-30') values[6] = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      ws.addRow(values);
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('gives the same records as the CSV', async () => {
    const fromCsv = await collect(parseInspectionRows({ format: 'csv', data: sampleCsv }));
    const fromXlsx = await collect(parseInspectionRows({ format: 'xlsx', data: await xlsxFromCsv() }));
    const records = (rows: InspectionRowResult[]) => rows.map((r) => (r.ok ? r.record : { error: r.reason }));
    expect(records(fromXlsx)).toEqual(records(fromCsv));
    expect(fromXlsx.filter((r) => r.ok)).toHaveLength(fromCsv.filter((r) => r.ok).length);
  });

  it('reads rich text, numbers and Excel serial dates', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(HEADER.split(','));
    ws.addRow([
      '',
      { richText: [{ text: '美华' }, { text: '电器有限公司' }] },
      '电饭锅',
      '家用电器',
      'MB-1',
      20200105,
      43835, // Excel serial for 2020-01-05
      '市',
      '佛山市市场监督管理局',
      '合格',
      '',
      '公告',
    ]);
    const [row] = await collect(
      parseInspectionRows({ format: 'xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) }),
    );
    expect(row).toMatchObject({
      ok: true,
      line: 2,
      record: { enterpriseName: '美华电器有限公司', batch: '20200105', sampledAt: '2020-01-05' },
    });
  });

  it('reports an unreadable workbook', async () => {
    const rows = await collect(parseInspectionRows({ format: 'xlsx', data: Buffer.from('not a zip') }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ok: false, reason: expect.stringContaining('无法读取 XLSX 文件') });
  });
});

describe('parseEnterpriseRows', () => {
  it('parses the registry with former names split on ; and ；', async () => {
    const rows = await collect(parseEnterpriseRows({ format: 'csv', data: enterprisesCsv }));
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [3, true],
      [4, true],
      [5, false],
      [6, false],
      [7, false],
    ]);
    expect(rows[0]).toMatchObject({
      record: {
        uscc: '91440606722473344C',
        name: '佛山市顺德区美华电器有限公司',
        formerNames: ['顺德市美华电器厂', '美华电器（顺德）有限公司'],
        address: '广东省佛山市顺德区北滘镇工业大道1号',
      },
    });
    expect(rows[1]).toMatchObject({ record: { formerNames: [] } });
    expect(rows[2]).toMatchObject({ record: { formerNames: ['惠州市利达灯饰厂', '利达照明（惠州）有限公司'] } });
    expect(rows.slice(3).map((r) => !r.ok && r.reason)).toEqual([
      '统一社会信用代码“91440300708461136X”无效：校验位错误：第18位应为“T”，实际为“X”',
      '企业名称为空',
      '统一社会信用代码与第2行重复',
    ]);
  });

  it('reads an optional contact phone, normalised; an unusable one is a warning, not a bad row', async () => {
    const csv = [
      '统一社会信用代码,企业名称,联系电话',
      '91440606722473344C,佛山市顺德区美华电器有限公司,+86 137-0000-1234',
      '91441300195971850Y,惠州市利达照明有限公司,见营业执照',
      '91440400192548256N,珠海市无电话有限公司,',
    ].join('\n');
    const rows = await collect(parseEnterpriseRows({ format: 'csv', data: Buffer.from(csv) }));
    expect(rows.map((r) => r.ok && [r.record.contactPhone, r.warnings])).toEqual([
      ['13700001234', []],
      [undefined, ['联系电话“见营业执照”无效，已忽略']],
      [undefined, []],
    ]);
  });
});
