/**
 * The `database.*` actions exactly as wx-server-sdk 4.0.2 (@cloudbase/database 1.4.3) posts them, answered with
 * the reply shapes it parses (see ../shared/design/cloudbase-protocol/README.md beside this repository).
 */
import { randomBytes } from 'node:crypto';
import { update as mingoUpdate, updateMany as mingoUpdateMany } from 'mingo';
import {
  cloneValue,
  isPlainObject,
  parseRequestEjson,
  pickFields,
  toCanonicalEjson,
  toStorageJson,
  type Doc,
} from './codec';
import { PipelineRunner } from './aggregate';
import { project } from './projection';
import { MINGO_OPTIONS, type Engine, type SortSpec } from './engine';
import { DbError } from './errors';
import { valueKey } from './keys';
import type { WriteOp } from './persistence';
import type { TransactionManager } from './transactions';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** The service returns 20 aggregation results when the pipeline has no $limit (a known platform behaviour). */
export const AGGREGATE_DEFAULT_LIMIT = 20;

type Body = Record<string, unknown>;
type ReplyData = Record<string, unknown>;

let idCounter = randomBytes(3).readUIntBE(0, 3);

/**
 * A new document id shaped like CloudBase's: 32 hex chars, random prefix, seconds timestamp in the middle,
 * then a counter and randomness (unique within the process, unguessable enough for local use).
 */
/** Random bytes drawn 4 KB at a time: one randomBytes call per id cost ~5 µs, a second per 200,000 inserts. */
let randomPool = Buffer.alloc(0);
let randomAt = 0;
function randomHex(bytes: number): string {
  if (randomAt + bytes > randomPool.length) {
    randomPool = randomBytes(4096);
    randomAt = 0;
  }
  randomAt += bytes;
  return randomPool.toString('hex', randomAt - bytes, randomAt);
}

