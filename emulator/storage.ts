import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Cloud storage on local disk (or in memory). Speaks the storage actions of the CloudBase server
 * API as @cloudbase/node-sdk 3.17 sends them (wx-server-sdk's uploadFile / getTempFileURL /
 * downloadFile / deleteFile):
 * - storage.getUploadMetadata {path} → {data:{url, token, authorization, fileId, cosFileId}};
 *   the SDK then PUTs the bytes to `url` and treats an empty body as success (COS answers XML
 *   only on error);
 * - storage.batchGetDownloadUrl {file_list:[{fileid, max_age}]} →
 *   {data:{download_list:[{fileID, tempFileURL, code:'SUCCESS', maxAge}]}};
 * - storage.batchDeleteFile {fileid_list} → {data:{delete_list:[{fileID, code}]}}.
 * Per-file failures use code STORAGE_FILE_NONEXIST (wx-server-sdk: status -503003).
 *
 * Permissions follow CloudBase: the server API (functions, console) may do anything; mini-program
 * users are held to the bucket's permission mode (`acl`, from cloudfunctions/storage.json, which
 * `npm run deploy` also applies), judged against each file's creator (the openid that uploaded it;
 * none for files the server wrote). Temp URLs handed out by the server API are signed and expire,
 * like COS's, so whoever holds one may download until then.
 */

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const UPLOAD_TICKET_TTL_MS = 10 * 60 * 1000;
const DEFAULT_TEMP_URL_SECONDS = 86400;

/**
 * CloudBase's storage permission modes, as mini-program users feel them:
 * READONLY all read, creator writes; PRIVATE creator reads and writes; ADMINWRITE all read, nobody
 * writes; ADMINONLY nobody reads or writes. "Write" covers creating a path that does not exist yet.
 */
export const STORAGE_ACLS = ['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY'] as const;
export type StorageAcl = (typeof STORAGE_ACLS)[number];

export const STORAGE_SPEC_PATH = path.resolve(__dirname, '../cloudfunctions/storage.json');

/** The bucket's permission mode declared for deployment (cloudfunctions/storage.json). */
export function readStorageAcl(file: string = STORAGE_SPEC_PATH): StorageAcl {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { acl?: unknown };
  if (!STORAGE_ACLS.includes(spec.acl as StorageAcl)) {
    throw new Error(`${file}: "acl" must be one of ${STORAGE_ACLS.join(', ')}`);
  }
  return spec.acl as StorageAcl;
}

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
  '.zip': 'application/zip',
  '.mp4': 'video/mp4',
};

export function contentTypeFor(cloudPath: string): string {
  return CONTENT_TYPES[path.extname(cloudPath).toLowerCase()] ?? 'application/octet-stream';
}

export class StorageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Normalises a cloud path and refuses anything that could escape the storage root. */
export function normalizeCloudPath(input: unknown): string {
  if (typeof input !== 'string') throw new StorageError('INVALID_PARAM', 'cloudPath 必须是字符串');
  const trimmed = input.replace(/^\/+/, '');
  const segments = trimmed.split('/');
  if (
    !trimmed ||
    trimmed.length > 1024 ||
    /[\\\0]/.test(trimmed) ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new StorageError('INVALID_PARAM', `非法的 cloudPath：${input}`);
  }
  return trimmed;
}

export interface LocalStorageOptions {
  /** Directory for the files (their creators in `<dir>.meta.json`); omitted → kept in memory. */
  dir?: string;
  envId: string;
  /** Base URL of the emulator, e.g. http://127.0.0.1:3300 (known once the server listens). */
  publicUrl: () => string;
  /** Permission mode for mini-program users; default: cloudfunctions/storage.json. */
  acl?: StorageAcl;
}

interface UploadTicket {
  cloudPath: string;
  expiresAt: number;
}

export class LocalStorage {
  readonly bucket: string;
  /** The bucket's permission mode; assignable, as the console's permission setting is. */
  acl: StorageAcl;
  private readonly memory = new Map<string, Buffer>();
  private readonly tickets = new Map<string, UploadTicket>();
  /** cloudPath → openid of the mini-program user who created it (server-written files have none). */
  private creators: Map<string, string> | undefined;
  private metaWrite: Promise<void> = Promise.resolve();
  private readonly signingKey = randomBytes(32);

  constructor(private readonly options: LocalStorageOptions) {
    // Shaped like a real bucket name (<env>-<appid-ish>) so fileIDs look like production ones.
    this.bucket = `${options.envId}-1300000000`;
    this.acl = options.acl ?? readStorageAcl();
  }

  get dir(): string | undefined {
    return this.options.dir;
  }

  fileIdFor(cloudPath: string): string {
    return `cloud://${this.options.envId}.${this.bucket}/${cloudPath}`;
  }

  /** cloud://<env>.<bucket>/<path> → <path>; any env/bucket is accepted (data imported from another env). */
  cloudPathOf(fileId: unknown): string {
    if (typeof fileId !== 'string') throw new StorageError('INVALID_PARAM', 'fileID 必须是字符串');
    const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
    if (!match) throw new StorageError('INVALID_PARAM', `非法的 fileID：${fileId}`);
    return normalizeCloudPath(match[1]);
  }

