/**
 * The published draw tool (LOTTERY.md):
 *   npm run -s draw -- compute <record.json> [--out <file>]   fill in commitment, snapshotHash, seed, result,
 *                                                          resultDigest; print the record (or write it to <file>)
 *   npm run -s draw -- verify <record.json> [--allow-test-chain]
 *                                                          check the pinned beacon (drand: BLS signature, offline)
 *                                                          and recompute everything; exit 1 naming the first difference
 * Exit codes: 0 done/verified, 1 mismatch, 2 bad usage or input. (`-s` keeps npm's banner out of stdout.)
 * A record drawn on the local cloud's drand test chain verifies only with --allow-test-chain.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { z } from 'zod';
import { JsonSyntaxError, readJsonObject } from './draw/read-json';
import {
  computeUndigestedRecord,
  drawRecordInputSchema,
  drawRecordSchema,
  DrawInputError,
  DrawMismatchError,
  formatRecordChunks,
  parseLargeRecord,
  recordBytes,
  verifyParsedRecord,
  type DrawRecord,
} from '../cloudfunctions/src/core/draw';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The file's bytes, a piece at a time (a record can be hundreds of megabytes). */
  readChunks: (path: string) => Iterable<Buffer>;
  writeFile: (path: string, chunks: Iterable<Uint8Array>) => void;
}

const defaultIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readChunks: function* (path) {
    const fd = openSync(path, 'r');
    try {
      for (;;) {
        // A fresh buffer each time: the reader keeps slices of earlier chunks until it parses them.
        const chunk = Buffer.allocUnsafe(4 << 20);
        const read = readSync(fd, chunk, 0, chunk.length, null);
        if (read === 0) return;
        yield chunk.subarray(0, read);
      }
    } finally {
      closeSync(fd);
    }
  },
  writeFile: (path, chunks) => {
    const fd = openSync(path, 'w');
    try {
      for (const chunk of chunks) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  },
};

export const EXIT_OK = 0;
export const EXIT_MISMATCH = 1;
export const EXIT_BAD_INPUT = 2;

const USAGE =
  'usage / 用法: draw compute <record.json> [--out <file>] | draw verify <record.json> [--allow-test-chain]';

class BadInput extends Error {}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(record)'}: ${issue.message}`);
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : '';
  return shown.join('; ') + more;
}

/** Top-level arrays whose elements are parsed as they stream in (the rest of a record is small). */
const STREAMED_ARRAYS = new Set(['entries', 'result']);

/**
 * Entries choosing the same pools share one poolIds array as the record streams in (a few shapes for a
 * million entries): a million small arrays were ~50 MB of compute's and verify's peak (issue 16). Making
 * the result's ids the entries' own strings as well saved 30 MB more but cost verify 2 s (a map of a
 * million ids), so they stay as read.
 */
function sharingPoolLists(): (member: string, element: unknown) => unknown {
  // Shapes by their first pool id; an entry's poolIds is compared with the few of that bucket.
  const shapes = new Map<unknown, unknown[][]>();
  let shapeCount = 0;
  const sharedShape = (poolIds: unknown[]): unknown[] => {
    const bucket = shapes.get(poolIds[0]);
    if (bucket) {
      for (const shape of bucket) {
        if (shape.length !== poolIds.length) continue;
        let k = 1;
        while (k < shape.length && shape[k] === poolIds[k]) k++;
        if (k === shape.length) return shape;
      }
    }
    if (shapeCount < 1000) {
      shapeCount++;
      if (bucket) bucket.push(poolIds);
      else shapes.set(poolIds[0], [poolIds]);
    }
    return poolIds;
  };
  return (member, element) => {
    if (member !== 'entries' || element === null || typeof element !== 'object') return element;
    const value = element as { poolIds?: unknown };
    // Pool ids are strings (the schema checks that after), so === compares them by value.
    if (Array.isArray(value.poolIds) && value.poolIds.length > 0) value.poolIds = sharedShape(value.poolIds);
    return element;
  };
}

function load<S extends typeof drawRecordSchema | typeof drawRecordInputSchema>(
  io: CliIo,
  path: string,
  schema: S,
): z.infer<S> {
  let json: Record<string, unknown>;
  try {
    json = readJsonObject(io.readChunks(path), STREAMED_ARRAYS, sharingPoolLists());
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new BadInput(`${path} is not valid JSON: ${error.message} / 不是有效的 JSON`);
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new BadInput(`cannot read ${path} (${code}) / 无法读取文件`);
  }
  const parsed = parseLargeRecord(schema, json);
  if (!parsed.success)
    throw new BadInput(`${path} is not a valid draw record: ${describeIssues(parsed.error)} / 抽签记录格式不符`);
  return parsed.data;
}

function summary(record: DrawRecord): string {
  const winners = record.result.reduce((sum, r) => sum + r.winners.length, 0);
  const waitlisted = record.result.reduce((sum, r) => sum + r.waitlist.length, 0);
  return (
    `verified ${record.algorithm} ${record.campaignId}: ${record.entries.length} entries, ${record.pools.length} pools, ` +
    `${winners} winners, ${waitlisted} waitlisted, resultDigest ${record.resultDigest} / ` +
    `核验通过：${record.entries.length} 份申请，${record.pools.length} 个券池，中签 ${winners}，候补 ${waitlisted}`
  );
}

/** Runs the tool; returns the exit code instead of exiting, so tests can call it directly. */
export function runCli(argv: readonly string[], io: CliIo = defaultIo): number {
  const [command, path, ...rest] = argv;
  const out = command === 'compute' && rest.length === 2 && rest[0] === '--out' ? rest[1] : undefined;
  const allowTestChain = command === 'verify' && rest.length === 1 && rest[0] === '--allow-test-chain';
  if (
    (command !== 'compute' && command !== 'verify') ||
    !path ||
    (rest.length > 0 && out === undefined && !allowTestChain)
  ) {
    io.stderr(USAGE + '\n');
    return EXIT_BAD_INPUT;
  }
  try {
    if (command === 'compute') {
      const input = load(io, path, drawRecordInputSchema);
      // Its resultDigest is taken as the record is written.
      const record = computeUndigestedRecord(input);
      if (out === undefined) {
        for (const chunk of formatRecordChunks(record)) io.stdout(chunk);
        return EXIT_OK;
      }
      let resultDigest = '';
      try {
        io.writeFile(
          out,
          (function* () {
            resultDigest = yield* recordBytes(record);
          })(),
        );
      } catch (error) {
        throw new BadInput(
          `cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}) / 无法写入文件`,
        );
      }
      io.stdout(`wrote ${out}: resultDigest ${resultDigest} / 已写入\n`);
      return EXIT_OK;
    }
    const record = load(io, path, drawRecordSchema);
    const outcome = verifyParsedRecord(record, { allowTestChain });
    if (outcome.ok) {
      io.stdout([summary(record), ...outcome.notices].join('\n') + '\n');
      return EXIT_OK;
    }
    io.stderr(`mismatch / 核验不通过: ${outcome.difference}\n`);
    return EXIT_MISMATCH;
  } catch (error) {
    if (error instanceof DrawMismatchError) {
      io.stderr(`mismatch / 核验不通过: ${error.difference}\n`);
      return EXIT_MISMATCH;
    }
    if (error instanceof BadInput || error instanceof DrawInputError) {
      io.stderr(`invalid input / 输入无效: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2));
}
