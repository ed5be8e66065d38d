/**
 * On-disk format (decided; see README.md beside this file):
 *
 *   <dir>/wal.jsonl        append-only write-ahead log, ONE line per committed batch for ALL collections:
 *                          {"s":<seq>,"o":[["p",coll,doc] | ["u",coll,id,set] | ["d",coll,id] | ["c",coll], …]}
 *                          ("u": the stored document with the top-level fields of `set` replaced or added)
 *   <dir>/snapshot.jsonl   compacted state: a header line {"format","version","seq","collections"} then
 *                          [coll, [doc, …]] lines of up to 1000 documents; written to a temp file, fsynced, renamed.
 *
 * Why: a batch (an insert of many documents, a multi update, a transaction touching several collections) is one
 * line, so it lands on disk entirely or not at all. Every batch is written with a synchronous write() before the
 * reply is sent, so a kill -9 loses nothing acknowledged (the OS keeps the page cache). A torn last line (crash in
 * the middle of a write) is ignored and cut off on reload. Compaction writes the snapshot and then empties the
 * log; log batches whose seq the snapshot already covers are skipped, so a crash between the two steps is safe.
 * Values are relaxed EJSON so Dates (and NaN, -0, regexes) round-trip. An update that sets top-level fields logs
 * only those: a draw's status update of 200,000 applications otherwise writes every field of every one, and the
 * compaction the log's growth brings on rewrites the whole database again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromStorageJson, isPlainObject, toStorageJson, type Doc } from './codec';

export const SNAPSHOT_FILE = 'snapshot.jsonl';
export const WAL_FILE = 'wal.jsonl';
const FORMAT = 'cloudbase-emulator-db';
const VERSION = 1;
const NEWLINE = 10;
/** Documents per snapshot line: fewer, longer lines parse faster than one line per document. */
const SNAPSHOT_DOCS_PER_LINE = 1000;

export type WriteOp =
  /**
   * `changed`: an update's word that only these top-level fields may differ from the stored document, so
   * the checks and indexes on the others are skipped (absent: any field may differ).
   */
  | {
      kind: 'put';
      coll: string;
      doc: Doc;
      changed?: ReadonlySet<string>;
      /**
       * `doc` is the stored document with these top-level fields set, as `{...stored, ...set}` orders them: the log
       * holds them instead of the whole document. One object for all the documents an update sets alike.
       */
      set?: Doc;
    }
  | { kind: 'del'; coll: string; id: unknown }
  | { kind: 'create'; coll: string };

export interface LoadSink {
  create(coll: string): void;
  put(coll: string, doc: Doc): void;
  /** The stored document `id` with the top-level fields of `set` replaced or added (a "u" op). */
  patch(coll: string, id: unknown, set: Doc): void;
  del(coll: string, id: unknown): void;
}

export interface LoadResult {
  seq: number;
  walBytes: number;
  /** Bytes cut off the end of the log because the last line was torn. */
  tornBytes: number;
}

export interface SnapshotCollection {
  name: string;
  docs: Iterable<Doc>;
}

/** `encodedSets`: the encoding of each `set` so far in the batch (an update's documents share one). */
function encodeOp(op: WriteOp, encodedSets: Map<Doc, unknown>): unknown[] {
  switch (op.kind) {
    case 'put': {
      if (!op.set) return ['p', op.coll, toStorageJson(op.doc)];
      let set = encodedSets.get(op.set);
      if (set === undefined) encodedSets.set(op.set, (set = toStorageJson(op.set)));
      return ['u', op.coll, toStorageJson(op.doc._id), set];
    }
    case 'del':
      return ['d', op.coll, toStorageJson(op.id)];
    case 'create':
      return ['c', op.coll];
  }
}

function applyEncodedOp(op: unknown, sink: LoadSink): void {
  if (!Array.isArray(op) || typeof op[1] !== 'string') throw new Error('bad op');
  switch (op[0]) {
    case 'p':
      sink.put(op[1], fromStorageJson(op[2]) as Doc);
      return;
    case 'u':
      if (!isPlainObject(op[3])) throw new Error('bad update');
      sink.patch(op[1], fromStorageJson(op[2]), fromStorageJson(op[3]) as Doc);
      return;
    case 'd':
      sink.del(op[1], fromStorageJson(op[2]));
      return;
    case 'c':
      sink.create(op[1]);
      return;
    default:
      throw new Error(`unknown op ${String(op[0])}`);
  }
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
}

/** Writes a complete snapshot file atomically (temp file + fsync + rename). */
export function writeSnapshotFile(file: string, seq: number, collections: SnapshotCollection[]): number {
  const temp = `${file}.tmp`;
  const fd = fs.openSync(temp, 'w');
  let bytes = 0;
  try {
    const header = { format: FORMAT, version: VERSION, seq, collections: collections.map((c) => c.name) };
    let chunk = `${JSON.stringify(header)}\n`;
    const nameJson = new Map(collections.map((c) => [c.name, JSON.stringify(c.name)]));
    for (const collection of collections) {
      const name = nameJson.get(collection.name);
      let group: string[] = [];
      const flushGroup = (): void => {
        if (group.length === 0) return;
        chunk += `[${name},[${group.join(',')}]]\n`;
        group = [];
        if (chunk.length > 1 << 20) {
          writeAll(fd, chunk);
          bytes += Buffer.byteLength(chunk);
          chunk = '';
        }
      };
      for (const doc of collection.docs) {
        group.push(JSON.stringify(toStorageJson(doc)));
        if (group.length === SNAPSHOT_DOCS_PER_LINE) flushGroup();
      }
      flushGroup();
    }
    writeAll(fd, chunk);
    bytes += Buffer.byteLength(chunk);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  return bytes;
}

/** Reads a snapshot file into the sink; returns its seq (0 if the file does not exist). */
export function readSnapshotFile(file: string, sink: LoadSink): number {
  if (!fs.existsSync(file)) return 0;
  const text = fs.readFileSync(file, 'utf8');
  let start = 0;
  let lineNo = 0;
  let seq = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (line.length === 0) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`数据库快照 ${file} 第 ${lineNo} 行已损坏`);
    }
    if (lineNo === 1) {
      const header = parsed as { format?: unknown; version?: unknown; seq?: unknown; collections?: unknown };
      if (header.format !== FORMAT || header.version !== VERSION || !Array.isArray(header.collections)) {
        throw new Error(`数据库快照 ${file} 格式不受支持`);
      }
      seq = Number(header.seq) || 0;
      for (const name of header.collections) sink.create(String(name));
      continue;
    }
    const [coll, docs] = parsed as [string, unknown[]];
    for (const doc of docs) sink.put(coll, fromStorageJson(doc) as Doc);
  }
  return seq;
}

