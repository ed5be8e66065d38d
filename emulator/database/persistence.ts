/**
 * On-disk format (decided; see README.md beside this file):
 *
 *   <dir>/wal.jsonl        append-only write-ahead log, ONE line per committed batch for ALL collections:
 *                          {"s":<seq>,"o":[["p",coll,doc] | ["u",coll,id,set] | ["d",coll,id] | ["c",coll], …]}
 *                          ("u": the stored document with the top-level fields of `set` replaced or added)
 *   <dir>/snapshot.jsonl   compacted state: a header line {"format","version","seq","collections"} then
 *                          [coll, [doc, …]] lines of up to 1000 documents; written to a temp file, fsynced, renamed.
 *   <dir>/wal.prev.jsonl   while a compaction runs in the background: the log it folds into the next snapshot
 *                          (new batches go to a fresh wal.jsonl); removed once that snapshot is in place.
 *
 * Why: a batch (an insert of many documents, a multi update, a transaction touching several collections) is one
 * line, so it lands on disk entirely or not at all. Every batch is written with a synchronous write() before the
 * reply is sent, so a kill -9 loses nothing acknowledged (the OS keeps the page cache). A torn last line (crash in
 * the middle of a write) is ignored and cut off on reload. Compaction writes the snapshot and then empties the
 * log; log batches whose seq the snapshot already covers are skipped, so a crash between the two steps is safe.
 * A background compaction first moves the log aside (wal.prev.jsonl) and writes the snapshot of that moment a
 * slice at a time while new batches go to a fresh log: a crash at any point leaves the old snapshot, the moved
 * log and the new one, which reload in seq order (a moved log left beside a newer snapshot is skipped).
 * Values are relaxed EJSON so Dates (and NaN, -0, regexes) round-trip. An update that sets top-level fields logs
 * only those: a draw's status update of 200,000 applications otherwise writes every field of every one, and the
 * compaction the log's growth brings on rewrites the whole database again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromStorageJson, isPlainObject, toStorageJson, type Doc } from './codec';
import { lockDataDir } from './dir-lock';

export const SNAPSHOT_FILE = 'snapshot.jsonl';
export const WAL_FILE = 'wal.jsonl';
export const PREVIOUS_WAL_FILE = 'wal.prev.jsonl';
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
  /** The documents at the snapshot's seq (stored documents are never changed in place, so these stay so). */
  docs: readonly Doc[];
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

/**
 * Writes all of `text`; returns its length in bytes. The string goes to write() as it is (a Buffer of it first
 * took a third more time, the snapshot's lines being half a megabyte); a short write goes on from a Buffer.
 */
function writeAll(fd: number, text: string): number {
  const written = fs.writeSync(fd, text);
  const length = Buffer.byteLength(text);
  if (written < length) {
    const buffer = Buffer.from(text, 'utf8');
    let offset = written;
    while (offset < length) offset += fs.writeSync(fd, buffer, offset, length - offset);
  }
  return length;
}

/**
 * Writes a snapshot file atomically (temp file + fsync + rename), all at once or a slice at a time (`step`):
 * the documents are those of the moment it was made, so writes may go on between the slices.
 */
export class SnapshotWriter {
  private readonly temp: string;
  private fd: number | undefined;
  /** The current line's documents, converted: one JSON.stringify of the line's array (per document and joined, twice the time). */
  private group: unknown[] = [];
  private bytes = 0;
  private collection = 0;
  private doc = 0;

