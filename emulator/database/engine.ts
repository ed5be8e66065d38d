/**
 * The in-memory store: one Map per collection (insertion order = natural order, as MongoDB returns unsorted
 * results), hash indexes, per-document versions for optimistic transactions, and the single commit path that
 * checks unique indexes, logs the batch, then applies it — so a rejected batch leaves nothing behind.
 */
import { Query } from 'mingo';
import { compare, resolve } from 'mingo/util';
import { assertStorableDocument, cloneValue, isPlainObject, toStorageJson, type Doc } from './codec';
import { collectionNotExist, DbError } from './errors';
import { combinations, equalityConstraints, HashIndex, pathValues, valueKey, type IndexDefinition } from './keys';
import type { LoadSink, Persistence, SnapshotCollection, WriteOp } from './persistence';

/** `$where`/`$function` would run request-supplied code: never. */
export const MINGO_OPTIONS = { scriptEnabled: false, idKey: '_id' };

export type SortSpec = Record<string, 1 | -1>;

/**
 * Sorted results kept per collection: up to 32, of which at most 4 of more than 1,000 documents (a
 * large sort is what paging reuses; small ones are what concurrent searches and their counts reuse).
 */
const SORT_CACHE_SIZE = 32;
const SORT_CACHE_LARGE = 4;
const SORT_CACHE_SMALL_DOCS = 1000;
/** Index lookups of at least this many documents are kept (smaller ones are cheap to redo). */
const CANDIDATE_CACHE_MIN = 256;
const CANDIDATE_CACHE_SIZE = 8;

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
  sortCache: { filterKey: string; sortKey: string; writes: number; docs: Doc[] }[] = [];
  /**
   * Recent large index lookups in natural order, valid while `writes` is unchanged: a query pinning
   * `version` finds the same 10,000 rows each time, and gathering and ordering them cost more than
   * testing them.
   */
  candidateCache: { writes: number; lists: Map<string, CandidateList> } = { writes: 0, lists: new Map() };

  constructor(readonly name: string) {}
}

/** Substring searches of a kept lookup's column before its pair index is built (then, each is a lookup). */
export const PAIR_INDEX_AFTER = 4;
/** Columns with more text than this (UTF-16 units) are searched by scanning, never indexed. */
const PAIR_INDEX_MAX_TEXT = 2_000_000;

/**
 * Where each pair of adjacent characters occurs in a column: the positions whose string holds it, and
 * the positions holding something other than a string (which only mingo can judge), both ascending.
 */
export interface PairIndex {
  pairs: Map<string, number[]>;
  others: number[];
}

/**
 * A kept index lookup: its entries in natural order and, built on first use, columns of their values of
 * a top-level field, so that a filter tests a field of 10,000 rows in a loop over one array; and, for a
 * column searched for text again and again (a name search), an index of its character pairs.
 */
export class CandidateList implements Iterable<Entry> {
  private readonly columns = new Map<string, unknown[]>();
  private readonly pairIndexes = new Map<string, PairIndex | null>();
  private readonly searches = new Map<string, number>();

  constructor(readonly entries: Entry[]) {}

  [Symbol.iterator](): Iterator<Entry> {
    return this.entries[Symbol.iterator]();
  }

  column(field: string): unknown[] {
    let values = this.columns.get(field);
    if (!values) {
      values = this.entries.map((entry) => entry.doc[field]);
      this.columns.set(field, values);
    }
    return values;
  }

  /** The pair index of `field` once it has been searched PAIR_INDEX_AFTER times (null: too much text). */
  pairIndex(field: string): PairIndex | null | undefined {
    const known = this.pairIndexes.get(field);
    if (known !== undefined) return known;
    const searches = (this.searches.get(field) ?? 0) + 1;
    this.searches.set(field, searches);
    if (searches < PAIR_INDEX_AFTER) return undefined;
    const index = buildPairIndex(this.column(field));
    this.pairIndexes.set(field, index);
    return index;
  }
}

function buildPairIndex(values: unknown[]): PairIndex | null {
  let text = 0;
  for (const value of values) if (typeof value === 'string') text += value.length;
  if (text > PAIR_INDEX_MAX_TEXT) return null;
  const pairs = new Map<string, number[]>();
  const others: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'string') {
      others.push(i);
      continue;
    }
    for (let j = 0; j + 1 < value.length; j++) {
      const pair = value.slice(j, j + 2);
      const positions = pairs.get(pair);
      if (!positions) pairs.set(pair, [i]);
      else if (positions[positions.length - 1] !== i) positions.push(i);
    }
  }
  return { pairs, others };
}

