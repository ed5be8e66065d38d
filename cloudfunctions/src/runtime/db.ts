import type { Database } from './cloud';
import { AppError } from './errors';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Transaction = any;

/** One document by _id, or null (doc().get() throws on a missing document). */
export async function findById<T>(db: Database, collection: string, id: string): Promise<T | null> {
  const [doc] = await list<T>(db.collection(collection).where({ _id: id }).limit(1));
  return doc ?? null;
}

/** The documents of a query. (The SDK's d.ts types get() as a union with its callback form.) */
export async function list<T>(query: { get(): unknown }): Promise<T[]> {
  const res = (await query.get()) as { data: T[] };
  return res.data;
}

/** The number of documents matching a query. */
export async function count(query: { count(): unknown }): Promise<number> {
  const res = (await query.count()) as { total: number };
  return res.total;
}

/**
 * Inside a transaction: the document or null. wx-server-sdk throws "does not exist" for a missing
 * document, and returns (rather than throws) some other error replies.
 */
export async function txGet<T>(t: Transaction, collection: string, id: string): Promise<T | null> {
  let res: { data?: unknown };
  try {
    res = await t.collection(collection).doc(id).get();
  } catch (error) {
    if (
      /does not exist/.test(
        String((error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message),
      )
    ) {
      return null;
    }
    throw error;
  }
  throwIfErrorReply(res);
  return (res.data as T | null) ?? null;
}

/** The database SDK answers some failures as `{code, message}` values instead of throwing. */
export function throwIfErrorReply(res: unknown): void {
  if (res && typeof res === 'object' && 'code' in res && (res as { code?: unknown }).code) {
    const { code, message } = res as { code: string; message?: string };
    throw Object.assign(new Error(message ?? code), { code });
  }
}

const PAGE = 1000;

/** Every document matching a query, paged past the platform's 1000-per-get limit. */
export async function fetchAll<T>(db: Database, collection: string, where: object, orderBy = '_id'): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await list<T>(db.collection(collection).where(where).orderBy(orderBy, 'asc').skip(offset).limit(PAGE));
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

/** Is this a unique-index violation reply/exception from the database? */
export function isDuplicateKeyError(error: unknown): boolean {
  const text =
    String((error as { code?: string; errCode?: unknown; message?: string; errMsg?: string })?.code ?? '') +
    ' ' +
    String((error as { message?: string })?.message ?? '') +
    ' ' +
    String((error as { errMsg?: string })?.errMsg ?? '');
  return /DUPLICATE|duplicate key|E11000/i.test(text);
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A query value matching documents whose field contains `text` as plain text (its regex characters escaped). */
export function containsText(db: Database, text: string, options: '' | 'i' = 'i'): unknown {
  return db.RegExp({ regexp: text.replace(REGEX_SPECIAL, '\\$&'), options });
}

/** A query condition: any of `fields` contains `text` as plain text, ignoring case. */
export function anyFieldContains(db: Database, fields: readonly string[], text: string): unknown {
  return db.command.or(fields.map((field) => ({ [field]: containsText(db, text) })));
}

export function notFound(what: string): never {
  throw new AppError('NOT_FOUND', `${what}不存在`);
}

/** A write conflict as the SDK surfaces it: a coded reply at commit, or a thrown error mid-transaction. */
export function isTransactionConflict(error: unknown): boolean {
  const e = error as { code?: unknown; errMsg?: unknown; message?: unknown } | null;
  const text = `${String(e?.code ?? '')} ${String(e?.errMsg ?? '')} ${String(e?.message ?? '')}`;
  return /DATABASE_TRANSACTION_CONFLICT|WriteConflict|transaction conflict/i.test(text);
}

/**
 * db.runTransaction, also retried when a conflict surfaces from a write inside the callback: the SDK
 * only retries conflicts reported at commit, while the database reports a write that meets a newer
 * committed document at once (wx-server-sdk turns that into a thrown error without the code).
 */
export async function runInTransaction<T>(db: Database, fn: (t: Transaction) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await db.runTransaction(fn, attempts)) as T;
    } catch (error) {
      if (attempt >= attempts || !isTransactionConflict(error)) throw error;
    }
  }
}

type Orderable = {
  orderBy(field: string, order: 'asc' | 'desc'): Orderable;
  skip(n: number): Orderable;
  limit(n: number): Orderable;
  get(): unknown;
  count(): unknown;
};