  /** A download URL anyone may use until it expires (COS's signed URL). */
  tempUrlFor(cloudPath: string, maxAgeSeconds = DEFAULT_TEMP_URL_SECONDS): string {
    const expires = Math.floor(Date.now() / 1000) + Math.max(1, maxAgeSeconds);
    return `${this.options.publicUrl()}/files/${cloudPath}?t=${expires}&sign=${this.sign(cloudPath, expires)}`;
  }

  private sign(cloudPath: string, expires: number): string {
    return createHmac('sha256', this.signingKey).update(`${expires}|${cloudPath}`).digest('hex');
  }

  /** Whether `sign`/`t` from a temp URL are genuine for this path and not yet expired. */
  verifySignedUrl(cloudPath: string, sign: string | null, t: string | null): boolean {
    if (!sign || !t || !/^\d{1,12}$/.test(t) || Number(t) < Date.now() / 1000) return false;
    const expected = Buffer.from(this.sign(cloudPath, Number(t)), 'hex');
    const given = Buffer.from(sign, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  // ---- permissions of mini-program users ------------------------------------------------------

  private get metaFile(): string | undefined {
    return this.options.dir ? `${this.options.dir}.meta.json` : undefined;
  }

  private async loadCreators(): Promise<Map<string, string>> {
    if (this.creators) return this.creators;
    let entries: Record<string, string> = {};
    if (this.metaFile) {
      try {
        entries =
          (JSON.parse(await readFile(this.metaFile, 'utf8')) as { creators?: Record<string, string> }).creators ?? {};
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.creators ??= new Map(Object.entries(entries));
    return this.creators;
  }

  private async setCreator(cloudPath: string, openid: string | undefined): Promise<void> {
    const creators = await this.loadCreators();
    if (openid === undefined ? !creators.delete(cloudPath) : creators.get(cloudPath) === openid) return;
    if (openid !== undefined) creators.set(cloudPath, openid);
    await this.saveCreators();
  }

  /** Writes are chained so the file always ends up with the latest map (temp file + rename). */
  private saveCreators(): Promise<void> {
    const file = this.metaFile;
    if (!file) return Promise.resolve();
    // A failed earlier write must not stop later ones (each writes the whole map).
    this.metaWrite = this.metaWrite
      .catch(() => undefined)
      .then(async () => {
        const creators = Object.fromEntries([...(this.creators ?? new Map<string, string>())].sort());
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(`${file}.tmp`, JSON.stringify({ creators }, null, 1));
        await rename(`${file}.tmp`, file);
      });
    return this.metaWrite;
  }

  /** The openid that uploaded the file from the mini-program, or undefined (server-written or absent). */
  async creatorOf(cloudPathInput: string): Promise<string | undefined> {
    return (await this.loadCreators()).get(normalizeCloudPath(cloudPathInput));
  }

  async canRead(cloudPathInput: string, openid: string): Promise<boolean> {
    if (this.acl === 'READONLY' || this.acl === 'ADMINWRITE') return true;
    if (this.acl === 'ADMINONLY') return false;
    return (await this.creatorOf(cloudPathInput)) === openid;
  }

  /** Creating a new path counts as a write; overwriting needs to be its creator. */
  async canWrite(cloudPathInput: string, openid: string): Promise<boolean> {
    if (this.acl === 'ADMINWRITE' || this.acl === 'ADMINONLY') return false;
    if (!(await this.exists(cloudPathInput))) return true;
    return (await this.creatorOf(cloudPathInput)) === openid;
  }

  /** wx.cloud.uploadFile by a mini-program user; refused with STORAGE_EXCEED_AUTHORITY. */
  async putAsUser(cloudPathInput: string, data: Buffer, openid: string): Promise<string> {
    const cloudPath = normalizeCloudPath(cloudPathInput);
    if (!(await this.canWrite(cloudPath, openid))) {
      throw new StorageError('STORAGE_EXCEED_AUTHORITY', `无权写入 ${cloudPath}（存储权限：${this.acl}）`);
    }
    return this.write(cloudPath, data, openid);
  }

  private filePath(cloudPath: string): string {
    return path.join(this.options.dir!, ...cloudPath.split('/'));
  }

  /** A write through the server API (functions, console, seed): always allowed; the file has no creator. */
  async put(cloudPathInput: string, data: Buffer): Promise<string> {
    return this.write(normalizeCloudPath(cloudPathInput), data, undefined);
  }

  private async write(cloudPath: string, data: Buffer, creator: string | undefined): Promise<string> {
    if (this.options.dir) {
      const file = this.filePath(cloudPath);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
    } else {
      this.memory.set(cloudPath, Buffer.from(data));
    }
    await this.setCreator(cloudPath, creator);
    return this.fileIdFor(cloudPath);
  }

  async get(cloudPathInput: string): Promise<Buffer | undefined> {
    const cloudPath = normalizeCloudPath(cloudPathInput);
    if (!this.options.dir) return this.memory.get(cloudPath);
    try {
      const file = this.filePath(cloudPath);
      if (!(await stat(file)).isFile()) return undefined;
      return await readFile(file);
    } catch {
      return undefined;
    }
  }

  async exists(cloudPath: string): Promise<boolean> {
    return (await this.get(cloudPath)) !== undefined;
  }

  async remove(cloudPathInput: string): Promise<boolean> {
    const cloudPath = normalizeCloudPath(cloudPathInput);
    await this.setCreator(cloudPath, undefined);
    if (!this.options.dir) return this.memory.delete(cloudPath);
    if (!(await this.exists(cloudPath))) return false;
    await rm(this.filePath(cloudPath), { force: true });
    return true;
  }

  async list(): Promise<string[]> {
    if (!this.options.dir) return [...this.memory.keys()].sort();
    const out: string[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), rel);
        else if (entry.isFile()) out.push(rel);
      }
    };
    await walk(this.options.dir, '');
    return out.sort();
  }

  /** One-time PUT target for storage.getUploadMetadata (stands in for the signed COS URL). */
  createUploadTicket(cloudPathInput: string): { ticket: string; cloudPath: string } {
    const cloudPath = normalizeCloudPath(cloudPathInput);
    const now = Date.now();
    for (const [key, t] of this.tickets) if (t.expiresAt < now) this.tickets.delete(key);
    const ticket = randomUUID();
    this.tickets.set(ticket, { cloudPath, expiresAt: now + UPLOAD_TICKET_TTL_MS });
    return { ticket, cloudPath };
  }

  async completeUpload(ticket: string, data: Buffer): Promise<string | undefined> {
    const entry = this.tickets.get(ticket);
    if (!entry || entry.expiresAt < Date.now()) return undefined;
    this.tickets.delete(ticket);
    return this.put(entry.cloudPath, data);
  }

  /** Handles a `storage.*` server API action; returns the reply body (without requestId). */
  async handle(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    switch (action) {
      case 'storage.getUploadMetadata': {
        const { ticket, cloudPath } = this.createUploadTicket(body.path as string);
        return {
          data: {
            url: `${this.options.publicUrl()}/_upload/${ticket}`,
            token: '',
            authorization: 'local',
            fileId: this.fileIdFor(cloudPath),
            cosFileId: ticket,
            download_url: this.tempUrlFor(cloudPath),
          },
        };
      }
      case 'storage.batchGetDownloadUrl': {
        const list = Array.isArray(body.file_list) ? (body.file_list as Record<string, unknown>[]) : [];
        const download_list = await Promise.all(
          list.map(async (item) => {
            const fileID = String(item?.fileid ?? '');
            const maxAge = typeof item?.max_age === 'number' ? item.max_age : 86400;
            try {
              const cloudPath = this.cloudPathOf(fileID);
              if (!(await this.exists(cloudPath))) {
                return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: '文件不存在', maxAge };
              }
              return { fileID, tempFileURL: this.tempUrlFor(cloudPath, maxAge), code: 'SUCCESS', maxAge };
            } catch (error) {
              return { fileID, tempFileURL: '', code: 'INVALID_PARAM', message: (error as Error).message, maxAge };
            }
          }),
        );
        return { data: { download_list } };
      }
      case 'storage.batchDeleteFile': {
        const list = Array.isArray(body.fileid_list) ? (body.fileid_list as unknown[]) : [];
        const delete_list = await Promise.all(
          list.map(async (fileID) => {
            try {
              const removed = await this.remove(this.cloudPathOf(fileID));
              return { fileID, code: removed ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
            } catch (error) {
              return { fileID, code: 'INVALID_PARAM', message: (error as Error).message };
            }
          }),
        );
        return { data: { delete_list } };
      }
      default:
        throw new StorageError('INVALID_ACTION', `本地云不支持的存储操作：${action}`);
    }
  }

  async exportTo(dir: string): Promise<void> {
    const target = path.join(dir, 'storage');
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    for (const cloudPath of await this.list()) {
      const data = await this.get(cloudPath);
      if (!data) continue;
      const file = path.join(target, ...cloudPath.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
    }
    const creators = Object.fromEntries([...(await this.loadCreators())].sort());
    await writeFile(`${target}.meta.json`, JSON.stringify({ creators }, null, 1));
  }

  /** Replaces all files with those exported to `<dir>/storage` (absent → storage becomes empty). */
  async importFrom(dir: string): Promise<void> {
    await this.reset();
    const source = path.join(dir, 'storage');
    const staging = new LocalStorage({ ...this.options, dir: source, acl: this.acl });
    for (const cloudPath of await staging.list()) {
      const data = await staging.get(cloudPath);
      if (data) await this.write(cloudPath, data, await staging.creatorOf(cloudPath));
    }
  }

  async reset(): Promise<void> {
    this.memory.clear();
    this.tickets.clear();
    this.creators = new Map();
    await this.metaWrite.catch(() => undefined);
    if (this.options.dir) {
      await rm(this.options.dir, { recursive: true, force: true });
      await rm(this.metaFile!, { force: true });
      await mkdir(this.options.dir, { recursive: true });
    }
  }
}
