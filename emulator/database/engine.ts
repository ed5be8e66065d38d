/**
 * The in-memory store: one Map per collection (insertion order = natural order, as MongoDB returns unsorted
 * results), hash indexes, per-document versions for optimistic transactions, and the single commit path that
 * checks unique indexes, logs the batch, then applies it — so a rejected batch leaves nothing behind.
 */
import { find as mingoFind, Query } from 'mingo';
import { assertStorableDocument, type Doc } from './codec';
import { collectionNotExist, DbError } from './errors';
import { combinations, equalityConstraints, HashIndex, pathValues, valueKey, type IndexDefinition } from './keys';
import type { LoadSink, Persistence, SnapshotCollection, WriteOp } from './persistence';

/** `$where`/`$function` would run request-supplied code: never. */
export const MINGO_OPTIONS = { scriptEnabled: false, idKey: '_id' };

export type SortSpec = Record<string, 1 | -1>;

export interface Entry {
  doc: Doc;
  /** Logical clock value of the last committed write (0 = loaded from disk, untouched since). */
  v: number;
  /** Creation order, to return index candidates in natural order. */
  n: number;
}

export class Collection {
  readonly docs = new Map<string, Entry>();
  /** Versions of deleted documents, kept only while transactions are open (they may have read them). */
  readonly tombstones = new Map<string, number>();
  indexes: HashIndex[] = [];
  nextN = 0;

  constructor(readonly name: string) {}
}

export interface SelectOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
}

export function duplicateKeyError(collection: string, index: string, fields: string[], doc: Doc): DbError {
  const dup = fields.map((field) => `${field}: ${JSON.stringify(pathValues(doc, field.split('.'))[0] ?? null)}`);
  return new DbError(
    'DATABASE_DUPLICATE_WRITE',
    `唯一索引冲突 (DATABASE_DUPLICATE_WRITE): E11000 duplicate key error collection: ${collection} index: ${index} dup key: { ${dup.join(', ')} }`,
  );
}

export class Engine {
  collections = new Map<string, Collection>();
  private readonly indexDefinitions = new Map<string, IndexDefinition[]>();
  private clock = 0;
  /** Sequence number of the last committed batch (persisted with each log line). */
  seq = 0;
  persistence: Persistence | undefined;
  /** Whether deletes must leave tombstones (true while a transaction is open). */
  keepTombstones: () => boolean = () => false;
  /** Called after each committed batch (compaction policy lives with the owner). */
  afterCommit: () => void = () => {};

  constructor(indexDefinitions: Map<string, IndexDefinition[]>) {
    this.indexDefinitions = indexDefinitions;
  }

  declaredCollections(): string[] {
    return [...this.indexDefinitions.keys()];
  }

  has(name: string): boolean {
    return this.collections.has(name);
  }

  require(name: string): Collection {
    const collection = this.collections.get(name);
    if (!collection) throw collectionNotExist(name);
    return collection;
  }

  versionOf(collection: Collection, idKey: string): number {
    return collection.docs.get(idKey)?.v ?? collection.tombstones.get(idKey) ?? 0;
  }

  clearTombstones(): void {
    for (const collection of this.collections.values()) collection.tombstones.clear();
  }

  // ---------------------------------------------------------------- loading

  /** A sink that fills `target` without index maintenance (indexes are built once, afterwards). */
  static loadSink(target: Map<string, Collection>): LoadSink {
    const ensure = (name: string): Collection => {
      let collection = target.get(name);
      if (!collection) {
        collection = new Collection(name);
        target.set(name, collection);
      }
      return collection;
    };
    return {
      create: (name) => void ensure(name),
      put: (name, doc) => {
        const collection = ensure(name);
        const idKey = valueKey(doc._id);
        const old = collection.docs.get(idKey);
        collection.docs.set(idKey, { doc, v: 0, n: old ? old.n : collection.nextN++ });
      },
      del: (name, id) => void target.get(name)?.docs.delete(valueKey(id)),
    };
  }

