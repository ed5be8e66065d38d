import { fail, wxApi } from './api';
import { state, tracked } from './state';

/**
 * wx.cloud backed by the local cloud: callFunction → POST /client/call as the current demo
 * identity; uploadFile → POST /client/upload; fileIDs map to /files/<path>. Storage requests carry
 * the identity too, so the bucket's permission mode applies as it does to a real user.
 */

interface ClientCallReply {
  result?: unknown;
  requestId?: string;
  errCode?: number;
  errMsg?: string;
}

/**
 * `cloud://<env>.<bucket>/<path>` → `<origin>/files/<path>?openid=…` (read as the current user); other
 * URLs pass through.
 */
export function fileUrl(fileID: string): string {
  const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID);
  if (!match) return fileID;
  const file = match[1].split('/').map(encodeURIComponent).join('/');
  return `${state.cloudUrl}/files/${file}?openid=${encodeURIComponent(state.identity.openid)}`;
}

async function postJson(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return tracked(
    (async () => {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      return { status: response.status, json };
    })(),
  );
}

export async function callFunction(name: string, data: unknown): Promise<{ result: unknown; requestId?: string }> {
  let reply: ClientCallReply;
  try {
    reply = (await postJson('/client/call', { name, data: data ?? {}, openid: state.identity.openid })).json;
  } catch (error) {
    throw fail('cloud.callFunction', `request:fail ${(error as Error).message}`, -1);
  }
  if (typeof reply.errCode === 'number' && reply.errCode !== 0) {
    throw fail('cloud.callFunction', `errCode: ${reply.errCode} | errMsg: ${reply.errMsg ?? ''}`, reply.errCode);
  }
  return { result: reply.result, requestId: reply.requestId };
}

/** Asks the local cloud for a cloudID holding `phone` (the simulated getPhoneNumber). */
export async function issuePhoneCloudID(phone: string): Promise<string> {
  const { status, json } = await postJson('/client/open-data', { openid: state.identity.openid, phone });
  if (status !== 200 || typeof json.cloudID !== 'string') throw new Error(String(json.errMsg ?? '获取 cloudID 失败'));
  return json.cloudID;
}

async function uploadFile(options: {
  cloudPath?: unknown;
  filePath?: unknown;
}): Promise<{ fileID: string; statusCode: number }> {
  const { cloudPath, filePath } = options;
  if (typeof cloudPath !== 'string' || !cloudPath) throw fail('cloud.uploadFile', 'cloudPath 不能为空');
  if (typeof filePath !== 'string' || !filePath) throw fail('cloud.uploadFile', 'filePath 不能为空');
  const { response, json } = await tracked(
    (async () => {
      const file = await fetch(filePath).then((r) => r.blob());
      const query = `cloudPath=${encodeURIComponent(cloudPath)}&openid=${encodeURIComponent(state.identity.openid)}`;
      const res = await fetch(`/client/upload?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
      });
      return { response: res, json: (await res.json()) as { fileID?: string; errCode?: number; errMsg?: string } };
    })(),
  );
  if (!json.fileID) throw fail('cloud.uploadFile', json.errMsg ?? `HTTP ${response.status}`, json.errCode);
  return { fileID: json.fileID, statusCode: 200 };
}

function fileIdsOf(fileList: unknown): string[] {
  if (!Array.isArray(fileList)) return [];
  return fileList
    .map((item: unknown) => (typeof item === 'string' ? item : (item as { fileID?: unknown } | null)?.fileID))
    .filter((id): id is string => typeof id === 'string');
}

function unsupportedDatabase(): never {
  throw fail('cloud.database', '预览不支持小程序端直接读写数据库，请通过云函数访问');
}

export function createCloud() {
  return {
    init: (options?: { env?: unknown }) => {
      if (typeof options?.env === 'string' && options.env) state.envId = options.env;
    },
    callFunction: wxApi('cloud.callFunction', (o: { name?: unknown; data?: unknown }) => {
      if (typeof o.name !== 'string' || !o.name) throw fail('cloud.callFunction', '缺少云函数名 name');
      return callFunction(o.name, o.data);
    }),
    CloudID: (cloudID: string) => ({ cloudID }),
    uploadFile: wxApi('cloud.uploadFile', uploadFile),
    getTempFileURL: wxApi('cloud.getTempFileURL', (o: { fileList?: unknown }) => ({
      fileList: fileIdsOf(o.fileList).map((fileID) => ({
        fileID,
        tempFileURL: fileUrl(fileID),
        maxAge: 7200,
        status: 0,
        errMsg: 'ok',
      })),
    })),
    downloadFile: wxApi('cloud.downloadFile', async (o: { fileID?: unknown }) => {
      if (typeof o.fileID !== 'string') throw fail('cloud.downloadFile', '缺少 fileID');
      const response = await fetch(fileUrl(o.fileID));
      if (!response.ok) throw fail('cloud.downloadFile', `HTTP ${response.status}`);
      return { tempFilePath: URL.createObjectURL(await response.blob()), statusCode: 200 };
    }),
    deleteFile: wxApi('cloud.deleteFile', () => {
      throw fail('cloud.deleteFile', 'not supported in preview（请在云函数中删除文件）');
    }),
    database: unsupportedDatabase,
    callContainer: wxApi('cloud.callContainer', () => {
      throw fail('cloud.callContainer', 'not supported in preview');
    }),
  };
}
