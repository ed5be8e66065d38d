/**
 * Local CloudBase document database for the emulator.
 *
 * Storage design (decided):
 *  - Documents live in memory (a Map per collection, hash indexes beside it); reads never touch the disk.
 *  - Every committed batch — an insert of many documents, a multi-document update, a transaction spanning several
 *    collections — is ONE JSON line appended synchronously to ONE write-ahead log for all collections, before the
 *    reply is sent. So a batch is atomic on disk and a kill -9 loses nothing that was acknowledged; a torn last
 *    line is ignored (and cut off) on reload.
 *  - The log is compacted into a snapshot (temp file + fsync + rename) when it outgrows the snapshot, on flush()
 *    and on close().
 *  - Not @seald-io/nedb: it persists each collection to its own file, so a transaction touching two collections
 *    could half-land after a kill -9, and it has no transactions or compound unique indexes to build on.
 *    tests/bench/nedb-vs-store.ts measures insert throughput of both.
 *
 * Collections: as on CloudBase they must exist before use; the ones declared in cloudfunctions/database/*.json
 * (passed as `collections`) are created on open, others via `database.addCollection` (db.createCollection()).
 * Anything else — including an insert — answers DATABASE_COLLECTION_NOT_EXIST like the real service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MingoError } from 'mingo/util';
import { Actions } from './actions';
import { cloneValue, isPlainObject, normalizeInput, type Doc } from './codec';
import { Collection, Engine } from './engine';
import { DbError } from './errors';
import type { IndexDefinition } from './keys';
import { Persistence, readDataDir, SNAPSHOT_FILE, WAL_FILE, writeSnapshotFile } from './persistence';
import { TransactionManager } from './transactions';

export { DbError } from './errors';
export { DataDirLockedError, dataDirHolder } from './dir-lock';
export type { DbErrorCode } from './errors';

export interface IndexSpec {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

/** One collection as declared in cloudfunctions/database/*.json. */
export interface CollectionSpec {
  name: string;
  indexes?: IndexSpec[];
}

export interface OpenOptions {
  /** Data directory; undefined = memory only. */
  dir?: string;
  collections?: CollectionSpec[];
  /** Open transactions are discarded after this long (default 30 000 ms). */
  transactionTimeoutMs?: number;
  /** Compact once the log exceeds max(this, snapshot size) bytes (default 16 MiB). */
  compactAfterBytes?: number;
}

const DEFAULT_TRANSACTION_TIMEOUT_MS = 30_000;
const DEFAULT_COMPACT_AFTER_BYTES = 16 * 1024 * 1024;
/**
 * A background compaction writes slices of COMPACTION_SLICE_MS once the database has had no request for
 * COMPACTION_IDLE_MS, and one slice every COMPACTION_BUSY_MS however busy it is: requests first, and a
 * compaction of 500,000 documents (~3 s of writing) no longer stops every request for its whole length.
 */
const COMPACTION_SLICE_MS = 5;
const COMPACTION_IDLE_MS = 5;
const COMPACTION_BUSY_MS = 50;

let requestCounter = 0;

function nextRequestId(): string {
  requestCounter = (requestCounter + 1) % 1_000_000_000;
  return `local-${Date.now().toString(36)}-${requestCounter.toString(36)}`;
}

function indexDefinitions(specs: CollectionSpec[]): Map<string, IndexDefinition[]> {
  const definitions = new Map<string, IndexDefinition[]>();
  for (const spec of specs) {
    const list = definitions.get(spec.name) ?? [];
    for (const index of spec.indexes ?? []) {
      const fields = Object.keys(index.keys);
      if (fields.length === 0) throw new Error(`集合 ${spec.name} 的索引 ${index.name} 没有字段`);
      if (fields.length === 1 && fields[0] === '_id') continue; // the primary key is always unique
      list.push({ name: index.name, fields, unique: index.unique === true });
    }
    definitions.set(spec.name, list);
  }
  return definitions;
}