interface WalScan {
  seq: number;
  /** Byte length of the valid prefix (complete, parseable lines). */
  validBytes: number;
  totalBytes: number;
  /** The last line parsed but had no trailing newline (crash between the JSON and its "\n"). */
  missingNewline: boolean;
}

/** Replays log batches newer than `afterSeq` into the sink. A torn final line is reported, not applied. */
export function readWalFile(file: string, afterSeq: number, sink: LoadSink): WalScan {
  if (!fs.existsSync(file)) return { seq: afterSeq, validBytes: 0, totalBytes: 0, missingNewline: false };
  const buffer = fs.readFileSync(file);
  let seq = afterSeq;
  let start = 0;
  let lineNo = 0;
  let validBytes = 0;
  let missingNewline = false;
  while (start < buffer.length) {
    let end = buffer.indexOf(NEWLINE, start);
    const terminated = end !== -1;
    if (!terminated) end = buffer.length;
    lineNo++;
    const line = buffer.toString('utf8', start, end);
    let batch: { s?: unknown; o?: unknown } | undefined;
    try {
      batch = line.trim().length === 0 ? undefined : (JSON.parse(line) as { s?: unknown; o?: unknown });
      if (batch !== undefined && (typeof batch.s !== 'number' || !Array.isArray(batch.o))) throw new Error('bad batch');
    } catch {
      // Only the unterminated tail can be a torn write: every write is one whole "line\n".
      if (!terminated) break;
      throw new Error(`数据库日志 ${file} 第 ${lineNo} 行已损坏（不是最后一行，无法自动修复）`);
    }
    if (batch !== undefined && (batch.s as number) > afterSeq) {
      for (const op of batch.o as unknown[]) applyEncodedOp(op, sink);
      seq = Math.max(seq, batch.s as number);
    }
    validBytes = terminated ? end + 1 : end;
    missingNewline = !terminated && batch !== undefined;
    start = end + 1;
  }
  return { seq, validBytes, totalBytes: buffer.length, missingNewline };
}

/** Reads a data directory (snapshot + log) without modifying it. */
export function readDataDir(dir: string, sink: LoadSink): number {
  const snapshotSeq = readSnapshotFile(path.join(dir, SNAPSHOT_FILE), sink);
  return readWalFile(path.join(dir, WAL_FILE), snapshotSeq, sink).seq;
}

/** The live log of an open database directory. */
export class Persistence {
  readonly snapshotPath: string;
  readonly walPath: string;
  private walFd: number | undefined;
  walBytes = 0;
  snapshotBytes = 0;

  constructor(readonly dir: string) {
    this.snapshotPath = path.join(dir, SNAPSHOT_FILE);
    this.walPath = path.join(dir, WAL_FILE);
  }

  /** Loads snapshot + log into the sink, repairs a torn tail, and opens the log for appending. */
  load(sink: LoadSink): LoadResult {
    fs.mkdirSync(this.dir, { recursive: true });
    const snapshotSeq = readSnapshotFile(this.snapshotPath, sink);
    this.snapshotBytes = fs.existsSync(this.snapshotPath) ? fs.statSync(this.snapshotPath).size : 0;
    const scan = readWalFile(this.walPath, snapshotSeq, sink);
    let tornBytes = 0;
    if (scan.validBytes < scan.totalBytes) {
      tornBytes = scan.totalBytes - scan.validBytes;
      fs.truncateSync(this.walPath, scan.validBytes);
    }
    this.walFd = fs.openSync(this.walPath, 'a');
    this.walBytes = scan.validBytes;
    if (scan.missingNewline) {
      writeAll(this.walFd, '\n');
      this.walBytes += 1;
    }
    return { seq: scan.seq, walBytes: this.walBytes, tornBytes };
  }

  /** Appends one committed batch; returns only once the bytes are handed to the OS. */
  append(seq: number, ops: readonly WriteOp[]): void {
    if (this.walFd === undefined) throw new Error('database log is not open');
    const encodedSets = new Map<Doc, unknown>();
    const line = `${JSON.stringify({ s: seq, o: ops.map((op) => encodeOp(op, encodedSets)) })}\n`;
    writeAll(this.walFd, line);
    this.walBytes += Buffer.byteLength(line);
  }

  /** Replaces the snapshot with the given state and empties the log. */
  compact(seq: number, collections: SnapshotCollection[]): void {
    this.snapshotBytes = writeSnapshotFile(this.snapshotPath, seq, collections);
    if (this.walFd !== undefined) fs.ftruncateSync(this.walFd, 0);
    else fs.writeFileSync(this.walPath, '');
    this.walBytes = 0;
  }

  close(): void {
    if (this.walFd !== undefined) fs.closeSync(this.walFd);
    this.walFd = undefined;
  }
}
