/**
 * Value codecs. In memory a document is a plain JS object (numbers, strings, booleans, null, Date, RegExp, arrays,
 * nested objects; exotic BSON values such as ObjectId/Decimal128 stay bson class instances).
 *
 * - Requests arrive as canonical EJSON strings (bson 4 inside the SDK); read as bson's EJSON reads them in relaxed mode
 *   (parseEjsonText: JSON.parse, bson only for objects with a `$` key), then BSONRegExp → RegExp (mingo only
 *   understands RegExp) and `{$tcb_server_date:{offset}}` → server Date.
 * - Replies are canonical EJSON: int32 → $numberInt, every other number → $numberDouble (JS has one number type; the
 *   SDK parses both back to number), Date → $date/$numberLong.
 * - Storage lines are relaxed EJSON written and read by the hand-rolled walkers below: bson's EJSON.parse is ~4x slower
 *   than JSON.parse + walk, which would blow the "100k documents load in 1-2 s" budget.
 */
import { BSONRegExp, EJSON } from 'bson';
import { DbError } from './errors';

export type Doc = Record<string, unknown>;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Parses one EJSON request field (string as the SDK sends it, or an already-parsed object) into JS values. */
export function parseRequestEjson(raw: unknown, field: string, now: number): unknown {
  if (raw === undefined || raw === null) return undefined;
  let value: unknown;
  try {
    if (typeof raw === 'string') value = parseEjsonText(raw);
    else if (typeof raw === 'object') value = EJSON.deserialize(raw as Record<string, unknown>, { relaxed: true });
    else value = raw;
  } catch (error) {
    throw new DbError('INVALID_PARAM', `参数 ${field} 不是合法的 EJSON：${(error as Error).message}`);
  }
  return normalizeInput(value, now, field);
}

/**
 * `EJSON.parse(text, {relaxed: true})`, at JSON.parse's speed: bson's reviver runs for every key of every
 * document (~10 µs a notice document, most of the main thread when publish inserts 200,000). Only an object
 * with a `$` key can be an EJSON wrapper ($date, $oid, $numberLong, DBRef…), and bson reads each value
 * apart from its parent, so such an object is handed to bson whole (but for the few shapes commonWrapper
 * reads itself) and everything else stays as JSON.parse made it (tests/unit/emulator/database-codec.test.ts
 * compares the two on each wrapper and on random input).
 */
export function parseEjsonText(text: string): unknown {
  return reviveEjsonWrappers(JSON.parse(text));
}

function reviveEjsonWrappers(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveEjsonWrappers(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0].charCodeAt(0) === 0x24) {
    const read = commonWrapper(keys[0], object[keys[0]]);
    if (read !== UNREAD) return read;
  }
  for (const key of keys) if (key.charCodeAt(0) === 0x24) return EJSON.deserialize(object, { relaxed: true });
  for (const key of keys) {
    const child = object[key];
    const revived = reviveEjsonWrappers(child);
    // defineProperty: a "__proto__" member is an own property, as JSON.parse made it.
    if (revived !== child)
      Object.defineProperty(object, key, { value: revived, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

const UNREAD = Symbol('unread');
const INT32_TEXT = /^-?\d{1,10}$/;
const DATE_MS_TEXT = /^-?[1-9]\d{0,15}$|^0$/;
const MAX_DATE_MS = 8.64e15;

/** `{$numberInt: "…"}` of up to ten digits, as the number bson reads (with Number()); UNREAD for anything else. */
function int32Of(value: unknown): number | typeof UNREAD {
  if (!isPlainObject(value)) return UNREAD;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== '$numberInt') return UNREAD;
  const text = value.$numberInt;
  if (typeof text !== 'string' || !INT32_TEXT.test(text)) return UNREAD;
  // bson reads it with Number() too, in range or not.
  return Number(text);
}

/**
 * The one-key wrappers the SDK puts in nearly every write, read as bson's relaxed EJSON reads them but
 * without its generic walk (~2.5 µs each; a 200,000-notice publish sends 400,000 server dates): an int32,
 * a date in milliseconds, a server date with its offset. UNREAD for any other shape, which bson reads.
 */
function commonWrapper(key: string, inner: unknown): unknown {
  switch (key) {
    case '$numberInt':
      return int32Of({ $numberInt: inner });
    case '$date': {
      if (!isPlainObject(inner)) return UNREAD;
      const keys = Object.keys(inner);
      const text = inner.$numberLong;
      if (keys.length !== 1 || typeof text !== 'string' || !DATE_MS_TEXT.test(text)) return UNREAD;
      const ms = Number(text);
      return Math.abs(ms) <= MAX_DATE_MS ? new Date(ms) : UNREAD;
    }
    case '$tcb_server_date': {
      if (!isPlainObject(inner)) return UNREAD;
      const keys = Object.keys(inner);
      if (keys.length !== 1 || keys[0] !== 'offset') return UNREAD;
      const offset = inner.offset;
      if (typeof offset === 'number') return { $tcb_server_date: { offset } };
      const n = int32Of(offset);
      return n === UNREAD ? UNREAD : { $tcb_server_date: { offset: n } };
    }
    default:
      return UNREAD;
  }
}

/** BSONRegExp → RegExp and server-date placeholders → Date, recursively (mutates freshly parsed values). */
export function normalizeInput(value: unknown, now: number, field = 'value'): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new DbError('INVALID_PARAM', `参数 ${field} 含有无效日期`);
    return value;
  }
  if (value instanceof RegExp) return value;
  if (value instanceof BSONRegExp) return toRegExp(value.pattern, value.options, field);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalizeInput(value[i], now, field);
    return value;
  }
  if (!isPlainObject(value)) return value; // ObjectId, Decimal128, Binary…: kept as bson values
  const serverDate = value.$tcb_server_date;
  if (serverDate !== undefined && Object.keys(value).length === 1) {
    const offset = isPlainObject(serverDate) ? Number(serverDate.offset ?? 0) : 0;
    return new Date(now + (Number.isFinite(offset) ? offset : 0));
  }
  for (const key of Object.keys(value)) value[key] = normalizeInput(value[key], now, field);
  return value;
}