  /**
   * Makes `collections` the live state: adds declared collections that are missing, builds declared indexes
   * (throwing if existing data breaks a unique one — the real service refuses such an index too).
   * Returns the names of collections that had to be created.
   */
  install(collections: Map<string, Collection>): string[] {
    const created: string[] = [];
    for (const name of this.indexDefinitions.keys()) {
      if (!collections.has(name)) {
        collections.set(name, new Collection(name));
        created.push(name);
      }
    }
    for (const collection of collections.values()) this.buildIndexes(collection);
    this.collections = collections;
    return created;
  }

  private buildIndexes(collection: Collection): void {
    collection.indexes = (this.indexDefinitions.get(collection.name) ?? []).map((d) => new HashIndex(d));
    for (const index of collection.indexes) {
      for (const [idKey, entry] of collection.docs) {
        const keys = index.keysOf(entry.doc);
        if (index.unique) {
          for (const key of keys) {
            const holder = index.holder(key);
            if (holder !== undefined && holder !== idKey) {
              const error = duplicateKeyError(collection.name, index.name, index.fields, entry.doc);
              throw new DbError(error.code, `现有数据违反唯一索引，无法建立索引：${error.message}`);
            }
          }
        }
        index.add(idKey, keys);
      }
    }
  }

  // ---------------------------------------------------------------- writing

  /** Checks, logs and applies one atomic batch. Throws (and changes nothing) on any violation. */
  commit(ops: WriteOp[]): void {
    if (ops.length === 0) return;
    const finalImages = new Map<string, Map<string, Doc | null>>();
    const creating = new Set<string>();
    for (const op of ops) {
      if (op.kind === 'create') {
        creating.add(op.coll);
        continue;
      }
      if (!this.collections.has(op.coll) && !creating.has(op.coll)) throw collectionNotExist(op.coll);
      let images = finalImages.get(op.coll);
      if (!images) finalImages.set(op.coll, (images = new Map()));
      if (op.kind === 'put') {
        assertStorableDocument(op.doc, op.coll);
        images.set(valueKey(op.doc._id), op.doc);
      } else {
        images.set(valueKey(op.id), null);
      }
    }
    for (const [name, images] of finalImages) {
      const collection = this.collections.get(name);
      if (collection) this.checkUnique(collection, images);
    }
    this.seq++;
    this.persistence?.append(this.seq, ops);
    for (const op of ops) this.apply(op);
    this.afterCommit();
  }

  /** Unique-index check of a batch's final images against committed data and each other. */
  checkUnique(collection: Collection, images: Map<string, Doc | null>): void {
    for (const index of collection.indexes) {
      if (!index.unique) continue;
      const pending = new Map<string, string>();
      for (const [idKey, doc] of images) {
        if (doc === null) continue;
        for (const key of index.keysOf(doc)) {
          const other = pending.get(key);
          if (other !== undefined && other !== idKey)
            throw duplicateKeyError(collection.name, index.name, index.fields, doc);
          pending.set(key, idKey);
          const holder = index.holder(key);
          if (holder !== undefined && holder !== idKey && !images.has(holder)) {
            throw duplicateKeyError(collection.name, index.name, index.fields, doc);
          }
        }
      }
    }
  }

  private apply(op: WriteOp): void {
    if (op.kind === 'create') {
      if (!this.collections.has(op.coll)) {
        const collection = new Collection(op.coll);
        this.buildIndexes(collection);
        this.collections.set(op.coll, collection);
      }
      return;
    }
    const collection = this.collections.get(op.coll) as Collection;
    if (op.kind === 'put') {
      const idKey = valueKey(op.doc._id);
      const old = collection.docs.get(idKey);
      if (old) for (const index of collection.indexes) index.remove(idKey, index.keysOf(old.doc));
      collection.docs.set(idKey, { doc: op.doc, v: ++this.clock, n: old ? old.n : collection.nextN++ });
      collection.tombstones.delete(idKey);
      for (const index of collection.indexes) index.add(idKey, index.keysOf(op.doc));
    } else {
      const idKey = valueKey(op.id);
      const old = collection.docs.get(idKey);
      if (!old) return;
      for (const index of collection.indexes) index.remove(idKey, index.keysOf(old.doc));
      collection.docs.delete(idKey);
      if (this.keepTombstones()) collection.tombstones.set(idKey, ++this.clock);
    }
  }