export function generateId(): string {
  idCounter = (idCounter + 1) & 0xffffff;
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${randomHex(4)}${seconds}${idCounter.toString(16).padStart(6, '0')}${randomHex(5)}`;
}

function invalid(message: string): DbError {
  return new DbError('INVALID_PARAM', message);
}

function isOperatorObject(value: Doc): boolean {
  const keys = Object.keys(value);
  const operators = keys.filter((key) => key.startsWith('$')).length;
  if (operators > 0 && operators < keys.length) throw invalid('更新数据不能同时包含操作符和普通字段');
  return operators > 0;
}

const DIFFERENT = 0;
const SAME = 1;
const UNSURE = 2;

/**
 * Compares the values stored documents hold (strings, numbers, booleans, dates, arrays, plain objects)
 * as their storage JSON would, without building it; UNSURE for anything else (undefined, bson values,
 * type changes), which the caller then compares as JSON.
 */
function compareStored(a: unknown, b: unknown): number {
  const type = typeof a;
  if (type !== typeof b) return UNSURE;
  if (type === 'string' || type === 'boolean' || type === 'bigint') return a === b ? SAME : DIFFERENT;
  if (type === 'number') return Object.is(a, b) ? SAME : DIFFERENT; // -0 is stored apart from 0
  if (type !== 'object' || a === null || b === null) return a === b && a === null ? SAME : UNSURE;
  if (a instanceof Date && b instanceof Date) return Object.is(a.getTime(), b.getTime()) ? SAME : DIFFERENT;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return DIFFERENT;
    let verdict = SAME;
    for (let i = 0; i < a.length; i++) {
      const item = compareStored(a[i], b[i]);
      if (item === UNSURE) return UNSURE;
      if (item === DIFFERENT) verdict = DIFFERENT;
    }
    return verdict;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    const other = Object.keys(b);
    if (keys.length !== other.length) return UNSURE; // an undefined value is not stored: let JSON decide
    let verdict = SAME;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== other[i]) return UNSURE;
      const item = compareStored(a[keys[i]], b[keys[i]]);
      if (item === UNSURE) return UNSURE;
      if (item === DIFFERENT) verdict = DIFFERENT;
    }
    return verdict;
  }
  return UNSURE;
}

/** Whether an update left a document as it was (MongoDB's nModified counts only changed ones). */
function sameDocument(a: Doc, b: Doc): boolean {
  const verdict = compareStored(a, b);
  if (verdict !== UNSURE) return verdict === SAME;
  return JSON.stringify(toStorageJson(a)) === JSON.stringify(toStorageJson(b));
}

/** The update operators whose writes stay on the paths they name ($rename: also on the path it names as the value). */
const PATH_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$rename',
  '$currentDate',
]);

/**
 * The top-level fields an update modifier can change, or null when that cannot be told from its paths. Only
 * these need copying before the update and comparing after it: a status update of 1,000 applications
 * otherwise deep-copies and compares every field of every one.
 */
function touchedFields(modifier: Doc): Set<string> | null {
  const fields = new Set<string>();
  for (const operator of Object.keys(modifier)) {
    const spec = modifier[operator];
    if (!PATH_OPERATORS.has(operator) || !isPlainObject(spec)) return null;
    for (const path of Object.keys(spec)) {
      fields.add(path.split('.')[0]);
      if (operator === '$rename') {
        const target = spec[path];
        if (typeof target !== 'string') return null;
        fields.add(target.split('.')[0]);
      }
    }
  }
  // A field named __proto__ cannot be copied by assignment: leave such updates to the whole-document path.
  return fields.has('__proto__') ? null : fields;
}

/** The fields of a modifier that is one `$set` of top-level fields (no dotted or positional path), else null. */
function topLevelSetOf(modifier: Doc): string[] | null {
  const keys = Object.keys(modifier);
  if (keys.length !== 1 || keys[0] !== '$set' || !isPlainObject(modifier.$set)) return null;
  const fields = Object.keys(modifier.$set);
  return fields.every((field) => !field.includes('.') && !field.startsWith('$')) ? fields : null;
}

/** A copy of `doc` an update of `fields` may change in place: those fields deep-copied, the rest shared. */
function copyForUpdate(doc: Doc, fields: Set<string>): Doc {
  const copy: Doc = { ...doc };
  for (const field of fields) if (field in copy) copy[field] = cloneValue(copy[field]);
  return copy;
}

/** sameDocument for two documents that can differ only in `fields`. */
function sameFields(a: Doc, b: Doc, fields: Set<string>): boolean {
  return sameDocument(pickFields(a, fields), pickFields(b, fields));
}

export class Actions {
  constructor(
    private readonly engine: Engine,
    private readonly transactions: TransactionManager,
  ) {
    this.pipelines = new PipelineRunner(engine);
  }

  private readonly pipelines: PipelineRunner;

  dispatch(action: string, body: Body): ReplyData {
    const now = Date.now();
    switch (action) {
      case 'database.getDocument':
        return this.getDocument(body, now);
      case 'database.insertDocument':
        return this.insertDocument(body, now);
      case 'database.modifyDocument':
        return this.modifyDocument(body, now);
      case 'database.removeDocument':
        return this.removeDocument(body, now);
      case 'database.calculateDocument':
        return this.calculateDocument(body, now);
      case 'database.aggregateDocuments':
        return this.aggregateDocuments(body, now);
      case 'database.addCollection':
        return this.addCollection(body);
      case 'database.startTransaction':
        return { transactionId: this.transactions.start() };
      case 'database.commitTransaction':
        this.transactions.commit(body.transactionId);
        return {};
      case 'database.abortTransaction':
        this.transactions.abort(body.transactionId);
        return {};
      default:
        throw new DbError('INVALID_ACTION', `不支持的操作：${action}`);
    }
  }

  // ---------------------------------------------------------------- request fields

  private collectionName(body: Body): string {
    const name = body.collectionName;
    if (typeof name !== 'string' || name.length === 0) throw invalid('缺少参数 collectionName');
    this.engine.require(name);
    return name;
  }

  private queryType(body: Body): 'WHERE' | 'DOC' {
    const type = body.queryType ?? 'WHERE';
    if (type !== 'WHERE' && type !== 'DOC') throw invalid(`queryType 只能是 WHERE 或 DOC：${String(type)}`);
    return type;
  }

  private objectField(body: Body, field: string, now: number): Doc | undefined {
    const value = parseRequestEjson(body[field], field, now);
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) throw invalid(`参数 ${field} 必须是对象`);
    return value;
  }

  private query(body: Body, now: number): Doc | undefined {
    const query = this.objectField(body, 'query', now);
    if (this.queryType(body) === 'DOC' && (!query || !('_id' in query))) throw invalid('DOC 查询缺少 _id');
    return query;
  }

  private docId(body: Body, now: number): unknown {
    const query = this.objectField(body, 'query', now);
    if (!query || !('_id' in query)) throw invalid('DOC 查询缺少 _id');
    const id = query._id;
    if (typeof id !== 'string' && typeof id !== 'number') throw invalid('文档 _id 必须是字符串或数字');
    return id;
  }

  private sort(body: Body, now: number): SortSpec | undefined {
    const raw = parseRequestEjson(body.order, 'order', now);
    if (raw === undefined) return undefined;
    const spec: SortSpec = {};
    const add = (field: unknown, direction: unknown): void => {
      if (typeof field !== 'string' || field.length === 0) throw invalid('order 的字段名无效');
      if (direction === 1 || direction === 'asc') spec[field] = 1;
      else if (direction === -1 || direction === 'desc') spec[field] = -1;
      else throw invalid(`order 的排序方向只能是 1/-1：${String(direction)}`);
    };
    if (Array.isArray(raw)) {
      for (const item of raw) {
        if (!isPlainObject(item)) throw invalid('order 格式无效');
        add(item.field ?? item.key, item.direction);
      }
    } else if (isPlainObject(raw)) {
      for (const [field, direction] of Object.entries(raw)) add(field, direction);
    } else {
      throw invalid('order 格式无效');
    }
    return spec;
  }

  private nonNegativeInteger(body: Body, field: string): number | undefined {
    const value = body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
      throw invalid(`参数 ${field} 必须是非负整数`);
    return value;
  }

  private projectionOf(body: Body, now: number): Doc | undefined {
    const projection = this.objectField(body, 'projection', now);
    return projection && Object.keys(projection).length > 0 ? projection : undefined;
  }

  private rejectTransaction(body: Body, what: string): void {
    if (body.transactionId !== undefined && body.transactionId !== null) {
      throw new DbError(
        'DATABASE_INVALID_OPERRATOR',
        `事务中只支持单文档操作（doc().get/update/set/remove 与 add），不支持${what}`,
      );
    }
  }

  // ---------------------------------------------------------------- actions

  private getDocument(body: Body, now: number): ReplyData {
    const name = this.collectionName(body);
    const projection = this.projectionOf(body, now);
    const offset = this.nonNegativeInteger(body, 'offset') ?? 0;
    let docs: Doc[];
    let limit: number;
    if (body.transactionId !== undefined && body.transactionId !== null) {
      if (this.queryType(body) !== 'DOC') this.rejectTransaction(body, '条件查询');
      const transaction = this.transactions.get(body.transactionId);
      const doc = this.transactions.read(transaction, this.engine.require(name), this.docId(body, now));
      docs = doc ? [doc] : [];
      limit = 1;
    } else {
      const query = this.query(body, now);
      const requested = this.nonNegativeInteger(body, 'limit');
      limit = this.queryType(body) === 'DOC' ? 1 : Math.min(requested || DEFAULT_LIMIT, MAX_LIMIT);
      docs = this.engine.select(name, query, { sort: this.sort(body, now), skip: offset, limit });
    }
    if (projection) docs = project(docs, projection);
    return { data: { list: docs.map(toCanonicalEjson), limit, offset } };
  }

  private insertDocument(body: Body, now: number): ReplyData {
    const name = this.collectionName(body);
    const raw = body.data;
    const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    if (items.length === 0) throw invalid('插入数据不能为空');
    const docs = items.map((item, i) => {
      const value = parseRequestEjson(item, `data[${i}]`, now);
      if (!isPlainObject(value)) throw invalid(`data[${i}] 必须是对象`);
      return value;
    });
    const ids = this.insertDocs(name, docs, body.transactionId);
    return { data: { insertedIds: ids } };
  }

  /** Inserts documents all-or-nothing (used by the action and by LocalDatabase.insertMany). */
  insertDocs(name: string, input: Doc[], transactionId?: unknown): unknown[] {
    const collection = this.engine.require(name);
    const docs = input.map((doc) => {
      const { _id: given, ...rest } = doc;
      if (given !== undefined && given !== null && typeof given !== 'string' && typeof given !== 'number') {
        throw invalid('文档 _id 必须是字符串或数字');
      }
      return { _id: given ?? generateId(), ...rest } as Doc;
    });
    const duplicate = (doc: Doc): DbError =>
      new DbError(
        'DATABASE_DUPLICATE_WRITE',
        `唯一索引冲突 (DATABASE_DUPLICATE_WRITE): E11000 duplicate key error collection: ${name} index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }`,
      );
    const seen = new Set<string>();
    for (const doc of docs) {
      const idKey = valueKey(doc._id);
      if (seen.has(idKey)) throw duplicate(doc);
      seen.add(idKey);
    }
    if (transactionId !== undefined && transactionId !== null) {
      const transaction = this.transactions.get(transactionId);
      for (const doc of docs) if (this.transactions.read(transaction, collection, doc._id)) throw duplicate(doc);
      for (const doc of docs) this.transactions.write(transaction, collection, doc._id, doc);
    } else {
      for (const doc of docs) if (collection.docs.has(valueKey(doc._id))) throw duplicate(doc);
      this.engine.commit(docs.map((doc) => ({ kind: 'put', coll: name, doc })));
    }
    return docs.map((doc) => doc._id);
  }

  private modifyDocument(body: Body, now: number, parsed?: { query: Doc; data: Doc }): ReplyData {
    const name = this.collectionName(body);
    const data = parsed ? parsed.data : this.objectField(body, 'data', now);
    if (!data) throw invalid('缺少更新数据 data');
    const merge = body.merge !== false;
    const upsert = body.upsert === true;
    const isDoc = this.queryType(body) === 'DOC';
    const multi = isDoc ? false : body.multi !== false;
    const operators = isOperatorObject(data);
    if (!merge && operators) throw invalid('set 替换数据不能包含更新操作符');
    if (!operators && '_id' in data) throw invalid('不能更新 _id 的值');
    const modifier: Doc = operators ? data : { $set: data };

    /** The new image of `old` (null if nothing changes); `inserting` builds an upserted document. */
    const nextImage = (old: Doc, inserting: boolean): Doc | null => {
      if (!merge) {
        const replaced = { _id: old._id, ...data };
        return !inserting && sameDocument(old, replaced) ? null : replaced;
      }
      const { $setOnInsert, ...rest } = modifier;
      const effective: Doc = { ...rest };
      if (inserting && isPlainObject($setOnInsert))
        effective.$set = { ...(effective.$set as Doc | undefined), ...$setOnInsert };
      const copy = cloneValue(old);
      if (Object.keys(effective).length === 0) return inserting ? copy : null;
      const changed = mingoUpdate(copy, effective, undefined, undefined, {
        cloneMode: 'deep',
        queryOptions: MINGO_OPTIONS,
      });
      return changed.length > 0 || inserting ? copy : null;
    };

    if (body.transactionId !== undefined && body.transactionId !== null) {
      if (!isDoc) this.rejectTransaction(body, '条件更新');
      const transaction = this.transactions.get(body.transactionId);
      const collection = this.engine.require(name);
      const id = this.docId(body, now);
      const current = this.transactions.read(transaction, collection, id);
      if (current) {
        const image = nextImage(current, false);
        if (image) this.transactions.write(transaction, collection, id, image);
        return { data: { updated: image ? 1 : 0 } };
      }
      if (!upsert) return { data: { updated: 0 } };
      this.transactions.write(transaction, collection, id, nextImage({ _id: id }, true) as Doc);
      return { data: { updated: 0, upsert_id: id } };
    }

    const query = parsed ? parsed.query : isDoc ? { _id: this.docId(body, now) } : this.query(body, now);
    const targets = this.engine.select(name, query, multi ? {} : { limit: 1 });
    if (targets.length === 0) {
      if (!upsert) return { data: { updated: 0 } };
      const base = upsertBase(query);
      const created = nextImage(base, true) as Doc;
      if (created._id === undefined) created._id = generateId();
      const [id] = this.insertDocs(name, [created]);
      return { data: { updated: 0, upsert_id: id } };
    }
    const ops: WriteOp[] = [];
    if (merge && targets.length > 1) {
      // One mingo update over all the copies: mingo builds its operator context per call, which per
      // document dominated large multi-updates (a 1,000-document page took ~0.4 s).
      const { $setOnInsert: _ignored, ...rest } = modifier;
      const fields = touchedFields(rest);
      const copies = targets.map((target) => (fields ? copyForUpdate(target, fields) : cloneValue(target)));
      const topLevelSet = fields && topLevelSetOf(rest);
      // The values every copy gets, which the log then records instead of each whole document.
      let set: Doc | undefined;
      if (topLevelSet) {
        // What mingo's $set does to a top-level field, without its path machinery (~5 µs a document).
        const values = rest.$set as Doc;
        for (const copy of copies) for (const field of topLevelSet) copy[field] = cloneValue(values[field]);
        // A field set to undefined is stored so but not logged: such an update logs whole documents.
        if (topLevelSet.every((field) => values[field] !== undefined)) set = values;
      } else if (Object.keys(rest).length) {
        mingoUpdateMany(copies, {}, rest, { cloneMode: 'deep' }, MINGO_OPTIONS);
      }
      copies.forEach((copy, i) => {
        const same = fields ? sameFields(targets[i], copy, fields) : sameDocument(targets[i], copy);
        if (!same)
          ops.push({
            kind: 'put',
            coll: name,
            doc: copy,
            ...(fields ? { changed: fields } : {}),
            ...(set ? { set } : {}),
          });
      });
    } else {
      for (const target of targets) {
        const image = nextImage(target, false);
        if (image) ops.push({ kind: 'put', coll: name, doc: image });
      }
    }
    this.engine.commit(ops);
    return { data: { updated: ops.length } };
  }

  /** where(query).update(modifier) for direct callers; throws DbError like the action would reply. */
  updateMatching(name: string, query: Doc, modifier: Doc): number {
    const reply = this.modifyDocument(
      { collectionName: name, queryType: 'WHERE', multi: true, merge: true, upsert: false },
      Date.now(),
      { query, data: modifier },
    );
    return (reply.data as { updated: number }).updated;
  }

  private removeDocument(body: Body, now: number): ReplyData {
    const name = this.collectionName(body);
    const isDoc = this.queryType(body) === 'DOC';
    if (body.transactionId !== undefined && body.transactionId !== null) {
      if (!isDoc) this.rejectTransaction(body, '条件删除');
      const transaction = this.transactions.get(body.transactionId);
      const collection = this.engine.require(name);
      const id = this.docId(body, now);
      if (!this.transactions.read(transaction, collection, id)) return { data: { deleted: 0 } };
      this.transactions.write(transaction, collection, id, null);
      return { data: { deleted: 1 } };
    }
    const query = isDoc ? { _id: this.docId(body, now) } : this.query(body, now);
    const multi = isDoc ? false : body.multi !== false;
    const targets = this.engine.select(name, query, multi ? {} : { limit: 1 });
    this.engine.commit(targets.map((doc) => ({ kind: 'del', coll: name, id: doc._id })));
    return { data: { deleted: targets.length } };
  }

  private calculateDocument(body: Body, now: number): ReplyData {
    const name = this.collectionName(body);
    this.rejectTransaction(body, '计数');
    return { data: { total: this.engine.count(name, this.query(body, now)) } };
  }

  private aggregateDocuments(body: Body, now: number): ReplyData {
    const name = this.collectionName(body);
    this.rejectTransaction(body, '聚合');
    if (!Array.isArray(body.stages)) throw invalid('缺少聚合阶段 stages');
    const pipeline: Doc[] = body.stages.map((stage, i) => {
      if (!isPlainObject(stage) || typeof stage.stageKey !== 'string' || !stage.stageKey.startsWith('$')) {
        throw invalid(`stages[${i}] 格式无效`);
      }
      return { [stage.stageKey]: parseRequestEjson(stage.stageValue, `stages[${i}].stageValue`, now) };
    });
    if (!pipeline.some((stage) => '$limit' in stage)) pipeline.push({ $limit: AGGREGATE_DEFAULT_LIMIT });
    const list = this.pipelines.run(name, pipeline);
    return { data: { list: list.map(toCanonicalEjson) } };
  }

  private addCollection(body: Body): ReplyData {
    const name = body.collectionName;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_\-.]{1,128}$/.test(name) || name.startsWith('.')) {
      throw invalid('集合名称只能包含字母、数字、下划线、短横线和点，长度 1-128');
    }
    if (this.engine.has(name)) {
      throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `集合 ${name} 已存在 (collection already exists)`);
    }
    this.engine.commit([{ kind: 'create', coll: name }]);
    return {};
  }
}

/** The document an upsert starts from: the query's plain equality fields (as MongoDB does), dotted paths nested. */
function upsertBase(query: Doc | undefined): Doc {
  const base: Doc = {};
  const collect = (filter: Doc): void => {
    for (const [field, condition] of Object.entries(filter)) {
      if (field === '$and' && Array.isArray(condition)) {
        for (const sub of condition) if (isPlainObject(sub)) collect(sub);
        continue;
      }
      if (field.startsWith('$')) continue;
      let value: unknown;
      if (isPlainObject(condition)) {
        const keys = Object.keys(condition);
        if (keys.length === 1 && keys[0] === '$eq') value = condition.$eq;
        else if (keys.some((key) => key.startsWith('$'))) continue;
        else value = condition;
      } else if (condition instanceof RegExp) {
        continue;
      } else {
        value = condition;
      }
      if (field === '_id') base._id = cloneValue(value);
      else
        mingoUpdate(base, { $set: { [field]: cloneValue(value) } }, undefined, undefined, {
          queryOptions: MINGO_OPTIONS,
        });
    }
  };
  if (query) collect(query);
  return base;
}