/**
 * One page of a query and the total it pages through: `order` is applied in sequence (add a unique
 * field last for a stable order), page numbers start at 1. A first page that is not full is the whole
 * list, so its total needs no count: most people's lists (their applications, requests, cases) fit on
 * one page, and each request is a billed database operation on CloudBase.
 */
export async function fetchPage<T>(
  query: unknown,
  order: [field: string, direction: 'asc' | 'desc'][],
  page: number,
  pageSize: number,
): Promise<{ docs: T[]; total: number }> {
  const base = query as Orderable;
  let ordered = base;
  for (const [field, direction] of order) ordered = ordered.orderBy(field, direction);
  const docs = await list<T>(ordered.skip((page - 1) * pageSize).limit(pageSize));
  if (page === 1 && docs.length < pageSize) return { docs, total: docs.length };
  return { docs, total: await count(base) };
}

/** A $lookup stage as the SDK takes it (equality, or a pipeline of its own built with `joinedPipeline`). */
export type Lookup =
  | { from: string; localField: string; foreignField: string; as: string }
  | { from: string; pipeline: object[]; as: string };

export type SortOrder = Record<string, 1 | -1>;

/** The stages of a $lookup's own pipeline: a filter, then its order, page, fields and joins. */
export function joinedPipeline(
  db: Database,
  where: object,
  {
    order,
    skip = 0,
    limit,
    fields,
    joins = [],
  }: { order?: SortOrder; skip?: number; limit: number; fields?: object; joins?: Lookup[] },
): object[] {
  let stages = (db.command as any).aggregate.pipeline().match(where);
  if (order) stages = stages.sort(order);
  if (skip > 0) stages = stages.skip(skip);
  stages = stages.limit(limit);
  if (fields) stages = stages.project(fields);
  for (const join of joins) stages = stages.lookup(join);
  return stages.done();
}

/**
 * One document by _id with `joins` joined to it, in one request (findById would be one read, each join
 * another); null when there is none.
 */
export async function findByIdJoined<T>(
  db: Database,
  collection: string,
  id: string,
  joins: Lookup[],
): Promise<T | null> {
  let read = db.collection(collection).aggregate().match({ _id: id }).limit(1);
  for (const join of joins) read = read.lookup(join);
  const [doc] = await aggregated<T>(read);
  return doc ?? null;
}

/** The documents an aggregation answers. */
export async function aggregated<T>(aggregate: { end(): unknown }): Promise<T[]> {
  return ((await aggregate.end()) as { list: T[] }).list;
}

/**
 * A page of a collection's documents matching `where`, and how many match, in one request: the count of
 * the filter with the page joined to it by a $lookup running its own pipeline, where a find and a count
 * would be two requests (two billed reads on CloudBase). `joins` join more to each document of the page.
 */
export async function pageWithTotal<T>(
  db: Database,
  collection: string,
  where: object,
  page: { order: SortOrder; skip: number; limit: number; fields?: object; joins?: Lookup[] },
): Promise<{ docs: T[]; total: number }> {
  const [counted] = await aggregated<{ total: number; page: T[] }>(
    db
      .collection(collection)
      .aggregate()
      .match(where)
      .count('total')
      .lookup({ from: collection, pipeline: joinedPipeline(db, where, page), as: 'page' }),
  );
  // A count of nothing answers no document at all.
  return counted ? { docs: counted.page, total: counted.total } : { docs: [], total: 0 };
}

/**
 * How many of a caller's documents match `predicate` (e.g. how many are still open): counted on the page
 * when it holds them all (`unfiltered` first page of a list that fits on it), by `countQuery` otherwise.
 */
export async function countOnPageOr<T>(
  listed: { docs: T[]; total: number },
  unfiltered: boolean,
  predicate: (doc: T) => boolean,
  countQuery: () => Promise<number>,
): Promise<number> {
  if (unfiltered && listed.docs.length === listed.total) return listed.docs.filter(predicate).length;
  return countQuery();
}

/**
 * Inserts documents whose ids may partly exist already (a batch repeated after an interruption):
 * the missing ones still land, the existing ones are left as they are.
 */
export async function insertIdempotent(db: Database, collection: string, docs: object[]): Promise<void> {
  if (!docs.length) return;
  try {
    await db.collection(collection).add({ data: docs });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    for (const doc of docs) {
      try {
        await db.collection(collection).add({ data: doc });
      } catch (inner) {
        if (!isDuplicateKeyError(inner)) throw inner;
      }
    }
  }
}