  // ---------------------------------------------------------------- reading

  /** Entries that may match `filter`: an index lookup when an equality pins an indexed field, else all. */
  candidates(collection: Collection, filter: Doc | undefined): Iterable<Entry> {
    if (!filter) return collection.docs.values();
    const pinned = equalityConstraints(filter);
    if (pinned.size === 0) return collection.docs.values();
    let idKeys: Iterable<string> | undefined;
    const ids = pinned.get('_id');
    if (ids) {
      idKeys = ids.map((id) => valueKey(id));
    } else {
      let best: { index: HashIndex; combos: unknown[][] } | undefined;
      for (const index of collection.indexes) {
        const lists = index.fields.map((field) => pinned.get(field));
        if (lists.some((list) => list === undefined)) continue;
        const combos = combinations(lists as unknown[][]);
        if (!combos) continue;
        if (!best || combos.length < best.combos.length || (combos.length === best.combos.length && index.unique)) {
          best = { index, combos };
        }
      }
      if (!best) return collection.docs.values();
      const found = new Set<string>();
      for (const combo of best.combos)
        for (const idKey of best.index.lookup(best.index.lookupKey(combo))) found.add(idKey);
      idKeys = found;
    }
    const entries: Entry[] = [];
    const seen = new Set<string>();
    for (const idKey of idKeys) {
      if (seen.has(idKey)) continue;
      seen.add(idKey);
      const entry = collection.docs.get(idKey);
      if (entry) entries.push(entry);
    }
    return entries.length > 1 ? entries.sort((a, b) => a.n - b.n) : entries;
  }

  /** Matching documents (stored objects: callers must not mutate them) with sort/skip/limit. */
  select(name: string, filter: Doc | undefined, options: SelectOptions = {}): Doc[] {
    const collection = this.require(name);
    const hasFilter = filter !== undefined && Object.keys(filter).length > 0;
    const matcher = hasFilter ? new Query(filter, MINGO_OPTIONS) : undefined;
    const source = this.candidates(collection, hasFilter ? filter : undefined);
    const skip = options.skip ?? 0;
    const limit = options.limit ?? Infinity;
    if (limit <= 0) return [];
    if (!options.sort || Object.keys(options.sort).length === 0) {
      const out: Doc[] = [];
      let skipped = 0;
      for (const entry of source) {
        if (matcher && !matcher.test(entry.doc)) continue;
        if (skipped < skip) {
          skipped++;
          continue;
        }
        out.push(entry.doc);
        if (out.length >= limit) break;
      }
      return out;
    }
    const matched: Doc[] = [];
    for (const entry of source) if (!matcher || matcher.test(entry.doc)) matched.push(entry.doc);
    let cursor = mingoFind<Doc>(matched, {}, undefined, MINGO_OPTIONS).sort(options.sort);
    if (skip > 0) cursor = cursor.skip(skip);
    if (Number.isFinite(limit)) cursor = cursor.limit(limit);
    return cursor.all();
  }

  count(name: string, filter: Doc | undefined): number {
    const collection = this.require(name);
    if (filter === undefined || Object.keys(filter).length === 0) return collection.docs.size;
    const matcher = new Query(filter, MINGO_OPTIONS);
    let total = 0;
    for (const entry of this.candidates(collection, filter)) if (matcher.test(entry.doc)) total++;
    return total;
  }

  snapshot(): SnapshotCollection[] {
    return [...this.collections.values()].map((collection) => ({
      name: collection.name,
      docs: (function* () {
        for (const entry of collection.docs.values()) yield entry.doc;
      })(),
    }));
  }
}
