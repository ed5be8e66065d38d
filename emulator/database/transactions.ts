/**
 * Optimistic transactions. A transaction sees committed data as of its first access to each document, plus its
 * own buffered writes; nothing reaches the store before commit. Commit re-checks the version of every document
 * the transaction read or wrote; any change since first access → DATABASE_TRANSACTION_CONFLICT and the
 * transaction is dropped (the SDK's runTransaction then re-runs the callback in a new transaction, without
 * aborting the old one — so the server must forget it). Abort and timeout discard everything.
 */
import { randomBytes } from 'node:crypto';
import type { Doc } from './codec';
import type { Collection, Engine } from './engine';
import { DbError } from './errors';
import { valueKey } from './keys';
import type { WriteOp } from './persistence';

interface Access {
  version: number;
  doc: Doc | null;
}

interface BufferedWrite {
  coll: string;
  id: unknown;
  idKey: string;
  doc: Doc | null;
}

export class Transaction {
  /** First-access versions and documents, keyed by collection + "\0" + id key. */
  readonly accessed = new Map<string, Access>();
  readonly writes = new Map<string, BufferedWrite>();
  timer: NodeJS.Timeout | undefined;

  constructor(readonly id: string) {}
}

export class TransactionManager {
  private readonly active = new Map<string, Transaction>();

  constructor(
    private readonly engine: Engine,
    private readonly timeoutMs: number,
  ) {
    engine.keepTombstones = () => this.active.size > 0;
  }

  get size(): number {
    return this.active.size;
  }

  start(): string {
    const id = `tx_${randomBytes(12).toString('hex')}`;
    const transaction = new Transaction(id);
    transaction.timer = setTimeout(() => this.drop(id), this.timeoutMs);
    transaction.timer.unref();
    this.active.set(id, transaction);
    return id;
  }

  get(id: unknown): Transaction {
    const transaction = typeof id === 'string' ? this.active.get(id) : undefined;
    if (!transaction) {
      throw new DbError(
        'DATABASE_TRANSACTION_FAIL',
        `事务 ${String(id)} 不存在、已结束或已超时 (transaction not found)`,
      );
    }
    return transaction;
  }

  /** The document as this transaction sees it (null if absent); the first access pins its version. */
  read(transaction: Transaction, collection: Collection, id: unknown): Doc | null {
    const idKey = valueKey(id);
    const key = `${collection.name}\u0000${idKey}`;
    const own = transaction.writes.get(key);
    if (own) return own.doc;
    let access = transaction.accessed.get(key);
    if (!access) {
      access = { version: this.engine.versionOf(collection, idKey), doc: collection.docs.get(idKey)?.doc ?? null };
      transaction.accessed.set(key, access);
    }
    return access.doc;
  }

  /**
   * Buffers a write (doc = new image, null = delete). Unique indexes are checked now (early error, as MongoDB
   * reports it inside the transaction) and again at commit against whatever is committed by then.
   */
  write(transaction: Transaction, collection: Collection, id: unknown, doc: Doc | null): void {
    this.read(transaction, collection, id);
    const idKey = valueKey(id);
    const key = `${collection.name}\u0000${idKey}`;
    const previous = transaction.writes.get(key);
    transaction.writes.set(key, { coll: collection.name, id, idKey, doc });
    try {
      this.engine.checkUnique(collection, this.imagesFor(transaction, collection.name));
    } catch (error) {
      if (previous) transaction.writes.set(key, previous);
      else transaction.writes.delete(key);
      // A duplicate that only exists because another writer committed after this transaction read its
      // documents is a write conflict (as MongoDB reports it), so runTransaction retries on fresh data.
      if (error instanceof DbError && error.code === 'DATABASE_DUPLICATE_WRITE') this.assertCurrent(transaction);
      throw error;
    }
  }

  /** Throws DATABASE_TRANSACTION_CONFLICT when a document the transaction read or wrote has changed since. */
  private assertCurrent(transaction: Transaction): void {
    for (const [key, access] of transaction.accessed) {
      const split = key.indexOf('\u0000');
      const collection = this.engine.collections.get(key.slice(0, split));
      const current = collection ? this.engine.versionOf(collection, key.slice(split + 1)) : -1;
      if (current !== access.version) {
        throw new DbError(
          'DATABASE_TRANSACTION_CONFLICT',
          '事务冲突：事务读取或写入的文档已被其他操作修改 (database transaction conflict)',
        );
      }
    }
  }

  commit(id: unknown): void {
    const transaction = this.get(id);
    // Dropped only after validation: dropping the last open transaction clears the tombstones it relies on.
    try {
      this.assertCurrent(transaction);
      const ops: WriteOp[] = [];
      for (const write of transaction.writes.values()) {
        ops.push(
          write.doc
            ? { kind: 'put', coll: write.coll, doc: write.doc }
            : { kind: 'del', coll: write.coll, id: write.id },
        );
      }
      this.engine.commit(ops);
    } finally {
      this.drop(transaction.id);
    }
  }

  abort(id: unknown): void {
    this.drop(this.get(id).id);
  }

  abortAll(): void {
    for (const id of [...this.active.keys()]) this.drop(id);
  }

  private imagesFor(transaction: Transaction, coll: string): Map<string, Doc | null> {
    const images = new Map<string, Doc | null>();
    for (const write of transaction.writes.values()) if (write.coll === coll) images.set(write.idKey, write.doc);
    return images;
  }

  private drop(id: string): void {
    const transaction = this.active.get(id);
    if (!transaction) return;
    clearTimeout(transaction.timer);
    this.active.delete(id);
    if (this.active.size === 0) this.engine.clearTombstones();
  }
}
