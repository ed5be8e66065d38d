/**
 * Hash indexes: `_id` (the primary Map) and the declared single/compound indexes. Keys follow MongoDB's multikey
 * rules closely enough for both jobs they do here:
 *  - uniqueness: a document produces one key per array element (missing field = null, so two documents missing a
 *    uniquely indexed field collide, as on the real MongoDB-backed service);
 *  - lookups: an index lookup only yields *candidates*; every candidate is re-checked with mingo, so keys may
 *    over-approximate but must never miss a document mingo would match.
 */
import { isPlainObject, toStorageJson, type Doc } from './codec';

const TAG = '\u0001';
export const NULL_KEY = `${TAG}z`;
const EMPTY_ARRAY_KEY = `${TAG}e`;
const COMPOUND_SEPARATOR = '\u0002';
const EMPTY_ARRAY = Symbol('empty array');

/** Key of a value usable for equality lookups, or undefined if equality on it is not hash-indexable. */
export function scalarKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value.charCodeAt(0) === 1 ? `${TAG}s${value}` : value;
    case 'number':
      return `${TAG}n${value === 0 ? '0' : String(value)}`;
    case 'boolean':
      return value ? `${TAG}T` : `${TAG}F`;
    case 'undefined':
      return NULL_KEY;
    case 'object':
      if (value === null) return NULL_KEY;
      if (value instanceof Date) return `${TAG}d${value.getTime()}`;
      return undefined;
    default:
      return undefined;
  }
}

/** Key of any value (objects/arrays encoded in order, as MongoDB compares embedded documents). */
export function valueKey(value: unknown): string {
  return scalarKey(value) ?? `${TAG}o${JSON.stringify(toStorageJson(value))}`;
}

/** All values a dotted path reaches, expanding arrays like a MongoDB multikey index. */
export function pathValues(doc: Doc, segments: readonly string[]): unknown[] {
  const out: unknown[] = [];
  collect(doc, segments, 0, out);
  return out;
}

function collect(current: unknown, segments: readonly string[], i: number, out: unknown[]): void {
  if (i === segments.length) {
    if (Array.isArray(current)) {
      if (current.length === 0) out.push(EMPTY_ARRAY);
      else for (const item of current) out.push(item);
    } else {
      out.push(current);
    }
    return;
  }
  if (Array.isArray(current)) {
    const segment = segments[i];
    if (/^\d+$/.test(segment) && Number(segment) < current.length)
      collect(current[Number(segment)], segments, i + 1, out);
    for (const item of current) {
      if (isPlainObject(item)) collect(item, segments, i, out);
      else out.push(undefined);
    }
    if (current.length === 0) out.push(undefined);
    return;
  }
  if (isPlainObject(current)) collect(current[segments[i]], segments, i + 1, out);
  else out.push(undefined);
}

function leafKey(value: unknown): string {
  return value === EMPTY_ARRAY ? EMPTY_ARRAY_KEY : valueKey(value);
}

export interface IndexDefinition {
  name: string;
  fields: string[];
  unique: boolean;
}

export class HashIndex {
  readonly paths: string[][];
  /**
   * key → the id key holding it, or the set of id keys once a second document holds it (non-unique indexes):
   * most keys of an index such as ownerOpenid belong to one document, and a Set for each costs memory and time.
   */
  private readonly map = new Map<string, string | Set<string>>();

  constructor(readonly definition: IndexDefinition) {
    this.paths = definition.fields.map((field) => field.split('.'));
  }

  get name(): string {
    return this.definition.name;
  }

  get unique(): boolean {
    return this.definition.unique;
  }

  get fields(): string[] {
    return this.definition.fields;
  }