  constructor(
    private readonly file: string,
    seq: number,
    private readonly collections: readonly SnapshotCollection[],
  ) {
    this.temp = `${file}.tmp`;
    this.fd = fs.openSync(this.temp, 'w');
    const header = { format: FORMAT, version: VERSION, seq, collections: collections.map((c) => c.name) };
    try {
      this.write(`${JSON.stringify(header)}\n`);
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Writes documents until `deadline` (performance.now()) has passed; true once every one is written. */
  step(deadline = Infinity): boolean {
    try {
      while (this.collection < this.collections.length) {
        const { name, docs } = this.collections[this.collection];
        while (this.doc < docs.length) {
          this.group.push(toStorageJson(docs[this.doc++]));
          if (this.group.length === SNAPSHOT_DOCS_PER_LINE) {
            this.writeGroup(name);
            if (performance.now() > deadline) return false;
          }
        }
        this.writeGroup(name);
        this.collection++;
        this.doc = 0;
      }
      return true;
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** After the last step: syncs and puts the file in place; returns its size in bytes. */
  finish(): number {
    const fd = this.fd as number;
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
      this.fd = undefined;
    }
    fs.renameSync(this.temp, this.file);
    return this.bytes;
  }

  /** Stops without touching the snapshot in place. */
  abort(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
    fs.rmSync(this.temp, { force: true });
  }

  private writeGroup(name: string): void {
    if (this.group.length === 0) return;
    this.write(`[${JSON.stringify(name)},${JSON.stringify(this.group)}]\n`);
    this.group = [];
  }

  private write(text: string): void {
    this.bytes += writeAll(this.fd as number, text);
  }
}

/** Writes a complete snapshot file atomically; returns its size in bytes. */
export function writeSnapshotFile(file: string, seq: number, collections: readonly SnapshotCollection[]): number {
  const writer = new SnapshotWriter(file, seq, collections);
  writer.step();
  return writer.finish();
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

/** Reads a data directory (snapshot + logs) without modifying it. */
export function readDataDir(dir: string, sink: LoadSink): number {
  const snapshotSeq = readSnapshotFile(path.join(dir, SNAPSHOT_FILE), sink);
  const previous = readWalFile(path.join(dir, PREVIOUS_WAL_FILE), snapshotSeq, sink).seq;
  return Math.max(previous, readWalFile(path.join(dir, WAL_FILE), snapshotSeq, sink).seq);
}

/** The live log of an open database directory. */
export class Persistence {
  readonly snapshotPath: string;
  readonly walPath: string;
  readonly previousWalPath: string;
  private walFd: number | undefined;
  walBytes = 0;
  snapshotBytes = 0;
  /** A log moved aside is on disk: a background compaction runs, or one was stopped before it finished. */
  previousLog = false;
  private background: SnapshotWriter | null = null;
  private unlock: (() => void) | undefined;

  constructor(readonly dir: string) {
    this.snapshotPath = path.join(dir, SNAPSHOT_FILE);
    this.walPath = path.join(dir, WAL_FILE);
    this.previousWalPath = path.join(dir, PREVIOUS_WAL_FILE);
  }

  get compacting(): boolean {
    return this.background !== null;
  }

  /**
   * Takes the directory's lock (dir-lock.ts), loads snapshot + log into the sink, repairs a torn tail, and
   * opens the log for appending.
   */
  load(sink: LoadSink): LoadResult {
    fs.mkdirSync(this.dir, { recursive: true });
    this.unlock = lockDataDir(this.dir);
    try {
      return this.loadLocked(sink);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  private loadLocked(sink: LoadSink): LoadResult {
    const snapshotSeq = readSnapshotFile(this.snapshotPath, sink);
    this.snapshotBytes = fs.existsSync(this.snapshotPath) ? fs.statSync(this.snapshotPath).size : 0;
    // A background compaction's moved log: complete (it was closed before a line went elsewhere), older than the log.
    this.previousLog = fs.existsSync(this.previousWalPath);
    const previousSeq = readWalFile(this.previousWalPath, snapshotSeq, sink).seq;
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
    return { seq: Math.max(previousSeq, scan.seq), walBytes: this.walBytes, tornBytes };
  }

  /** Appends one committed batch; returns only once the bytes are handed to the OS. */
  append(seq: number, ops: readonly WriteOp[]): void {
    if (this.walFd === undefined) throw new Error('database log is not open');
    const encodedSets = new Map<Doc, unknown>();
    const line = `${JSON.stringify({ s: seq, o: ops.map((op) => encodeOp(op, encodedSets)) })}\n`;
    this.walBytes += writeAll(this.walFd, line);
  }

  /** Replaces the snapshot with the given state and empties the logs (a background compaction stops). */
  compact(seq: number, collections: SnapshotCollection[]): void {
    this.stopBackground();
    this.snapshotBytes = writeSnapshotFile(this.snapshotPath, seq, collections);
    if (this.walFd !== undefined) fs.ftruncateSync(this.walFd, 0);
    else fs.writeFileSync(this.walPath, '');
    this.walBytes = 0;
    this.removePreviousLog();
  }

  /**
   * Starts writing the snapshot of `collections` (the state at `seq`, every batch of the log) in the background:
   * the log moves aside and later batches go to a fresh one. Only while no log is aside (`previousLog`).
   */
  startBackgroundCompaction(seq: number, collections: SnapshotCollection[]): void {
    if (this.walFd === undefined) throw new Error('database log is not open');
    if (this.previousLog) throw new Error('a previous log is still aside');
    // The temp file first: if it cannot be made, nothing has moved.
    const writer = new SnapshotWriter(this.snapshotPath, seq, collections);
    fs.closeSync(this.walFd);
    this.walFd = undefined;
    fs.renameSync(this.walPath, this.previousWalPath);
    this.previousLog = true;
    this.walFd = fs.openSync(this.walPath, 'a');
    this.walBytes = 0;
    this.background = writer;
  }

  /**
   * One slice of the background compaction, until `deadline` (performance.now()); once the snapshot is written it
   * is put in place and the moved log removed. Returns whether the compaction still runs.
   */
  compactionStep(deadline: number): boolean {
    const writer = this.background;
    if (!writer) return false;
    try {
      if (!writer.step(deadline)) return true;
      this.snapshotBytes = writer.finish();
    } catch (error) {
      // The old snapshot and both logs hold everything: the next compaction folds them (synchronously).
      this.background = null;
      throw error;
    }
    this.background = null;
    this.removePreviousLog();
    return false;
  }

  close(): void {
    this.stopBackground();
    if (this.walFd !== undefined) fs.closeSync(this.walFd);
    this.walFd = undefined;
    this.unlock?.();
    this.unlock = undefined;
  }

  /** The moved log is folded into the snapshot in place: it goes. */
  private removePreviousLog(): void {
    fs.rmSync(this.previousWalPath, { force: true });
    this.previousLog = false;
  }

  private stopBackground(): void {
    this.background?.abort();
    this.background = null;
  }
}
