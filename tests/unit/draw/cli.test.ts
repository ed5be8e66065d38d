import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  computeRecord,
  formatRecord,
  type DrawRecord,
  type DrawRecordInput,
} from '../../../cloudfunctions/src/core/draw';
import { EXIT_BAD_INPUT, EXIT_MISMATCH, EXIT_OK, runCli } from '../../../scripts/draw';

const root = path.join(__dirname, '../../..');
const fixtures = path.join(root, 'tests/fixtures/draw');
const inputPath = path.join(fixtures, 'vector1.input.json');
const recordPath = path.join(fixtures, 'vector1.record.json');
const recordText = readFileSync(recordPath, 'utf8');

/** Runs the CLI with an in-memory file system layered over the real one. */
function run(argv: string[], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readChunks: (p) => [p in files ? Buffer.from(files[p]) : readFileSync(p)],
    writeFile: (p, chunks) => {
      if (p.startsWith('/readonly/')) throw Object.assign(new Error('read-only'), { code: 'EROFS' });
      files[p] = Buffer.concat(Array.from(chunks)).toString('utf8');
    },
  });
  return { code, stdout, stderr, files };
}

/** The published command, as README gives it: `npm run -s draw -- …` from the project's root. */
const npmRunDraw = (args: string[]) =>
  spawnSync('npm', ['run', '-s', 'draw', '--', ...args], { cwd: root, encoding: 'utf8' });

function tampered(change: (record: DrawRecord) => void): Record<string, string> {
  const record = JSON.parse(recordText);
  change(record);
  return { 'tampered.json': JSON.stringify(record) };
}

describe('draw compute', () => {
  test('fills in commitment, snapshotHash, seed, result and resultDigest, printing the record', () => {
    const out = run(['compute', inputPath]);
    expect(out).toMatchObject({ code: EXIT_OK, stdout: recordText, stderr: '' });
  });

  test('--out writes the record to a file instead', () => {
    const out = run(['compute', inputPath, '--out', 'record.json']);
    expect(out.code).toBe(EXIT_OK);
    expect(out.files['record.json']).toBe(recordText);
    expect(out.stdout).toMatch(/^wrote record\.json: resultDigest 5ea7f2b1/);
    const failed = run(['compute', inputPath, '--out', '/readonly/record.json']);
    expect(failed.code).toBe(EXIT_BAD_INPUT);
    expect(failed.stderr).toMatch(/cannot write \/readonly\/record\.json \(EROFS\)/);
  });

  test('compute then verify round-trips', () => {
    const computed = run(['compute', inputPath]).stdout;
    const out = run(['verify', 'computed.json'], { 'computed.json': computed });
    expect(out.code).toBe(EXIT_OK);
  });

  test('a commitment that does not match the secret stops the draw', () => {
    const input = JSON.parse(readFileSync(inputPath, 'utf8')) as DrawRecordInput;
    input.commitment = '00'.repeat(32);
    const out = run(['compute', 'in.json'], { 'in.json': JSON.stringify(input) });
    expect(out.code).toBe(EXIT_MISMATCH);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/commitment differs: record has 0{64}, recomputed 17a7384b/);
  });
});

describe('draw verify', () => {
  test('accepts the published record with a one-line English and Chinese summary, and says who checks the beacon', () => {
    const out = run(['verify', recordPath]);
    expect(out.code).toBe(EXIT_OK);
    expect(out.stdout).toBe(
      'verified draw-v1 gd-2022-test-voucher: 9 entries, 5 pools, 9 winners, 4 waitlisted, resultDigest ' +
        '5ea7f2b16a349505d0acb6ee9801dcb869522899cb8a7f8d3661b1a39a210eb5 / 核验通过：9 份申请，5 个券池，中签 9，候补 4\n' +
        'beacon not checked by this tool: compare 福彩3D 第2022176期 (drawn 2022-07-05) with "5 0 8" in the ' +
        "lottery's official announcement / 公开随机数需对照官方开奖公告人工核对：福彩3D 第2022176期（2022-07-05）开奖号码应为 5 0 8\n",
    );
  });

  test.each([
    [
      'one winner',
      (r: DrawRecord) => (r.result[1].winners[1] = 'a03'),
      'pool G2000 winner #2: record a03, recomputed a01',
    ],
    [
      'the beacon',
      (r: DrawRecord) => (r.beacon += ' '),
      'beacon differs: record has 2022-07-05 福彩3D 第2022176期 5 0 8 , the beaconSource gives',
    ],
    [
      'an entry',
      (r: DrawRecord) => (r.entries[0].applicantKey = '91440606722473344D'),
      'snapshotHash differs: record has 8b7f8c78',
    ],
  ])('tampering with %s exits 1 naming the difference', (_what, change, difference) => {
    const out = run(['verify', 'tampered.json'], tampered(change));
    expect(out.code).toBe(EXIT_MISMATCH);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(`mismatch / 核验不通过: ${difference}`);
  });
});

