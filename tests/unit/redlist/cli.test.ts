import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { runCli, type CliIo } from '../../../scripts/redlist';
import { enterprisesCsv, generateDataset, inspectionsCsv } from '../../../scripts/generate-inspections';
import { evaluateAll } from '../../../cloudfunctions/src/core/redlist';

const fixtures = path.join(__dirname, '../../fixtures/redlist');

function fakeIo(files: Record<string, string | Uint8Array>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    readFile: async (p) => {
      const content = files[p];
      if (content === undefined) throw new Error(`ENOENT: no such file, open '${p}'`);
      return typeof content === 'string' ? Buffer.from(content) : content;
    },
  };
  return { io, out, err };
}

const HEADER =
  'uscc,enterprise_name,product_name,product_category,spec_model,batch,sampled_at,level,authority,result,failed_items,announcement';
const line = (uscc: string, name: string, date: string, result: string) =>
  `${uscc},${name},电饭锅,家用电器,,B-${date},${date},省,广东省市场监督管理局,${result},,公告${date}`;

describe('scripts/redlist.ts evaluate', () => {
  const inspections = [
    HEADER,
    line('91440606722473344C', '佛山市顺德区美华电器有限公司', '2013-04-01', '合格'),
    line('91440300708461136T', '深圳市宏达电线电缆有限公司', '2012-01-01', '合格'),
    line('', '深圳市宏達電線電纜有限公司', '2021-03-03', '不合格'), // only the registry can tell whose failure this is
    line('91441300195971850Y', '惠州市惠城区利达灯饰有限公司', '2020-02-29', '合格'),
    line('91441300195971850Y', '惠州市惠城区利达灯饰有限公司', '2020-02-30', '合格'),
  ].join('\n');
  const files = {
    'in.csv': inspections,
    'ent.csv': readFileSync(path.join(fixtures, 'enterprises-sample.csv')),
  };

  it('prints one JSON line per listed enterprise, using the registry for rows without USCC', async () => {
    const { io, out, err } = fakeIo(files);
    expect(
      await runCli(['evaluate', '--input', 'in.csv', '--as-of', '2025-10-31', '--enterprises', 'ent.csv'], io),
    ).toBe(0);
    expect(out.map((l) => JSON.parse(l))).toEqual([
      { uscc: '91440606722473344C', tier: 'ten', streakStart: '2013-04-01', years: 12 },
      { uscc: '91441300195971850Y', tier: 'five', streakStart: '2020-02-29', years: 5 },
    ]);
    expect(err).toContain('第6行：抽样日期“2020-02-30”无效，应为 YYYY-MM-DD');
    expect(err).toContain(
      '企业名录第5行：统一社会信用代码“91440300708461136X”无效：校验位错误：第18位应为“T”，实际为“X”',
    );
    expect(err.at(-1)).toBe(
      '抽查结果：有效 4 行，错误 1 行，未匹配 0 行，匹配不唯一 0 行；上榜 2 家（十年榜 1，五年榜 1，三年榜 0）',
    );
  });

  it('reports rows without USCC as unmatched when no registry is given', async () => {
    const { io, out, err } = fakeIo(files);
    expect(await runCli(['evaluate', '--input', 'in.csv', '--as-of', '2025-10-31'], io)).toBe(0);
    expect(err).toContain('第4行：未填统一社会信用代码，且未提供企业名录，无法匹配“深圳市宏達電線電纜有限公司”');
    // Without that failure the Shenzhen enterprise looks clean since 2012.
    expect(out.map((l) => JSON.parse(l).uscc)).toContain('91440300708461136T');
  });

  it('reads XLSX input', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('结果');
    for (const row of inspections.split('\n')) ws.addRow(row.split(','));
    const { io, out } = fakeIo({ ...files, 'in.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(
      await runCli(['evaluate', '--input', 'in.xlsx', '--as-of', '2025-10-31', '--enterprises', 'ent.csv'], io),
    ).toBe(0);
    expect(out).toHaveLength(2);
  });

  it('agrees with evaluateAll on generated data', async () => {
    const data = generateDataset({ enterprises: 250, seed: 'cli', asOf: '2025-10-31' });
    const { io, out } = fakeIo({
      'i.csv': inspectionsCsv(data.inspections),
      'e.csv': enterprisesCsv(data.enterprises),
    });
    expect(await runCli(['evaluate', '--input', 'i.csv', '--as-of', '2025-10-31', '--enterprises', 'e.csv'], io)).toBe(
      0,
    );
    const expected = evaluateAll(data.inspections, '2025-10-31', data.enterprises).map(
      ({ uscc, tier, streakStart, years }) => JSON.stringify({ uscc, tier, streakStart, years }),
    );
    expect(expected.length).toBeGreaterThan(30);
    expect(out).toEqual(expected);
  }, 30_000);

  it.each([
    [[], '缺少命令'],
    [['list'], '未知命令“list”'],
    [['evaluate', '--as-of', '2025-10-31'], '缺少 --input'],
    [['evaluate', '--input', 'in.csv'], '缺少 --as-of'],
    [['evaluate', '--input', 'in.csv', '--as-of', '2025-02-29'], '--as-of “2025-02-29”不是有效日期（YYYY-MM-DD）'],
    [['evaluate', '--input', 'in.txt', '--as-of', '2025-10-31'], '--input 只支持 .csv 或 .xlsx 文件'],
    [['evaluate', '--input', 'in.csv', '--as-of'], '参数 --as-of 缺少取值'],
    [['evaluate', '--input', 'in.csv', '--as-of', '2025-10-31', '--verbose'], '未知参数“--verbose”'],
  ])('exits 2 on bad arguments %j', async (argv, message) => {
    const { io, out, err } = fakeIo(files);
    expect(await runCli(argv, io)).toBe(2);
    expect(err[0]).toBe(message);
    expect(err[1]).toMatch(/^用法：/);
    expect(out).toEqual([]);
  });

  it('exits 1 when a file cannot be read', async () => {
    const { io, err } = fakeIo(files);
    expect(await runCli(['evaluate', '--input', 'missing.csv', '--as-of', '2025-10-31'], io)).toBe(1);
    expect(err[0]).toMatch(/^无法读取文件 missing\.csv：/);
  });
});
