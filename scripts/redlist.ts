/**
 * Offline red-list evaluation (`redlist-v1`) of a sampling-results file.
 *
 *   npx tsx scripts/redlist.ts evaluate --input results.csv|.xlsx --as-of 2025-10-31 [--enterprises registry.csv]
 *
 * Prints one JSON line per listed enterprise: {"uscc","tier","streakStart","years"}. Bad rows,
 * unmatched or ambiguous producer names and a summary go to stderr. Exit codes: 0 done, 1 a file
 * could not be read, 2 bad arguments.
 */
import { readFile } from 'node:fs/promises';
import { RedlistAccumulator } from '../cloudfunctions/src/core/redlist/evaluate-all';
import { parseEnterpriseRows, parseInspectionRows, formatOfFileName } from '../cloudfunctions/src/core/redlist/import';
import { isDateText } from '../cloudfunctions/src/core/redlist/dates';
import type { EnterpriseEntry, EvaluationRecord } from '../cloudfunctions/src/core/redlist/types';

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  readFile: (path: string) => Promise<Uint8Array>;
}

const defaultIo: CliIo = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
  readFile: (path) => readFile(path),
};

const USAGE =
  '用法：npx tsx scripts/redlist.ts evaluate --input <抽查结果.csv|.xlsx> --as-of YYYY-MM-DD [--enterprises <企业名录.csv|.xlsx>]';

interface Args {
  input: string;
  asOf: string;
  enterprises?: string;
}

function parseArgs(argv: readonly string[]): Args | string {
  const [command, ...rest] = argv;
  if (command !== 'evaluate') return command ? `未知命令“${command}”` : '缺少命令';
  const values: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (!['--input', '--as-of', '--enterprises'].includes(flag)) return `未知参数“${flag}”`;
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--')) return `参数 ${flag} 缺少取值`;
    if (values[flag] !== undefined) return `参数 ${flag} 重复`;
    values[flag] = value;
    i++;
  }
  if (!values['--input']) return '缺少 --input';
  if (!values['--as-of']) return '缺少 --as-of';
  if (!isDateText(values['--as-of'])) return `--as-of “${values['--as-of']}”不是有效日期（YYYY-MM-DD）`;
  for (const flag of ['--input', '--enterprises']) {
    if (values[flag] !== undefined && !formatOfFileName(values[flag])) return `${flag} 只支持 .csv 或 .xlsx 文件`;
  }
  return { input: values['--input'], asOf: values['--as-of'], enterprises: values['--enterprises'] };
}

async function load(io: CliIo, path: string): Promise<Uint8Array | null> {
  try {
    return await io.readFile(path);
  } catch (err) {
    io.stderr(`无法读取文件 ${path}：${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(args);
    io.stderr(USAGE);
    return 2;
  }

  const registry: EnterpriseEntry[] = [];
  if (args.enterprises) {
    const data = await load(io, args.enterprises);
    if (!data) return 1;
    let bad = 0;
    for await (const row of parseEnterpriseRows({ format: formatOfFileName(args.enterprises)!, data })) {
      if (row.ok) registry.push(row.record);
      else {
        bad++;
        io.stderr(`企业名录第${row.line}行：${row.reason}`);
      }
    }
    io.stderr(`企业名录：有效 ${registry.length} 家，错误 ${bad} 行`);
  }

  const data = await load(io, args.input);
  if (!data) return 1;
  const lines = new WeakMap<EvaluationRecord, number>();
  const acc = new RedlistAccumulator(args.asOf, registry, {
    onUnmatched: (record, match) => {
      const line = lines.get(record);
      const name = record.enterpriseName ?? '';
      if (!args.enterprises) io.stderr(`第${line}行：未填统一社会信用代码，且未提供企业名录，无法匹配“${name}”`);
      else if ('ambiguous' in match)
        io.stderr(`第${line}行：企业名称“${name}”匹配到多家企业（${match.ambiguous.join('、')}），未计入`);
      else io.stderr(`第${line}行：企业名称“${name}”在企业名录中未找到，未计入`);
    },
  });
  let good = 0;
  let bad = 0;
  for await (const row of parseInspectionRows({ format: formatOfFileName(args.input)!, data })) {
    if (!row.ok) {
      bad++;
      io.stderr(`第${row.line}行：${row.reason}`);
      continue;
    }
    good++;
    for (const warning of row.warnings) io.stderr(`第${row.line}行：${warning}`);
    lines.set(row.record, row.line);
    acc.add(row.record);
  }
  const rows = acc.finish();
  for (const r of rows) {
    io.stdout(JSON.stringify({ uscc: r.uscc, tier: r.tier, streakStart: r.streakStart, years: r.years }));
  }
  const byTier = { ten: 0, five: 0, three: 0 };
  for (const r of rows) byTier[r.tier]++;
  const { unmatched, ambiguous } = acc.stats;
  io.stderr(
    `抽查结果：有效 ${good} 行，错误 ${bad} 行，未匹配 ${unmatched} 行，匹配不唯一 ${ambiguous} 行；` +
      `上榜 ${rows.length} 家（十年榜 ${byTier.ten}，五年榜 ${byTier.five}，三年榜 ${byTier.three}）`,
  );
  return 0;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
