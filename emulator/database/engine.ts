/**
 * The in-memory store: one Map per collection (insertion order = natural order, as MongoDB returns unsorted
 * results), hash indexes, per-document versions for optimistic transactions, and the single commit path that
 * checks unique indexes, logs the batch, then applies it — so a rejected batch leaves nothing behind.
 */
import { Query } from 'mingo';
import { compare, resolve } from 'mingo/util';
import { assertStorableDocument, isPlainObject, toStorageJson, type Doc } from './codec';
import { collectionNotExist, DbError } from './errors';
import { combinations, equalityConstraints, HashIndex, pathValues, valueKey, type IndexDefinition } from './keys';
import type { LoadSink, Persistence, SnapshotCollection, WriteOp } from './persistence';

/** `$where`/`$function` would run request-supplied code: never. */
export const MINGO_OPTIONS = { scriptEnabled: false, idKey: '_id' };

export type SortSpec = Record<string, 1 | -1>;

const SORT_CACHE_SIZE = 4;

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
  /** Committed writes so far; sorted results cached below are valid while it is unchanged. */
  writes = 0;
  /** Recent sorted query results: paging through a large collection sorts it once, not once per page. */
  sortCache: { key: string; writes: number; docs: Doc[] }[] = [];

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
    collection.writes++;
    if (op.kind === 'put') {
      const idKey = valueKey(op.doc._id);
      const old = collection.docs.get(idKey);
      collection.docs.set(idKey, { doc: op.doc, v: ++this.clock, n: old ? old.n : collection.nextN++ });
      collection.tombstones.delete(idKey);
      for (const index of collection.indexes) {
        const keys = index.keysOf(op.doc);
        if (old) {
          // Most updates leave most index keys as they were (a status change touches one index of four).
          const before = index.keysOf(old.doc);
          if (sameKeys(before, keys)) continue;
          index.remove(idKey, before);
        }
        index.add(idKey, keys);
      }
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
    const matcher = hasFilter ? matcherBeyondIds(filter!) : undefined;
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
    const keyset = hasFilter ? splitKeysetRange(filter!, options.sort) : undefined;
    if (keyset) {
      // Keyset paging (`_id > last ORDER BY _id`): sort what the rest of the filter matches once, then
      // binary-search each page's start, instead of a full scan and sort per page.
      const rest = Object.keys(keyset.rest).length ? keyset.rest : undefined;
      const sorted = this.sortedMatches(collection, rest, options.sort);
      const out: Doc[] = [];
      let skipped = 0;
      for (let i = keyset.startIndex(sorted); i < sorted.length && out.length < limit; i++) {
        if (!matcher!.test(sorted[i])) {
          if (keyset.pastEnd(sorted[i])) break;
          continue;
        }
        if (skipped < skip) {
          skipped++;
          continue;
        }
        out.push(sorted[i]);
      }
      return out;
    }
    const sorted = this.sortedMatches(collection, hasFilter ? filter : undefined, options.sort);
    return Number.isFinite(limit) ? sorted.slice(skip, skip + limit) : sorted.slice(skip);
  }

  /** The documents matching `filter` in `sort` order, cached until the collection's next write. */
  private sortedMatches(collection: Collection, filter: Doc | undefined, sort: SortSpec): Doc[] {
    const cacheKey = JSON.stringify([filter ? toStorageJson(filter) : null, sort]);
    let cached = collection.sortCache.find((c) => c.key === cacheKey && c.writes === collection.writes);
    if (!cached) {
      const matcher = filter ? new Query(filter, MINGO_OPTIONS) : undefined;
      const matched: Doc[] = [];
      for (const entry of this.candidates(collection, filter))
        if (!matcher || matcher.test(entry.doc)) matched.push(entry.doc);
      cached = { key: cacheKey, writes: collection.writes, docs: sortDocuments(matched, sort) };
      collection.sortCache = [cached, ...collection.sortCache.filter((c) => c.writes === collection.writes)].slice(
        0,
        SORT_CACHE_SIZE,
      );
    }
    return cached.docs;
  }

  count(name: string, filter: Doc | undefined): number {
    const collection = this.require(name);
    if (filter === undefined || Object.keys(filter).length === 0) return collection.docs.size;
    const matcher = matcherBeyondIds(filter);
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

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The matcher for the candidates of `filter`. When they were looked up by the filter's own top-level
 * `_id: {$in: [...]}` (candidates() takes the list by reference), each already has one of those ids, so
 * mingo need not check it again: its $in scans the list per document (1,000 × 1,000 comparisons for an
 * update of 1,000 ids, as a draw's status batches are), where the service uses the _id index.
 */
function matcherBeyondIds(filter: Doc): { test(doc: Doc): boolean } {
  const ids = filter._id;
  if (
    isPlainObject(ids) &&
    Object.keys(ids).length === 1 &&
    Array.isArray(ids.$in) &&
    equalityConstraints(filter).get('_id') === ids.$in
  ) {
    const { _id, ...rest } = filter;
    if (Object.keys(rest).length === 0) return { test: () => true };
    return new Query(rest, MINGO_OPTIONS);
  }
  return new Query(filter, MINGO_OPTIONS);
}

/**
 * mingo's $sort order, computed the way mingo does it — stable passes from the last sort key to the first, each
 * grouping documents by resolved value and ordering the distinct values — but with native Maps and native sorts
 * when every value is a string, a number or a date (mingo hashes every value: ~250 ms per sorted page at 100k).
 */
export function sortDocuments(docs: Doc[], spec: SortSpec): Doc[] {
  let current = docs;
  for (const field of Object.keys(spec).reverse()) {
    const descending = spec[field] === -1;
    // A missing field sorts as null (MongoDB treats them as equal; mingo alone would put missing first).
    const values = current.map((doc) => resolve(doc, field) ?? null);
    let keys: (string | number)[] | undefined;
    if (values.every((v) => typeof v === 'string')) keys = values as string[];
    else if (values.every((v) => typeof v === 'number' && !Number.isNaN(v))) keys = values as number[];
    else if (values.every((v) => v instanceof Date)) keys = (values as Date[]).map((d) => d.getTime());
    if (keys) {
      const groups = new Map<string | number, Doc[]>();
      keys.forEach((key, i) => {
        const group = groups.get(key);
        if (group) group.push(current[i]);
        else groups.set(key, [current[i]]);
      });
      const distinct = [...groups.keys()];
      const sorted =
        typeof distinct[0] === 'string'
          ? (distinct as string[]).sort()
          : Array.from(new Float64Array(distinct as number[]).sort());
      if (descending) sorted.reverse();
      current = sorted.flatMap((key) => groups.get(key) as Doc[]);
    } else {
      const direction = descending ? -1 : 1;
      const order = current.map((_, i) => i).sort((a, b) => direction * compare(values[a], values[b]) || a - b);
      const previous = current;
      current = order.map((i) => previous[i]);
    }
  }
  return current;
}

type Scalar = string | number;

const homogeneity = new WeakMap<Doc[], Map<string, boolean>>();

/** Whether every present key of `field` in this (cached, immutable) array has type `kind`; memoised. */
function homogeneous(sorted: Doc[], field: string, kind: string, keyOf: (doc: Doc) => Scalar | undefined): boolean {
  let known = homogeneity.get(sorted);
  if (!known) homogeneity.set(sorted, (known = new Map()));
  const memo = `${field}|${kind}`;
  let answer = known.get(memo);
  if (answer === undefined) {
    answer = sorted.every((doc) => {
      const k = keyOf(doc);
      return k === undefined || typeof k === kind;
    });
    known.set(memo, answer);
  }
  return answer;
}

function scalarOf(value: unknown): Scalar | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  if (value instanceof Date) return value.getTime();
  return undefined;
}

/**
 * Recognises keyset paging: one sort field whose filter condition is only range operators on a
 * string, number or date. Returns the filter without that condition and how to find the page's start
 * in documents sorted by the field. Anything else → undefined (the general path handles it).
 */
function splitKeysetRange(
  filter: Doc,
  sort: SortSpec,
): { rest: Doc; startIndex: (sorted: Doc[]) => number; pastEnd: (doc: Doc) => boolean } | undefined {
  const fields = Object.keys(sort);
  if (fields.length !== 1) return undefined;
  const field = fields[0];
  const condition = filter[field];
  if (!condition || typeof condition !== 'object' || condition instanceof Date || Array.isArray(condition))
    return undefined;
  const ops = Object.keys(condition as object);
  if (ops.length === 0 || !ops.every((op) => op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte'))
    return undefined;
  const bounds: Partial<Record<string, Scalar>> = {};
  for (const op of ops) {
    const v = scalarOf((condition as Record<string, unknown>)[op]);
    if (v === undefined) return undefined;
    bounds[op] = v;
  }
  const kinds = new Set(Object.values(bounds).map((v) => typeof v));
  if (kinds.size !== 1) return undefined;
  const rest = { ...filter };
  delete rest[field];
  const descending = sort[field] === -1;
  // The bound the walk starts from: the lower bound when ascending, the upper one when descending.
  const [startOp, startValue] = descending
    ? bounds.$lt !== undefined
      ? ['$lt', bounds.$lt]
      : ['$lte', bounds.$lte]
    : bounds.$gt !== undefined
      ? ['$gt', bounds.$gt]
      : ['$gte', bounds.$gte];
  const keyOf = (doc: Doc) => scalarOf(resolve(doc, field));
  const kind = typeof Object.values(bounds)[0];
  return {
    rest,
    startIndex(sorted) {
      if (startValue === undefined) return 0;
      // First position whose value is past the start bound, by binary search over comparable keys;
      // documents with other types of value are left to the matcher (it rejects them).
      let lo = 0;
      let hi = sorted.length;
      // Only valid when every present key has the bound's type (missing ones sort first ascending,
      // last descending); otherwise start at the top and let the matcher decide.
      if (!homogeneous(sorted, field, kind, keyOf)) return 0;
      const before = (k: Scalar | undefined) => {
        if (k === undefined) return !descending;
        if (descending) return startOp === '$lt' ? k >= startValue : k > startValue;
        return startOp === '$gt' ? k <= startValue : k < startValue;
      };
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(keyOf(sorted[mid]))) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    pastEnd(doc) {
      const k = keyOf(doc);
      if (k === undefined) return false;
      if (descending) {
        return (bounds.$gt !== undefined && k <= bounds.$gt) || (bounds.$gte !== undefined && k < bounds.$gte);
      }
      return (bounds.$lt !== undefined && k >= bounds.$lt) || (bounds.$lte !== undefined && k > bounds.$lte);
    },
  };
}
