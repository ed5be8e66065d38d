/**
 * How the seed reaches the data: as any CloudBase server-side client does, through the environment's
 * server API (`POST /admin`) with the unmodified wx-server-sdk — the database as the console's admin
 * scripts see it, and functions invoked as the console (no OPENID). The local cloud hands a seeder
 * nothing but its address; the seed never touches the emulator's objects.
 */
import cloud from 'wx-server-sdk';
import { resolvePlaceholders } from '../emulator/env';

/** Where to seed: a CloudBase environment's server API (the local cloud passes itself). */
export interface CloudBaseTarget {
  /** The server API endpoint, e.g. http://127.0.0.1:3300/admin. */
  adminUrl: string;
  envId: string;
}

export type Database = ReturnType<typeof cloud.database>;

export interface SeedContext {
  /** The environment's database through wx-server-sdk (server permissions, as the console). */
  db: Database;
  /** Invokes a cloud function as the console would (no OPENID) and returns its result. */
  callFunction: (name: string, event: object) => Promise<unknown>;
  /** The environment id (fileIDs name it). */
  envId: string;
  /** Stores a file at `cloudPath` as the server (no uploader) and returns its fileID. */
  uploadFile: (cloudPath: string, content: Buffer) => Promise<string>;
}

/** wx-server-sdk's instance factory (not in its d.ts): a second SDK instance with its own config. */
type SdkFactory = { createNewInstance(config: Record<string, unknown>): typeof cloud };

/** The longest a seed call may take: the admin function's own timeout (60 s) and some. */
const CALL_TIMEOUT_MS = 90_000;
/** Server reads answer at most this many documents. */
const PAGE = 1000;

export function connect(target: CloudBaseTarget): SeedContext {
  // Outside a cloud function node-sdk asks Tencent's metadata server whether it runs on a CVM, before
  // every request and without caching a failure (2 × 30 ms per call here); this switch answers
  // "yes" instead, as the local cloud's function host also sets it. Where requests go is still
  // decided by serviceUrl below.
  process.env.TENCENTCLOUD ??= 'true';
  const sdk = (cloud as unknown as SdkFactory).createNewInstance({
    env: target.envId,
    // @cloudbase/node-sdk's documented endpoint override; requests are still signed, with keys the
    // local cloud does not check (a real environment would need the account's).
    serviceUrl: target.adminUrl,
    secretId: 'local-cloud',
    secretKey: 'local-cloud',
    timeout: CALL_TIMEOUT_MS,
  });
  return {
    db: sdk.database(),
    envId: target.envId,
    async uploadFile(cloudPath, content) {
      const res = await sdk.uploadFile({ cloudPath, fileContent: content });
      return res.fileID;
    },
    async callFunction(name, event) {
      const res = (await sdk.callFunction({ name, data: event })) as { result?: unknown };
      return res.result;
    },
  };
}

/**
 * The functions' YPT_SERVER_SECRET as the local cloud gives it to them (cloudbaserc.json's
 * `{{env.YPT_SERVER_SECRET}}`, resolved by the emulator's rule), so keys and pseudonyms the seed
 * computes match theirs.
 */
export function functionsSecret(): string {
  return resolvePlaceholders('{{env.YPT_SERVER_SECRET}}');
}

/** Inserts documents in one server call (CloudBase's batch add); fails on any error reply. */
export async function insertMany(db: Database, collection: string, docs: object[]): Promise<void> {
  if (!docs.length) return;
  const res = (await db.collection(collection).add({ data: docs as never })) as {
    _ids?: string[];
    code?: string;
    message?: string;
  };
  if (!res?._ids || res._ids.length !== docs.length)
    throw new Error(`seed: add to ${collection} failed: ${res?.code ?? ''} ${res?.message ?? JSON.stringify(res)}`);
}

/** Sets fields of one document by _id. */
export async function setFields(db: Database, collection: string, id: string, fields: object): Promise<void> {
  const res = (await db
    .collection(collection)
    .doc(id)
    .update({ data: fields as never })) as { stats?: { updated: number } };
  if (typeof res?.stats?.updated !== 'number')
    throw new Error(`seed: update of ${collection}/${id} failed: ${JSON.stringify(res)}`);
}

/** Every document matching `where`, page by page in _id order. */
export async function readAll<T>(db: Database, collection: string, where: object = {}): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const res = (await db
      .collection(collection)
      .where(where)
      .orderBy('_id', 'asc')
      .skip(out.length)
      .limit(PAGE)
      .get()) as unknown as { data: T[] };
    out.push(...res.data);
    if (res.data.length < PAGE) return out;
  }
}