/** MongoDB regex options → JS flags. `x` (extended) has no JS flag, so its whitespace is stripped instead. */
export function toRegExp(pattern: string, options: string, field = 'value'): RegExp {
  let source = pattern;
  if (options.includes('x')) source = source.replace(/\\\s|\s+/g, (m) => (m.startsWith('\\') ? m : ''));
  const flags = [...new Set(options.split(''))].filter((f) => 'imsu'.includes(f)).join('');
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new DbError('INVALID_PARAM', `参数 ${field} 中的正则表达式无效：${(error as Error).message}`);
  }
}

function formatDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (Object.is(n, -0)) return '-0.0';
  const text = String(n);
  return Number.isInteger(n) && !/[e.]/.test(text) ? `${text}.0` : text;
}

function regexOptions(re: RegExp): string {
  return re.flags
    .split('')
    .filter((f) => 'imsu'.includes(f))
    .sort()
    .join('');
}

/** JS value → EJSON-shaped plain value; `relaxed` keeps finite numbers plain (storage), else canonical (replies). */
function toEjsonValue(value: unknown, relaxed: boolean): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (relaxed)
        return Number.isFinite(value) && !Object.is(value, -0) ? value : { $numberDouble: formatDouble(value) };
      return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0)
        ? { $numberInt: String(value) }
        : { $numberDouble: formatDouble(value) };
    case 'bigint':
      return { $numberLong: value.toString() };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((item) => toEjsonValue(item, relaxed));
      if (value instanceof Date) {
        const time = value.getTime();
        return Number.isNaN(time) ? null : { $date: { $numberLong: String(time) } };
      }
      if (value instanceof RegExp)
        return { $regularExpression: { pattern: value.source, options: regexOptions(value) } };
      if (isPlainObject(value)) {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value)) {
          const item = value[key];
          if (item !== undefined) out[key] = toEjsonValue(item, relaxed);
        }
        return out;
      }
      return EJSON.serialize(value, { relaxed: false });
    }
    default:
      return null; // undefined inside arrays, functions, symbols: JSON has no such values
  }
}

/** One document as the canonical EJSON string the SDK parses (`data.list` items). */
export function toCanonicalEjson(value: unknown): string {
  return JSON.stringify(toEjsonValue(value, false));
}

/** A value as relaxed EJSON (plain JSON-able), for storage lines. */
export function toStorageJson(value: unknown): unknown {
  return toEjsonValue(value, true);
}

/** Reverses toStorageJson on a JSON.parse result, in place (hot path when loading: keep it lean). */
export function fromStorageJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item !== null && typeof item === 'object') value[i] = fromStorageJson(item);
    }
    return value;
  }
  const obj = value as Record<string, unknown>;
  let first = true;
  for (const key in obj) {
    if (first) {
      if (key.charCodeAt(0) === 36 /* $ */) return fromStorageWrapper(obj);
      first = false;
    }
    const item = obj[key];
    if (item !== null && typeof item === 'object') obj[key] = fromStorageJson(item);
  }
  return obj;
}

function fromStorageWrapper(obj: Record<string, unknown>): unknown {
  if ('$date' in obj) {
    const date = obj.$date;
    if (isPlainObject(date)) return new Date(Number(date.$numberLong));
    return new Date(date as string | number);
  }
  if ('$numberDouble' in obj) return Number(obj.$numberDouble);
  if ('$regularExpression' in obj && isPlainObject(obj.$regularExpression)) {
    const re = obj.$regularExpression;
    return toRegExp(String(re.pattern), String(re.options ?? ''));
  }
  return normalizeInput(EJSON.deserialize(obj, { relaxed: true }), 0);
}

/** Rejects field names MongoDB refuses to store, so storage lines stay unambiguous EJSON. */
export function assertStorableDocument(doc: Doc, collection: string, only?: ReadonlySet<string>): void {
  // Only the fields an update changed, when it says which: the rest were checked when stored.
  const bad = findDollarKey(only ? pickFields(doc, only) : doc);
  if (bad !== undefined) throw new DbError('INVALID_PARAM', `集合 ${collection} 的文档字段名不能以 $ 开头：${bad}`);
}

/**
 * The top-level `fields` that `doc` holds, in the order of `fields` (so two picks compare key by key);
 * never `__proto__` (touchedFields leaves such updates out).
 */
export function pickFields(doc: Doc, fields: ReadonlySet<string>): Doc {
  const picked: Doc = {};
  for (const field of fields) if (Object.prototype.hasOwnProperty.call(doc, field)) picked[field] = doc[field];
  return picked;
}

function findDollarKey(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = findDollarKey(item);
      if (bad !== undefined) return bad;
    }
  } else if (isPlainObject(value)) {
    for (const key in value) {
      if (key.charCodeAt(0) === 36) return key;
      const bad = findDollarKey(value[key]);
      if (bad !== undefined) return `${key}.${bad}`;
    }
  }
  return undefined;
}

/** Deep copy that keeps Dates, RegExps and bson values (structuredClone would strip bson class prototypes). */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => cloneValue(item)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T;
  if (!isPlainObject(value)) return value; // bson values are immutable in practice
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cloneValue(value[key]);
  return out as T;
}
