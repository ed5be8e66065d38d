/** The dashboard's pure figures (admin/reports/figures.ts), list rows (lists.ts) and file writers (files.ts). */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import {
  citiesChart,
  daysBetween,
  oversubscription,
  poolsChart,
  redemptionsChart,
  redlistChart,
  trendChart,
  vouchersChart,
  CHART_HOSPITALS,
  type RedemptionGroup,
} from '../../../cloudfunctions/src/admin/reports/figures';
import { applicationRow, poolNames, shanghaiMinute } from '../../../cloudfunctions/src/admin/reports/lists';
import { reportWriter } from '../../../cloudfunctions/src/admin/reports/files';
import { cableChart } from '../../../cloudfunctions/src/admin/reports/figures';
import { summariseCableRequests } from '../../../cloudfunctions/src/core/cable/stats';
import { csvCell, csvLine } from '../../../cloudfunctions/src/core/csv';
import { GUANGDONG_CITY_NAMES } from '../../../miniprogram/shared/cities';
import type { ApplicationDoc } from '../../../cloudfunctions/src/services/documents';

const scope = { scope: 'S' };
const pools = [
  { poolId: 'A', faceValue: 1000, quantity: 3 },
  { poolId: 'B', faceValue: 500, quantity: 0, label: '零名额券' },
];

describe('poolsChart', () => {
  it('sets applications against quota with the oversubscription ratio (two decimals, 0 without quota)', () => {
    const c = poolsChart(pools, { A: 10, B: 4 }, 12, scope);
    expect(c.table.rows).toEqual([
      ['1000 元券（A）', 1000, 3, 10, 3.33],
      ['零名额券', 500, 0, 4, 0],
    ]);
    expect(c.series).toEqual([
      { name: '名额', data: [3, 0] },
      { name: '申领', data: [10, 4] },
    ]);
    expect(c.figures[0]).toEqual({ label: '申领总数', value: '12' });
    expect(oversubscription(7, 2)).toBe(3.5);
    expect(oversubscription(1, 3)).toBe(0.33);
  });
});