export class LocalDatabase {
  private readonly actions: Actions;
  private closed = false;

  private constructor(
    private readonly engine: Engine,
    private readonly transactions: TransactionManager,
    private readonly persistence: Persistence | undefined,
    private readonly compactAfterBytes: number,
  ) {
    this.actions = new Actions(engine, transactions);
    engine.afterCommit = () => this.maybeCompact();
  }

  private lastRequestAt = 0;
  private readonly compactionWaiters: (() => void)[] = [];

  static async open(options: OpenOptions = {}): Promise<LocalDatabase> {
    const engine = new Engine(indexDefinitions(options.collections ?? []));
    const loaded = new Map<string, Collection>();
    let persistence: Persistence | undefined;
    if (options.dir !== undefined) {
      persistence = new Persistence(path.resolve(options.dir));
      engine.seq = persistence.load(Engine.loadSink(loaded)).seq;
    }
    let created: string[];
    try {
      created = engine.install(loaded);
    } catch (error) {
      persistence?.close();
      throw error;
    }
    engine.persistence = persistence;
    const transactions = new TransactionManager(engine, options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS);
    const database = new LocalDatabase(
      engine,
      transactions,
      persistence,
      options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES,
    );
    // Declared collections created just now must survive a restart even if the declaration goes away.
    if (created.length > 0 && persistence) {
      engine.seq++;
      persistence.append(
        engine.seq,
        created.map((coll) => ({ kind: 'create', coll })),
      );
    }
    // A log left aside by a background compaction that did not finish is folded in now.
    if (persistence?.previousLog) database.compact();
    else database.maybeCompact();
    return database;
  }

  /**
   * Handles one `database.*` action body exactly as the SDK posts it and returns the reply body it parses.
   * Never throws: failures become `{code, message, requestId}`.
   */
  async handle(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const requestId = nextRequestId();
    try {
      if (this.closed) throw new DbError('SYS_ERR', '数据库已关闭');
      this.lastRequestAt = performance.now();
      const data = this.actions.dispatch(action, isPlainObject(body) ? body : {});
      return { requestId, ...data };
    } catch (error) {
      return { ...toErrorReply(error), requestId };
    }
  }

  collectionNames(): string[] {
    return [...this.engine.collections.keys()].sort();
  }

  /** Inserts plain JS documents (Dates as Date) all-or-nothing; returns their ids. */
  async insertMany(collection: string, docs: object[]): Promise<string[]> {
    this.assertOpen();
    const copies = docs.map((doc) => normalizeInput(cloneValue(doc), Date.now()) as Doc);
    return this.actions.insertDocs(collection, copies).map((id) => String(id));
  }

  /** Documents matching a MongoDB-style query (plain JS values), as copies, in natural order. */
  async find(collection: string, query: object = {}): Promise<object[]> {
    this.assertOpen();
    const filter = normalizeInput(cloneValue(query), Date.now()) as Doc;
    return this.engine.select(collection, filter).map((doc) => cloneValue(doc));
  }

  /**
   * Applies MongoDB update operators (plain JS values) to every matching document, atomically; returns how many
   * changed. A test/CLI convenience, same semantics as `where(query).update()`.
   */
  async update(collection: string, query: object, modifier: object): Promise<number> {
    this.assertOpen();
    return this.actions.updateMatching(
      collection,
      normalizeInput(cloneValue(query), Date.now()) as Doc,
      normalizeInput(cloneValue(modifier), Date.now()) as Doc,
    );
  }

  /** Writes the whole database as a data directory (snapshot.jsonl) that importFrom() or open({dir}) can read. */
  async exportTo(dir: string): Promise<void> {
    this.assertOpen();
    const target = path.resolve(dir);
    if (this.persistence && target === this.persistence.dir) return this.flush();
    fs.mkdirSync(target, { recursive: true });
    writeSnapshotFile(path.join(target, SNAPSHOT_FILE), this.engine.seq, this.engine.snapshot());
    fs.writeFileSync(path.join(target, WAL_FILE), '');
  }