/**
 * The positions that may hold `text` (2 characters or more): those whose string holds its rarest pair,
 * and those holding no string, in ascending order. A string without one of its pairs cannot hold it.
 */
function positionsMayHold(index: PairIndex, text: string): number[] {
  let rarest: number[] | undefined;
  for (let j = 0; j + 1 < text.length; j++) {
    const positions = index.pairs.get(text.slice(j, j + 2));
    if (!positions) return index.others;
    if (!rarest || positions.length < rarest.length) rarest = positions;
  }
  const a = rarest as number[];
  const b = index.others;
  if (b.length === 0) return a;
  const merged: number[] = [];
  let i = 0;
  let k = 0;
  while (i < a.length || k < b.length) merged.push(k >= b.length || (i < a.length && a[i] < b[k]) ? a[i++] : b[k++]);
  return merged;
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
      patch: (name, id, set) => {
        const entry = target.get(name)?.docs.get(valueKey(id));
        if (!entry) throw new Error(`数据库日志更新了不存在的文档（集合 ${name}，_id ${String(id)}）`);
        // As the update did it: the stored fields in place, each set one replaced or added at the end.
        const doc: Doc = { ...entry.doc };
        for (const field of Object.keys(set)) doc[field] = cloneValue(set[field]);
        entry.doc = doc;
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
    // Per collection and document: the only top-level fields its put may change (an update's hint).
    const hints = new Map<string, Map<string, ReadonlySet<string> | null>>();
    const creating = new Set<string>();
    for (const op of ops) {
      if (op.kind === 'create') {
        creating.add(op.coll);
        continue;
      }
      if (!this.collections.has(op.coll) && !creating.has(op.coll)) throw collectionNotExist(op.coll);
      let images = finalImages.get(op.coll);
      if (!images) finalImages.set(op.coll, (images = new Map()));
      let collectionHints = hints.get(op.coll);
      if (!collectionHints) hints.set(op.coll, (collectionHints = new Map()));
      if (op.kind === 'put') {
        assertStorableDocument(op.doc, op.coll, op.changed);
        const idKey = valueKey(op.doc._id);
        // A document written twice in one batch gets no hint: its final image is checked whole.
        collectionHints.set(idKey, !images.has(idKey) && op.changed ? op.changed : null);
        images.set(idKey, op.doc);
      } else {
        collectionHints.set(valueKey(op.id), null);
        images.set(valueKey(op.id), null);
      }
    }
    for (const [name, images] of finalImages) {
      const collection = this.collections.get(name);
      if (collection) this.checkUnique(collection, images, hints.get(name));
    }
    this.seq++;
    this.persistence?.append(this.seq, ops);
    for (const op of ops) this.apply(op);
    this.afterCommit();
  }

  /** Unique-index check of a batch's final images against committed data and each other. */
  checkUnique(
    collection: Collection,
    images: Map<string, Doc | null>,
    hints?: Map<string, ReadonlySet<string> | null>,
  ): void {
    for (const index of collection.indexes) {
      if (!index.unique) continue;
      // A document whose update leaves this index's fields alone keeps the keys it holds: nothing to check,
      // and whoever else in the batch takes one of them clashes with it.
      const keeps = (idKey: string) => {
        const changed = hints?.get(idKey);
        return !!changed && !touchesIndex(index, changed);
      };
      const pending = new Map<string, string>();
      for (const [idKey, doc] of images) {
        if (doc === null || keeps(idKey)) continue;
        for (const key of index.keysOf(doc)) {
          const other = pending.get(key);
          if (other !== undefined && other !== idKey)
            throw duplicateKeyError(collection.name, index.name, index.fields, doc);
          pending.set(key, idKey);
          const holder = index.holder(key);
          if (holder !== undefined && holder !== idKey && (!images.has(holder) || keeps(holder))) {
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
        if (old && op.changed && !touchesIndex(index, op.changed)) continue;
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
    const ids = pinned.get('_id');
    if (ids) return entriesInNaturalOrder(collection, new Set(ids.map((id) => valueKey(id))));
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
    const { index, combos } = best;
    const lookupKeys = combos.map((combo) => index.lookupKey(combo));
    const cacheKey = JSON.stringify([index.name, ...lookupKeys]);
    const cache = collection.candidateCache;
    if (cache.writes !== collection.writes) {
      cache.writes = collection.writes;
      cache.lists.clear();
    }
    const cached = cache.lists.get(cacheKey);
    if (cached) return cached;
    const found = new Set<string>();
    for (const key of lookupKeys) for (const idKey of index.lookup(key)) found.add(idKey);
    const entries = entriesInNaturalOrder(collection, found);
    if (entries.length < CANDIDATE_CACHE_MIN) return entries;
    if (cache.lists.size >= CANDIDATE_CACHE_SIZE) cache.lists.delete(cache.lists.keys().next().value as string);
    const list = new CandidateList(entries);
    cache.lists.set(cacheKey, list);
    return list;
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
      const { from, bisected } = keyset.start(sorted);
      for (let i = from; i < sorted.length && out.length < limit; i++) {
        // `sorted` holds only documents matching the rest of the filter, and past a bisected start every
        // keyed one is past the start bound: the end bound is all that is left to check.
        const matches = bisected && keyset.keyed(sorted[i]) ? !keyset.pastEnd(sorted[i]) : matcher!.test(sorted[i]);
        if (!matches) {
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
    const filterKey = filter ? filterCacheKey(filter) : '';
    const sortKey = JSON.stringify(sort);
    let cached = collection.sortCache.find(
      (c) => c.filterKey === filterKey && c.sortKey === sortKey && c.writes === collection.writes,
    );
    if (!cached) {
      // A count just before (an aggregation's $count, then its page) has matched the same filter.
      const counted = collection.sortCache.find(
        (c) => c.filterKey === filterKey && c.sortKey === UNSORTED && c.writes === collection.writes,
      );
      const matched =
        counted?.docs ??
        (filter ? this.matching(collection, filter, compileFilter(filter)) : this.matching(collection));
      cached = { filterKey, sortKey, writes: collection.writes, docs: sortDocuments(matched, sort) };
      keepSorted(collection, cached);
    }
    return cached.docs;
  }

  count(name: string, filter: Doc | undefined): number {
    const collection = this.require(name);
    if (filter === undefined || Object.keys(filter).length === 0) return collection.docs.size;
    // A page read just before (a list, then its total) has matched the same filter: count that.
    const filterKey = filterCacheKey(filter);
    const sorted = collection.sortCache.find((c) => c.filterKey === filterKey && c.writes === collection.writes);
    if (sorted) return sorted.docs.length;
    const matched = this.matching(collection, filter, matcherBeyondIds(filter));
    // Kept in natural order for the page that may follow (sortedMatches); not a large one, which would
    // push out the sorted results paging reuses.
    if (matched.length <= SORT_CACHE_SMALL_DOCS) {
      keepSorted(collection, { filterKey, sortKey: UNSORTED, writes: collection.writes, docs: matched });
    }
    return matched.length;
  }

  /** The documents `matcher` accepts among the candidates of `filter`, in natural order. */
  private matching(collection: Collection, filter?: Doc, matcher?: Matcher): Doc[] {
    const source = this.candidates(collection, filter);
    if (matcher?.matchList && source instanceof CandidateList) return matcher.matchList(source);
    const matched: Doc[] = [];
    for (const entry of source) if (!matcher || matcher.test(entry.doc)) matched.push(entry.doc);
    return matched;
  }

  /** Every collection's documents as they are now (stored documents are replaced on write, never changed). */
  snapshot(): SnapshotCollection[] {
    return [...this.collections.values()].map((collection) => ({
      name: collection.name,
      docs: Array.from(collection.docs.values(), (entry) => entry.doc),
    }));
  }
}

/** The sort key of matches kept in natural order (a count's), which any sort of the same filter starts from. */
const UNSORTED = '';

/** Keeps `entry` first among the collection's sorted results of its write, within the cache's bounds. */
function keepSorted(collection: Collection, entry: Collection['sortCache'][number]): void {
  let large = 0;
  collection.sortCache = [entry, ...collection.sortCache.filter((c) => c.writes === collection.writes)].filter(
    (c, i) => i < SORT_CACHE_SIZE && (c.docs.length <= SORT_CACHE_SMALL_DOCS || ++large <= SORT_CACHE_LARGE),
  );
}

/** The live entries of distinct `idKeys`, in creation order. */
function entriesInNaturalOrder(collection: Collection, idKeys: Set<string>): Entry[] {
  const entries: Entry[] = [];
  for (const idKey of idKeys) {
    const entry = collection.docs.get(idKey);
    if (entry) entries.push(entry);
  }
  return entries.length > 1 ? entries.sort((a, b) => a.n - b.n) : entries;
}

function filterCacheKey(filter: Doc): string {
  return JSON.stringify(toStorageJson(filter));
}

/** Whether an index reads any of the top-level `fields`. */
function touchesIndex(index: HashIndex, fields: ReadonlySet<string>): boolean {
  return index.paths.some((path) => fields.has(path[0]));
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
function matcherBeyondIds(filter: Doc): Matcher {
  const ids = filter._id;
  if (
    isPlainObject(ids) &&
    Object.keys(ids).length === 1 &&
    Array.isArray(ids.$in) &&
    equalityConstraints(filter).get('_id') === ids.$in
  ) {
    const { _id, ...rest } = filter;
    if (Object.keys(rest).length === 0) return { test: () => true };
    return compileFilter(rest);
  }
  return compileFilter(filter);
}

export interface Matcher {
  test(doc: Doc): boolean;
  /** The documents of `list` that `test` accepts, in its order (reading the tested fields' columns). */
  matchList?(list: CandidateList): Doc[];
}

/**
 * mingo's matcher for `filter`, except that top-level conditions that are a string (equality) or a
 * regular expression are checked here when the document holds a string in that field: mingo decides
 * those with `===` and `exec`, but through its path resolution and operator machinery, which cost ~1 µs
 * per document (a name search tests a regex on 10,000 rows). A document holding anything else there
 * (an array, a number, nothing) goes to mingo with the whole filter.
 */
export function compileFilter(filter: Doc): Matcher {
  const direct: { field: string; test: (value: string) => boolean; contains?: string }[] = [];
  const rest: Doc = {};
  for (const field of Object.keys(filter)) {
    const condition = filter[field];
    const test = field !== '' && !field.startsWith('$') && !field.includes('.') ? stringTest(condition) : undefined;
    if (test) direct.push({ field, ...test });
    else rest[field] = condition;
  }
  if (direct.length === 0) return new Query(filter, MINGO_OPTIONS);
  // Built now, so that an invalid filter fails at once as before.
  const restMatcher = Object.keys(rest).length > 0 ? new Query(rest, MINGO_OPTIONS) : undefined;
  let whole: Query | undefined;
  const mingoWhole = (doc: Doc) => (whole ??= new Query(filter, MINGO_OPTIONS)).test(doc);
  return {
    test(doc) {
      for (let i = 0; i < direct.length; i++) {
        const value = doc[direct[i].field];
        if (typeof value !== 'string') return mingoWhole(doc);
        if (!direct[i].test(value)) return false;
      }
      return restMatcher ? restMatcher.test(doc) : true;
    },
    matchList(list) {
      const columns = direct.map((condition) => list.column(condition.field));
      const tests = direct.map((condition) => condition.test);
      const { entries } = list;
      const out: Doc[] = [];
      // A substring search of a column searched often tests only the positions its pair index leaves.
      let positions: number[] | undefined;
      const search = direct.find((condition) => condition.contains !== undefined && condition.contains.length >= 2);
      const pairs = search ? list.pairIndex(search.field) : undefined;
      if (search && pairs) positions = positionsMayHold(pairs, search.contains as string);
      const count = positions ? positions.length : entries.length;
      next: for (let p = 0; p < count; p++) {
        const i = positions ? positions[p] : p;
        for (let k = 0; k < columns.length; k++) {
          const value = columns[k][i];
          if (typeof value !== 'string') {
            if (mingoWhole(entries[i].doc)) out.push(entries[i].doc);
            continue next;
          }
          if (!tests[k](value)) continue next;
        }
        if (!restMatcher || restMatcher.test(entries[i].doc)) out.push(entries[i].doc);
      }
      return out;
    },
  };
}

/**
 * How a condition tests a string value, if it is a plain string or regex (with the text it looks for
 * when it is a substring search); undefined otherwise.
 */
function stringTest(condition: unknown): { test: (value: string) => boolean; contains?: string } | undefined {
  if (typeof condition === 'string') return { test: (value) => value === condition };
  // A global or sticky regex keeps state between exec calls: mingo's results depend on it, so leave it to mingo.
  if (!(condition instanceof RegExp) || condition.global || condition.sticky) return undefined;
  // "Contains this text" (what an escaped search fragment is) is a substring search.
  const text = literalText(condition);
  if (text !== undefined) return { test: (value) => value.includes(text), contains: text };
  return { test: (value) => condition.test(value) };
}

/**
 * The text a regex matches when its source is literal characters and escaped punctuation only, with no
 * flag that changes how they match (i, u); undefined otherwise.
 */
export function literalText(re: RegExp): string | undefined {
  if (/[^ms]/.test(re.flags)) return undefined;
  const source = re.source;
  let text = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[++i];
      if (next === undefined || !'^$\\.*+?()[]{}|/-'.includes(next)) return undefined;
      text += next;
    } else if ('^$.*+?()[]{}|'.includes(ch)) {
      return undefined;
    } else {
      text += ch;
    }
  }
  return text;
}

/**
 * mingo's $sort order, computed the way mingo does it — stable passes from the last sort key to the first — but
 * when every value is a string, a number or a date, one native stable sort of positions by key (mingo hashes
 * every value: ~250 ms per sorted page at 100k; grouping equal keys in a Map first took 0.6 s for 200,000 _ids).
 */
export function sortDocuments(docs: Doc[], spec: SortSpec): Doc[] {
  let current = docs;
  for (const field of Object.keys(spec).reverse()) {
    const direction = spec[field] === -1 ? -1 : 1;
    // A missing field sorts as null (MongoDB treats them as equal; mingo alone would put missing first).
    const values = current.map((doc) => resolve(doc, field) ?? null);
    let keys: (string | number)[] | undefined;
    if (values.every((v) => typeof v === 'string')) keys = values as string[];
    else if (values.every((v) => typeof v === 'number' && !Number.isNaN(v))) keys = values as number[];
    else if (values.every((v) => v instanceof Date)) keys = (values as Date[]).map((d) => d.getTime());
    const positions = current.map((_, i) => i);
    if (keys) {
      const k = keys;
      // Array.prototype.sort is stable: equal keys keep their order (-0 and 0 are equal here, as in mingo).
      positions.sort((a, b) => (k[a] < k[b] ? -direction : k[a] > k[b] ? direction : 0));
    } else {
      positions.sort((a, b) => direction * compare(values[a], values[b]) || a - b);
    }
    const previous = current;
    current = positions.map((i) => previous[i]);
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

interface KeysetRange {
  /** The filter without the sort field's range. */
  rest: Doc;
  /**
   * Where the page starts in documents sorted by the field; `bisected` when found by binary search (every
   * present key of the bound's type), so every document from there on is past the start bound.
   */
  start(sorted: Doc[]): { from: number; bisected: boolean };
  /** Whether the document holds a key of the bound's type (not missing). */
  keyed(doc: Doc): boolean;
  pastEnd(doc: Doc): boolean;
}

/**
 * Recognises keyset paging: one sort field whose filter condition is only range operators on a
 * string, number or date. Returns the filter without that condition and how to find the page's start
 * in documents sorted by the field. Anything else → undefined (the general path handles it).
 */
function splitKeysetRange(filter: Doc, sort: SortSpec): KeysetRange | undefined {
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
  // The start takes one bound of its side: with both $gt and $gte (or $lt and $lte) only the matcher sees both.
  const oneBoundASide = !(('$gt' in bounds && '$gte' in bounds) || ('$lt' in bounds && '$lte' in bounds));
  const kind = typeof Object.values(bounds)[0];
  return {
    rest,
    keyed: (doc) => keyOf(doc) !== undefined,
    start(sorted) {
      if (startValue === undefined)
        return { from: 0, bisected: oneBoundASide && homogeneous(sorted, field, kind, keyOf) };
      // First position whose value is past the start bound, by binary search over comparable keys;
      // documents with other types of value are left to the matcher (it rejects them).
      let lo = 0;
      let hi = sorted.length;
      // Only valid when every present key has the bound's type (missing ones sort first ascending,
      // last descending); otherwise start at the top and let the matcher decide.
      if (!homogeneous(sorted, field, kind, keyOf)) return { from: 0, bisected: false };
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
      return { from: lo, bisected: oneBoundASide };
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
