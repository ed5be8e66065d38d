import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
 */

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const UPLOAD_TICKET_TTL_MS = 10 * 60 * 1000;

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
  /** Directory for the files; omitted → kept in memory. */
  dir?: string;
  envId: string;
  /** Base URL of the emulator, e.g. http://127.0.0.1:3300 (known once the server listens). */
  publicUrl: () => string;
}

interface UploadTicket {
  cloudPath: string;
  expiresAt: number;
}

export class LocalStorage {
  readonly bucket: string;
  private readonly memory = new Map<string, Buffer>();
  private readonly tickets = new Map<string, UploadTicket>();

  constructor(private readonly options: LocalStorageOptions) {
    // Shaped like a real bucket name (<env>-<appid-ish>) so fileIDs look like production ones.
    this.bucket = `${options.envId}-1300000000`;
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

  tempUrlFor(cloudPath: string): string {
    return `${this.options.publicUrl()}/files/${cloudPath}`;
  }

  private filePath(cloudPath: string): string {
    return path.join(this.options.dir!, ...cloudPath.split('/'));
  }

  async put(cloudPathInput: string, data: Buffer): Promise<string> {
    const cloudPath = normalizeCloudPath(cloudPathInput);
    if (this.options.dir) {
      const file = this.filePath(cloudPath);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
    } else {
      this.memory.set(cloudPath, Buffer.from(data));
    }
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
              return { fileID, tempFileURL: this.tempUrlFor(cloudPath), code: 'SUCCESS', maxAge };
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
  }

  /** Replaces all files with those exported to `<dir>/storage` (absent → storage becomes empty). */
  async importFrom(dir: string): Promise<void> {
    await this.reset();
    const source = path.join(dir, 'storage');
    const staging = new LocalStorage({ ...this.options, dir: source });
    for (const cloudPath of await staging.list()) {
      const data = await staging.get(cloudPath);
      if (data) await this.put(cloudPath, data);
    }
  }

  async reset(): Promise<void> {
    this.memory.clear();
    this.tickets.clear();
    if (this.options.dir) {
      await rm(this.options.dir, { recursive: true, force: true });
      await mkdir(this.options.dir, { recursive: true });
    }
  }
}