  /** Replaces all data with the contents of a data directory (as written by exportTo). Open transactions end. */
  async importFrom(dir: string): Promise<void> {
    this.assertOpen();
    const source = path.resolve(dir);
    if (!fs.existsSync(path.join(source, SNAPSHOT_FILE)) && !fs.existsSync(path.join(source, WAL_FILE))) {
      throw new Error(`${source} 不是数据库导出目录（缺少 ${SNAPSHOT_FILE}）`);
    }
    const loaded = new Map<string, Collection>();
    readDataDir(source, Engine.loadSink(loaded));
    this.replaceState(loaded);
  }

  /** Drops every document and every collection not declared in the specs. Open transactions end. */
  async reset(): Promise<void> {
    this.assertOpen();
    this.replaceState(new Map());
  }

  /** Compacts the log into the snapshot (everything acknowledged is already on disk). */
  async flush(): Promise<void> {
    const persistence = this.persistence;
    if (persistence && (persistence.walBytes > 0 || persistence.previousLog)) this.compact();
  }

  /** Resolves once no background compaction runs (tests, benches). */
  async compacted(): Promise<void> {
    while (this.persistence?.compacting) await new Promise<void>((resolve) => this.compactionWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.transactions.abortAll();
    await this.flush();
    this.persistence?.close();
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new DbError('SYS_ERR', '数据库已关闭');
  }

  private replaceState(collections: Map<string, Collection>): void {
    this.engine.install(collections); // throws before touching live state if the data breaks a unique index
    this.transactions.abortAll();
    this.engine.seq++;
    this.compact();
  }

  private compact(): void {
    this.persistence?.compact(this.engine.seq, this.engine.snapshot());
    this.compactionDone();
  }

  /** Once the log outgrows the snapshot: a background compaction, or at once if an earlier one left a log aside. */
  private maybeCompact(): void {
    const persistence = this.persistence;
    if (!persistence || persistence.compacting) return;
    if (persistence.walBytes <= Math.max(this.compactAfterBytes, persistence.snapshotBytes)) return;
    if (persistence.previousLog) return this.compact();
    persistence.startBackgroundCompaction(this.engine.seq, this.engine.snapshot());
    this.scheduleCompactionSlice(performance.now());
  }

  private scheduleCompactionSlice(lastSlice: number): void {
    const run = () => {
      const persistence = this.persistence;
      if (this.closed || !persistence?.compacting) return this.compactionDone();
      const now = performance.now();
      const idle = now - this.lastRequestAt;
      if (idle < COMPACTION_IDLE_MS && now - lastSlice < COMPACTION_BUSY_MS) {
        setTimeout(run, COMPACTION_IDLE_MS).unref();
        return;
      }
      let running: boolean;
      try {
        running = persistence.compactionStep(now + COMPACTION_SLICE_MS);
      } catch (error) {
        // Nothing is lost (the old snapshot and both logs hold it all); the next compaction runs at once.
        console.error(`数据库后台压缩失败：${error instanceof Error ? error.message : String(error)}`);
        running = false;
      }
      if (running) return this.scheduleCompactionSlice(performance.now());
      // The log may have outgrown the new snapshot meanwhile.
      this.maybeCompact();
      this.compactionDone();
    };
    setImmediate(run).unref();
  }

  private compactionDone(): void {
    for (const resolve of this.compactionWaiters.splice(0)) resolve();
  }
}

function toErrorReply(error: unknown): { code: string; message: string } {
  if (error instanceof DbError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  // mingo rejects unknown operators, conflicting update paths, bad projections/regexes: the request is at fault.
  if (error instanceof MingoError || error instanceof SyntaxError) {
    return { code: 'DATABASE_REQUEST_FAILED', message: `数据库请求失败：${message}` };
  }
  return { code: 'SYS_ERR', message: `内部错误：${message}` };
}