  keysOf(doc: Doc): string[] {
    // Fast path (the common case): top-level fields holding non-array values give exactly one key.
    let simple = '';
    for (let position = 0; position < this.paths.length; position++) {
      const path = this.paths[position];
      const value = path.length === 1 ? doc[path[0]] : undefined;
      if (path.length !== 1 || Array.isArray(value)) return this.multiKeysOf(doc);
      simple = position === 0 ? valueKey(value) : `${simple}${COMPOUND_SEPARATOR}${valueKey(value)}`;
    }
    return [simple];
  }

  private multiKeysOf(doc: Doc): string[] {
    let keys: string[] = [''];
    this.paths.forEach((path, position) => {
      const parts = new Set(pathValues(doc, path).map(leafKey));
      const next: string[] = [];
      for (const prefix of keys) {
        for (const part of parts) next.push(position === 0 ? part : `${prefix}${COMPOUND_SEPARATOR}${part}`);
      }
      keys = next;
    });
    return keys;
  }

  /** Key for one combination of looked-up values (one value per field, in field order). */
  lookupKey(values: readonly unknown[]): string {
    return values.map((value) => valueKey(value)).join(COMPOUND_SEPARATOR);
  }

  /** Adds a document's keys (from keysOf) for `id`. */
  add(id: string, keys: readonly string[]): void {
    for (const key of keys) {
      const existing = this.unique ? undefined : this.map.get(key);
      if (existing === undefined || existing === id) this.map.set(key, id);
      else if (typeof existing === 'string') this.map.set(key, new Set([existing, id]));
      else existing.add(id);
    }
  }

  remove(id: string, keys: readonly string[]): void {
    for (const key of keys) {
      const existing = this.map.get(key);
      if (existing === undefined) continue;
      if (typeof existing === 'string') {
        if (existing === id) this.map.delete(key);
      } else {
        existing.delete(id);
        if (existing.size === 0) this.map.delete(key);
      }
    }
  }

  /** The id holding a key in a unique index (undefined if free). */
  holder(key: string): string | undefined {
    const existing = this.map.get(key);
    if (existing === undefined) return undefined;
    return typeof existing === 'string' ? existing : existing.values().next().value;
  }

  lookup(key: string): Iterable<string> {
    const existing = this.map.get(key);
    if (existing === undefined) return [];
    return typeof existing === 'string' ? [existing] : existing;
  }

  clear(): void {
    this.map.clear();
  }
}

/** Values a query pins a top-level field to (`f: v`, `f: {$eq: v}`, `f: {$in: [...]}`, also inside `$and`). */
export function equalityConstraints(query: Doc, out = new Map<string, unknown[]>()): Map<string, unknown[]> {
  for (const field of Object.keys(query)) {
    const condition = query[field];
    if (field === '$and' && Array.isArray(condition)) {
      for (const sub of condition) if (isPlainObject(sub)) equalityConstraints(sub, out);
      continue;
    }
    if (field.startsWith('$')) continue;
    const values = eligibleValues(condition);
    if (values === undefined) continue;
    const previous = out.get(field);
    if (previous === undefined || values.length < previous.length) out.set(field, values);
  }
  return out;
}

function eligibleValues(condition: unknown): unknown[] | undefined {
  if (scalarKey(condition) !== undefined) return [condition];
  if (!isPlainObject(condition)) return undefined;
  const keys = Object.keys(condition);
  if (keys.length === 0 || !keys.every((key) => key.startsWith('$'))) return undefined;
  if ('$eq' in condition && scalarKey(condition.$eq) !== undefined) return [condition.$eq];
  const list = condition.$in;
  if (Array.isArray(list) && list.every((value) => scalarKey(value) !== undefined)) return list;
  return undefined;
}

/** Every combination of per-field values (cartesian product), or undefined if there would be too many. */
export function combinations(lists: readonly unknown[][], max = 1000): unknown[][] | undefined {
  let result: unknown[][] = [[]];
  for (const list of lists) {
    if (result.length * list.length > max) return undefined;
    const next: unknown[][] = [];
    for (const prefix of result) for (const value of list) next.push([...prefix, value]);
    result = next;
  }
  return result;
}