describe('trendChart', () => {
  it('fills every day between the first and the last with zeros and a running total', () => {
    const c = trendChart(
      [
        { day: '2026-03-03', count: 4 },
        { day: '2026-03-01', count: 1 },
      ],
      '2026-03-01',
      '2026-03-04',
      scope,
    );
    expect(c.table.rows).toEqual([
      ['2026-03-01', 1, 1],
      ['2026-03-02', 0, 1],
      ['2026-03-03', 4, 5],
      ['2026-03-04', 0, 5],
    ]);
    expect(c.categories).toEqual(['03-01', '03-02', '03-03', '03-04']);
  });

  it('widens the range to days holding applications outside it, across a month end', () => {
    const c = trendChart([{ day: '2026-02-28', count: 2 }], '2026-03-01', '2026-03-01', scope);
    expect(c.table.rows.map((r) => r[0])).toEqual(['2026-02-28', '2026-03-01']);
    expect(daysBetween('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(trendChart([], '2026-03-02', '2026-03-01', scope).table.rows).toEqual([]);
  });
});

describe('citiesChart', () => {
  it('lists every Guangdong city in order, then other places, then blanks (null and empty merged)', () => {
    const c = citiesChart(
      [
        { city: '深圳市', count: 2 },
        { city: null, count: 1 },
        { city: '', count: 2 },
        { city: '长沙市', count: 1 },
      ],
      scope,
    );
    expect(c.categories).toEqual([...GUANGDONG_CITY_NAMES, '长沙市', '未填写']);
    const rows = Object.fromEntries(c.table.rows);
    expect(rows).toMatchObject({ 深圳市: 2, 长沙市: 1, 未填写: 3, 广州市: 0 });
    expect(c.figures[0].value).toBe('6');
  });
});

describe('vouchersChart', () => {
  it('stacks the states of each pool to the number issued', () => {
    const c = vouchersChart(
      pools,
      [
        { poolId: 'A', status: 'redeemed', count: 2 },
        { poolId: 'A', status: 'issued', count: 1 },
        { poolId: 'B', status: 'void', count: 1 },
      ],
      scope,
    );
    expect(c.table.rows).toEqual([
      ['1000 元券（A）', 3, 3, 1, 2, 0, 0],
      ['零名额券', 0, 1, 0, 0, 0, 1],
    ]);
    expect(c.stacked).toBe(true);
    expect(c.series.map((s) => s.name)).toEqual(['未使用', '已核销', '已过期', '已作废']);
  });
});

describe('redemptionsChart', () => {
  const group = (hospitalId: string, month: string, offset: number): RedemptionGroup => ({
    hospitalId,
    hospitalName: `医院${hospitalId}`,
    month,
    count: 1,
    offset,
    fee: offset + 0.1,
  });

  it('draws the hospitals with the largest totals and merges the rest; the table keeps every one', () => {
    const groups = Array.from({ length: CHART_HOSPITALS + 2 }, (_, i) => group(`h${i}`, '2026-03', 100 * (i + 1)));
    groups.push(group('h0', '2026-04', 50.555));
    const c = redemptionsChart(groups, scope);
    expect(c.categories).toEqual(['2026-03', '2026-04']);
    expect(c.series).toHaveLength(CHART_HOSPITALS + 1);
    expect(c.series[0]).toEqual({ name: '医院h7', data: [800, 0] });
    expect(c.series[CHART_HOSPITALS]).toEqual({ name: '其他医院', data: [300, 50.56] });
    expect(c.table.rows).toHaveLength(groups.length);
    expect(c.table.rows[0]).toEqual(['2026-03', '医院h7', 1, 800, 800.1]);
    expect(c.table.rows[c.table.rows.length - 1]).toEqual(['2026-04', '医院h0', 1, 50.56, 50.66]);
  });
});

describe('cableChart and redlistChart', () => {
  it('gives the counts per status and the median turnaround, or a dash when nothing completed', () => {
    const stats = summariseCableRequests([
      { city: '广州市', status: 'submitted', requesterType: 'consumer', submittedAt: '2026-03-01T00:00:00Z' },
    ]);
    const c = cableChart(stats, scope);
    expect(c.series[0].data[0]).toBe(1);
    expect(c.figures).toContainEqual({ label: '办理用时中位数', value: '—' });
    expect(c.table.rows.slice(-2)).toEqual([
      ['合计', 1],
      ['办理用时中位数（天）', '—'],
    ]);
  });

  it('stacks tiers per city', () => {
    const c = redlistChart([{ city: '广州市', ten: 1, five: 2, three: 3, total: 6 }], scope);
    expect(c.series).toEqual([
      { name: '十年榜', data: [1] },
      { name: '五年榜', data: [2] },
      { name: '三年榜', data: [3] },
    ]);
    expect(c.table.rows).toEqual([['广州市', 1, 2, 3, 6]]);
  });
});

describe('export rows and files', () => {
  it('formats instants in Asia/Shanghai and masks persons, not enterprises', () => {
    expect(shanghaiMinute(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04-01 00:30');
    expect(shanghaiMinute(null)).toBe('');
    const app = {
      _id: 'a1',
      applicantType: 'person',
      applicantName: '张三丰',
      uscc: null,
      contact: { name: '张三丰', phone: '13800138000' },
      city: null,
      poolIds: ['B', 'A'],
      status: 'waitlisted',
      submittedAt: new Date('2026-03-01T01:00:00Z'),
    } as unknown as ApplicationDoc;
    expect(applicationRow(app, poolNames(pools))).toEqual([
      'a1',
      '个人',
      '张**',
      '',
      '张**',
      '138****8000',
      '',
      '零名额券、1000 元券（A）',
      '候补',
      '2026-03-01 09:00',
    ]);
    const firm = { ...app, applicantType: 'enterprise', applicantName: '广州甲有限公司' } as ApplicationDoc;
    expect(applicationRow(firm, poolNames(pools))[2]).toBe('广州甲有限公司');
  });

  it('neutralises formula-looking CSV text but keeps numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvLine(['a,b', 3, null, '+x'])).toBe(`"a,b",3,,'+x\r\n`);
  });

  it('writes CSV with a BOM and XLSX with numbers as numbers and text as text, batch by batch', async () => {
    const columns = ['名称', '数量'];
    const rows = [
      ['=cmd', 1],
      ['乙', 2.5],
    ];
    const csv = reportWriter('csv', '表', columns);
    csv.add(rows.slice(0, 1));
    csv.add(rows.slice(1));
    const csvBuffer = await csv.finish();
    expect(csvBuffer.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(parse(csvBuffer, { bom: true })).toEqual([columns, ["'=cmd", '1'], ['乙', '2.5']]);
    expect(csv.rows).toBe(2);

    const xlsx = reportWriter('xlsx', '表', columns);
    xlsx.add(rows);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsx.finish()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('表');
    expect(sheet.getRow(1).values).toEqual([undefined, '名称', '数量']);
    expect(sheet.getCell('A2').value).toBe('=cmd');
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('B3').value).toBe(2.5);
  });
});