describe('bad input exits 2 with a clear message', () => {
  test.each([
    [['verify', 'missing.json'], /cannot read missing\.json \(ENOENT\)/],
    [['verify', 'broken.json'], /broken\.json is not valid JSON/],
    [['verify', 'partial.json'], /not a valid draw record: seed: .*; result: .*; resultDigest: /],
    [['compute', 'badsecret.json'], /not a valid draw record: secret: must be 64 lowercase hex characters/],
    [['compute', 'tab.json'], /entries\.0\.applicationId: must be non-empty, without tab or newline/],
    [['compute', 'typo.json'], /Unrecognized key.*"secrets"/],
    [['compute', 'duplicate.json'], /invalid input \/ 输入无效: duplicate applicationId a01/],
    [['compute', 'unknownpool.json'], /application a01 applies to unknown pool G9999/],
    [['frobnicate', recordPath], /usage/],
    [['verify'], /usage/],
    [['verify', recordPath, 'extra'], /usage/],
    [['verify', recordPath, '--out', 'x.json'], /usage/],
    [['compute', inputPath, '--allow-test-chain'], /usage/],
    [['compute', inputPath, '--out'], /usage/],
  ])('%j', (argv, message) => {
    const input = JSON.parse(readFileSync(inputPath, 'utf8')) as DrawRecordInput;
    const variant = (change: (i: DrawRecordInput & { secrets?: string }) => void) => {
      const copy = structuredClone(input);
      change(copy);
      return JSON.stringify(copy);
    };
    const { seed: _s, result: _r, resultDigest: _d, ...partial } = JSON.parse(recordText);
    const files: Record<string, string> = {
      'broken.json': '{"algorithm": "draw-v1",',
      'partial.json': JSON.stringify(partial),
      'badsecret.json': variant((i) => (i.secret = 'not-hex')),
      'tab.json': variant((i) => (i.entries[0].applicationId = 'a\t01')),
      'typo.json': variant((i) => (i.secrets = i.secret)),
      'duplicate.json': variant((i) => i.entries.push({ ...i.entries[0] })),
      'unknownpool.json': variant((i) => (i.entries[0].poolIds = ['G9999'])),
    };
    const out = run(argv, files);
    expect(out.code).toBe(EXIT_BAD_INPUT);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
  });
});

describe('the real command', () => {
  test('`npm run draw` verifies the fixture and rejects a tampered copy', () => {
    const ok = npmRunDraw(['verify', recordPath]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^verified draw-v1 gd-2022-test-voucher: .* \/ 核验通过/);

    const dir = mkdtempSync(path.join(tmpdir(), 'draw-cli-'));
    const file = path.join(dir, 'tampered.json');
    writeFileSync(file, tampered((r) => (r.result[0].winners[0] = 'a03'))['tampered.json']);
    const bad = npmRunDraw(['verify', file]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('pool G5000 winner #1: record a03, recomputed a05');
  }, 60_000);

  test('a draw of 70,000 entries gives the record computeRecord gives, and a swapped waitlist pair is found', () => {
    const input = JSON.parse(readFileSync(inputPath, 'utf8')) as DrawRecordInput;
    input.pools = [
      { poolId: 'G5000', faceValue: 5000, quantity: 300 },
      { poolId: 'G500', faceValue: 500, quantity: 2000 },
    ];
    input.entries = Array.from({ length: 70_000 }, (_, i) => ({
      applicationId: createHash('sha256').update(`big ${i}`).digest('hex').slice(0, 24),
      applicantKey: `9144${String(i % 9_000).padStart(14, '0')}`,
      poolIds: i % 2 ? ['G5000', 'G500'] : ['G5000'],
    })).sort((a, b) => (a.applicationId < b.applicationId ? -1 : 1));
    const dir = mkdtempSync(path.join(tmpdir(), 'draw-cli-'));
    const [inputFile, recordFile] = [path.join(dir, 'input.json'), path.join(dir, 'record.json')];
    writeFileSync(inputFile, JSON.stringify(input));
    const computed = npmRunDraw(['compute', inputFile, '--out', recordFile]);
    expect(computed.status).toBe(0);
    expect(readFileSync(recordFile, 'utf8')).toBe(formatRecord(computeRecord(input)));

    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as DrawRecord;
    const last = record.result[0].waitlist.length - 1;
    [record.result[0].waitlist[last], record.result[0].waitlist[last - 1]] = [
      record.result[0].waitlist[last - 1],
      record.result[0].waitlist[last],
    ];
    writeFileSync(recordFile, JSON.stringify(record));
    const verified = npmRunDraw(['verify', recordFile]);
    expect(verified.status).toBe(1);
    expect(verified.stderr).toContain(`pool G5000 waitlist #${last}: record ${record.result[0].waitlist[last - 1]}`);
  }, 120_000);
});
