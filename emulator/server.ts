import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { OpenDataRegistry } from './open-data';
import type { AddressInfo } from 'node:net';
import { DRAND_ROUTE, LocalDrandChain } from './drand';
import { DEFAULT_HOST } from './env';
import { CLIENT_ERR_CODES, CLIENT_RESULT_LIMIT_BYTES, toClientError, toServerError } from './functions/errors';
import { clientIdentity, jsonNestsDeeperThan, MAX_CLIENT_JSON_DEPTH } from './functions/client-call';
import type { FunctionHost, InvocationIdentity } from './functions/host';
import { HttpError, parseJsonObject, parseMultipart, readBody, sendJson, sendText } from './http-util';
import { OpenApiEmulator } from './openapi';
import { contentTypeFor, LocalStorage, MAX_UPLOAD_BYTES, normalizeCloudPath, StorageError } from './storage';
import type { TimerScheduler } from './timers';

/**
 * The local cloud's HTTP face on 127.0.0.1:
 *   POST /admin            CloudBase server API as wx-server-sdk / @cloudbase/node-sdk send it
 *   POST /client/call      a mini-program user's wx.cloud.callFunction {name, data, openid}, or the
 *                          WeChat crawler's {name, data, source:"wx_crawler"} (no openid)
 *   POST /client/upload    wx.cloud.uploadFile as `openid` (multipart, or raw body with ?cloudPath=&openid=)
 *   GET  /files/<path>     stored files: signed temp URLs, `?openid=` for a user, or public-read modes
 *   PUT  /_upload/<ticket> the "COS" upload target handed out by storage.getUploadMetadata
 *   POST /_emulator/<cmd>  control API for the CLI (export, import, reset, seed, reload, fire-timer)
 *   GET  /_emulator/messages  subscribe messages sent through cloud.openapi (emulator/openapi.ts), oldest first
 *   GET  /_emulator/status    {seeding}: whether the project's seed is still writing its data
 *   /_emulator/drand/*     the drand test chain the draw fetches its pinned round from (emulator/drand.ts)
 *   GET  /healthz          {ok:true}
 *   GET  /, /preview/*     web preview of the mini-program (pluggable handler)
 */

/** The database surface the server needs (emulator/database LocalDatabase). */
export interface DatabaseHandler {
  handle(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export type PreviewHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface ControlHandlers {
  exportTo(dir: string): Promise<void>;
  importFrom(dir: string): Promise<void>;
  reset(): Promise<void>;
  seed(): Promise<void>;
  reload(): Promise<void>;
}

export interface CloudServerDeps {
  db: DatabaseHandler;
  host: FunctionHost;
  storage: LocalStorage;
  timers: TimerScheduler;
  openData: OpenDataRegistry;
  /** WeChat open API (subscribe messages); one is created when not given. */
  openApi?: OpenApiEmulator;
  /** drand test chain; one is created when not given. */
  drand?: LocalDrandChain;
  control?: ControlHandlers;
  /** The project's seed while it runs (mini-program calls wait for it), else undefined. */
  seeding?: () => Promise<unknown> | undefined;
}

const ADMIN_BODY_LIMIT = 20 * 1024 * 1024;
const CLIENT_BODY_LIMIT = 6 * 1024 * 1024;
const CONTROL_BODY_LIMIT = 64 * 1024;
/** wx.cloud's errCode for a storage permission refusal (wx-server-sdk: STORAGE_EXCEED_AUTHORITY). */
const STORAGE_PERMISSION_DENIED = -503002;

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>粤品通 · 本地云</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>粤品通 · 本地云已启动</h1>
<p>小程序网页预览尚未接入。可用接口：</p>
<ul><li><code>POST /admin</code> — CloudBase 服务端 API</li>
<li><code>POST /client/call</code> — 模拟小程序调用云函数</li>
<li><code>GET /healthz</code> — 健康检查</li></ul>
</body></html>`;

/** The SDK may send a bare `multipart/form-data` header; the boundary then comes from the body's first line. */
function withBoundary(contentType: string, body: Buffer): string {
  if (/boundary=/i.test(contentType)) return contentType;
  const firstLine = body.subarray(0, Math.min(body.length, 200)).toString('latin1').split('\r\n')[0];
  if (!firstLine.startsWith('--') || firstLine.length < 3) throw new Error('multipart 请求缺少 boundary');
  return `multipart/form-data; boundary=${firstLine.slice(2)}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class CloudServer {
  private readonly server: Server;
  private previewHandler: PreviewHandler | undefined;
  private boundPort = 0;
  readonly openApi: OpenApiEmulator;
  readonly drand: LocalDrandChain;

  constructor(
    private readonly deps: CloudServerDeps,
    private readonly options: { port?: number; hostname?: string } = {},
  ) {
    this.openApi = deps.openApi ?? new OpenApiEmulator();
    this.drand = deps.drand ?? new LocalDrandChain();
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        // Last resort: a handler bug answers 500 instead of taking the emulator down.
        if (!res.headersSent) sendJson(res, 500, { code: 'SYS_ERR', message: errorMessage(error) });
        else res.destroy();
      });
    });
    // wx-server-sdk reuses a pooled socket for up to ~4.8 s by its own timer, but a function busy in
    // synchronous work that then sends at once (the continuation runs before its timers) can reuse one
    // idle for longer; a server that closed it meanwhile answers that request with a reset (ECONNRESET,
    // seen in CI on a slow machine with a 10 s limit). Idle sockets are cheap here: keep them a minute.
    this.server.keepAliveTimeout = 60_000;
    this.server.headersTimeout = 65_000;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.options.hostname ?? DEFAULT_HOST}:${this.boundPort}`;
  }

  /** Lets the web preview module serve GET / and /preview/*. */
  setPreviewHandler(handler: PreviewHandler | undefined): void {
    this.previewHandler = handler;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.hostname ?? DEFAULT_HOST, () => {
        this.server.off('error', reject);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    const pathname = url.pathname;

    if (pathname === '/admin' && method === 'POST') return this.handleAdmin(req, res);
    if (pathname === '/client/call' && method === 'POST') return this.handleClientCall(req, res);
    if (pathname === '/client/upload' && method === 'POST') return this.handleClientUpload(req, res, url);
    if (pathname === '/client/open-data' && method === 'POST') return this.handleOpenData(req, res);
    if (pathname.startsWith('/files/') && (method === 'GET' || method === 'HEAD'))
      return this.handleFile(res, pathname, method, url);
    if (pathname.startsWith('/_upload/') && (method === 'PUT' || method === 'POST'))
      return this.handleUpload(req, res, pathname);
    if (pathname === '/_emulator/messages' && method === 'GET') return sendJson(res, 200, this.openApi.messages());
    if (pathname === '/_emulator/status' && method === 'GET') {
      return sendJson(res, 200, { seeding: Boolean(this.deps.seeding?.()) });
    }
    if (pathname === DRAND_ROUTE || pathname.startsWith(`${DRAND_ROUTE}/`))
      return this.drand.handle(req, res, pathname);
    if (pathname.startsWith('/_emulator/') && method === 'POST') return this.handleControl(req, res, pathname);
    if (pathname === '/healthz') {
      return sendJson(res, 200, {
        ok: true,
        env: this.deps.host.envId,
        functions: this.deps.host.list().map((f) => f.name),
      });
    }
    if (
      (pathname === '/' || pathname === '/preview' || pathname.startsWith('/preview/')) &&
      (method === 'GET' || method === 'HEAD')
    ) {
      if (this.previewHandler) return this.previewHandler(req, res, url);
      return sendText(res, 200, PLACEHOLDER_PAGE, 'text/html; charset=utf-8');
    }
    if (this.previewHandler && method === 'GET' && !pathname.startsWith('/client/')) {
      // Preview assets (scripts, styles) live outside /preview/ too; let the handler decide.
      return this.previewHandler(req, res, url);
    }
    sendJson(res, 404, { code: 'NOT_FOUND', message: `没有这个接口：${method} ${pathname}` });
  }

  // ---- /admin: the CloudBase server API ------------------------------------------------------

  private async handleAdmin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    // The SDK reads errors from HTTP 200 bodies; other statuses all collapse into -501001.
    const fail = (code: string, message: string) => sendJson(res, 200, { code, message, requestId });
    let body: Record<string, unknown>;
    try {
      const raw = await readBody(req, ADMIN_BODY_LIMIT);
      const contentType = req.headers['content-type'] ?? '';
      if (/^multipart\/form-data/i.test(contentType))
        return await this.handleWxOpenApi(res, raw, contentType, requestId);
      body = parseJsonObject(raw);
    } catch (error) {
      return fail('INVALID_PARAM', errorMessage(error));
    }
    const action = body.action;
    if (typeof action !== 'string' || !action) return fail('INVALID_PARAM', '缺少 action');

    // Counted against the invocation whose token it carries (what CloudBase bills per call).
    this.deps.host.recordServerRequest(body.wxCloudApiToken, action);
    try {
      if (action.startsWith('database.')) {
        const reply = await this.deps.db.handle(action, body);
        return sendJson(res, 200, { requestId, ...reply });
      }
      if (action.startsWith('storage.')) {
        const reply = await this.deps.storage.handle(action, body);
        return sendJson(res, 200, { requestId, ...reply });
      }
      if (action === 'functions.invokeFunction') return await this.invokeFromServer(res, body, requestId);
      return fail('INVALID_ACTION', `本地云不支持的操作：${action}`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (error instanceof StorageError || typeof code === 'string') return fail(String(code), errorMessage(error));
      return fail('SYS_ERR', errorMessage(error));
    }
  }

  /**
   * wx.openApi (node-sdk callCompatibleWxOpenApi): multipart fields action, apiName, requestData. Success is
   * a raw protobuf body; errors are the usual JSON reply, which the SDK tells apart by failing to decode it.
   */
  private async handleWxOpenApi(
    res: ServerResponse,
    raw: Buffer,
    contentType: string,
    requestId: string,
  ): Promise<void> {
    const fail = (code: string, message: string) => sendJson(res, 200, { code, message, requestId });
    let parts;
    try {
      parts = parseMultipart(raw, withBoundary(contentType, raw));
    } catch (error) {
      return fail('INVALID_PARAM', errorMessage(error));
    }
    const field = (name: string) => parts.find((p) => p.name === name)?.data;
    const action = field('action')?.toString('utf8');
    if (action !== 'wx.openApi') return fail('INVALID_ACTION', `本地云不支持的操作：${action ?? '(空)'}`);
    const reply = await this.openApi.handle(
      field('apiName')?.toString('utf8') ?? '',
      field('requestData') ?? Buffer.alloc(0),
    );
    if (!reply.ok) return fail(reply.code, reply.message);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': reply.body.length });
    res.end(reply.body);
  }

  /**
   * functions.invokeFunction. Identity follows CloudBase: a call made by a function (its
   * WX_API_TOKEN in wxCloudApiToken) runs as that function's caller, with SOURCE "<caller>,scf";
   * any other server-side call (console, admin script) runs with no user identity.
   */
  private async invokeFromServer(res: ServerResponse, body: Record<string, unknown>, requestId: string): Promise<void> {
    const fail = (code: string, message: string) => sendJson(res, 200, { code, message, requestId });
    const name = body.function_name;
    if (typeof name !== 'string' || !name) return fail('INVALID_PARAM', '缺少 function_name');
    let event: unknown = {};
    if (typeof body.request_data === 'string' && body.request_data !== '') {
      try {
        event = JSON.parse(body.request_data);
      } catch (error) {
        return fail('INVALID_PARAM', `request_data 不是合法的 JSON：${errorMessage(error)}`);
      }
    } else if (body.request_data !== undefined && body.request_data !== '' && body.request_data !== null) {
      return fail('INVALID_PARAM', 'request_data 必须是 JSON 字符串');
    }

    const token = body.wxCloudApiToken;
    const caller = this.deps.host.identityForToken(token);
    // A token that names no running invocation (e.g. used after its call ended) is refused, never
    // downgraded to a console call: absence of an identity must not grant one.
    if (typeof token === 'string' && token && !caller) {
      return fail('PERMISSION_DENIED', 'wxCloudApiToken 无效或已过期：调用它的函数已结束');
    }
    const identity: InvocationIdentity = caller
      ? {
          openid: caller.openid,
          appid: caller.appid,
          unionid: caller.unionid,
          clientIp: caller.clientIp,
          source: caller.source ? `${caller.source},scf` : 'scf',
        }
      : {};
    const outcome = await this.deps.host.invoke(name, event, identity);
    if (!outcome.ok) {
      const { code, message } = toServerError(outcome.failure);
      return sendJson(res, 200, { code, message, requestId: outcome.requestId });
    }
    sendJson(res, 200, { requestId: outcome.requestId, data: { response_data: outcome.json } });
  }

  // ---- /client/*: what the mini-program (or the web preview) calls ---------------------------

  private async handleClientCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const invalid = (message: string) =>
      sendJson(res, 400, { errCode: CLIENT_ERR_CODES.INVALID_PARAM, errMsg: message });
    let body: Record<string, unknown>;
    try {
      const raw = await readBody(req, CLIENT_BODY_LIMIT);
      // Checked before parsing: deep nesting would overflow the stack of whatever walks it next.
      if (jsonNestsDeeperThan(raw, MAX_CLIENT_JSON_DEPTH)) {
        return invalid(`请求体嵌套超过 ${MAX_CLIENT_JSON_DEPTH} 层`);
      }
      body = parseJsonObject(raw);
    } catch (error) {
      return invalid(errorMessage(error));
    }
    const { name, data } = body;
    if (typeof name !== 'string' || !name) return invalid('缺少云函数名 name');
    if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) {
      return invalid('data 必须是对象');
    }
    const appId = this.deps.host.appId;
    const checked = clientIdentity(body, appId, req.socket.remoteAddress?.replace(/^::ffff:/, ''));
    if (!checked.ok) return invalid(checked.message);
    const identity = checked.identity;
    // The platform overwrites userInfo with the verified caller; a client cannot spoof it.
    const resolved = this.deps.openData.resolve(data ?? {}, identity.openid ?? '') as Record<string, unknown>;
    const event = {
      ...resolved,
      userInfo: identity.openid ? { appId, openId: identity.openid } : { appId },
    };
    // While the project's seed writes its data, a page would read half of it and state something
    // untrue ("红榜尚未发布"): mini-program calls wait until the seed has finished (or failed).
    const seeding = this.deps.seeding?.();
    if (seeding) await seeding.catch(() => undefined);
    const outcome = await this.deps.host.invoke(name, event, identity);
    if (!outcome.ok) return sendJson(res, 200, { ...toClientError(outcome.failure), requestId: outcome.requestId });
    if (Buffer.byteLength(outcome.json) > CLIENT_RESULT_LIMIT_BYTES) {
      return sendJson(res, 200, {
        errCode: CLIENT_ERR_CODES.RESULT_TOO_LARGE,
        errMsg: 'cloudfunction result size exceed limit (1MB)',
        requestId: outcome.requestId,
      });
    }
    // Splice the function's JSON in as-is rather than parse and re-serialise it.
    const text = `{"result":${outcome.json},"requestId":${JSON.stringify(outcome.requestId)}}`;
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  /** `{openid, phone}` → `{cloudID}`: what WeChat's getPhoneNumber button gives the mini-program. */
  private async handleOpenData(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = parseJsonObject(await readBody(req, CONTROL_BODY_LIMIT));
    } catch (error) {
      return sendJson(res, 400, { errCode: CLIENT_ERR_CODES.INVALID_PARAM, errMsg: errorMessage(error) });
    }
    const { openid, phone } = body;
    if (typeof openid !== 'string' || !openid || typeof phone !== 'string' || !/^\d{5,15}$/.test(phone)) {
      return sendJson(res, 400, { errCode: CLIENT_ERR_CODES.INVALID_PARAM, errMsg: '需要 openid 和数字手机号 phone' });
    }
    sendJson(res, 200, { cloudID: this.deps.openData.issuePhoneNumber(openid, phone, this.deps.host.appId) });
  }

  private async handleClientUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const invalid = (status: number, message: string) =>
      sendJson(res, status, { errCode: CLIENT_ERR_CODES.INVALID_PARAM, errMsg: message });
    let body: Buffer;
    try {
      body = await readBody(req, MAX_UPLOAD_BYTES);
    } catch (error) {
      return invalid(error instanceof HttpError ? error.status : 400, errorMessage(error));
    }
    let cloudPath = url.searchParams.get('cloudPath') ?? undefined;
    let openid = url.searchParams.get('openid') ?? undefined;
    let data = body;
    const contentType = req.headers['content-type'] ?? '';
    try {
      if (/^multipart\/form-data/i.test(contentType)) {
        const parts = parseMultipart(body, contentType);
        const field = (name: string) => parts.find((p) => p.name === name && p.filename === undefined);
        const filePart = parts.find((p) => p.name === 'file') ?? parts.find((p) => p.filename !== undefined);
        cloudPath = field('cloudPath')?.data.toString('utf8') ?? cloudPath;
        openid = field('openid')?.data.toString('utf8') ?? openid;
        if (!filePart) return invalid(400, 'multipart 请求缺少文件字段 file');
        data = filePart.data;
      }
      if (!cloudPath) return invalid(400, '缺少 cloudPath');
      // As with /client/call, a mini-program request always carries its user; storage rules judge it.
      if (!openid) return invalid(400, '缺少 openid：小程序端上传总是带有用户身份');
      const fileID = await this.deps.storage.putAsUser(normalizeCloudPath(cloudPath), data, openid);
      sendJson(res, 200, { fileID, statusCode: 200 });
    } catch (error) {
      if (error instanceof StorageError && error.code === 'STORAGE_EXCEED_AUTHORITY') {
        return sendJson(res, 403, { errCode: STORAGE_PERMISSION_DENIED, errMsg: errorMessage(error) });
      }
      return invalid(error instanceof HttpError ? error.status : 400, errorMessage(error));
    }
  }

  // ---- files ---------------------------------------------------------------------------------

  /**
   * A file is served to whoever holds a signed temp URL (server-issued, until it expires), to a
   * mini-program user (`?openid=`, as the preview resolves cloud:// fileIDs) whom the bucket's mode lets
   * read it, and to anyone when the mode is public-read.
   */
  private async handleFile(res: ServerResponse, pathname: string, method: string, url: URL): Promise<void> {
    let cloudPath: string;
    try {
      cloudPath = normalizeCloudPath(
        pathname
          .slice('/files/'.length)
          .split('/')
          .map((s) => decodeURIComponent(s))
          .join('/'),
      );
    } catch (error) {
      return sendJson(res, 400, { code: 'INVALID_PARAM', message: errorMessage(error) });
    }
    const storage = this.deps.storage;
    const openid = url.searchParams.get('openid');
    const allowed = url.searchParams.has('sign')
      ? storage.verifySignedUrl(cloudPath, url.searchParams.get('sign'), url.searchParams.get('t'))
      : openid
        ? await storage.canRead(cloudPath, openid)
        : storage.acl === 'READONLY' || storage.acl === 'ADMINWRITE';
    // Refused before looking: whoever may not read a path does not learn whether it exists.
    if (!allowed) {
      return sendJson(res, 403, {
        code: 'STORAGE_EXCEED_AUTHORITY',
        message: `无权读取 ${cloudPath}（存储权限：${storage.acl}）`,
      });
    }
    const data = await storage.get(cloudPath);
    if (!data) return sendJson(res, 404, { code: 'STORAGE_FILE_NONEXIST', message: `文件不存在：${cloudPath}` });
    res.writeHead(200, {
      'content-type': contentTypeFor(cloudPath),
      'content-length': data.length,
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    });
    res.end(method === 'HEAD' ? undefined : data);
  }

  private async handleUpload(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    // COS replies XML errors; node-sdk parses Code/Message/RequestId/TraceId out of them.
    const cosError = (status: number, code: string, message: string) =>
      sendText(
        res,
        status,
        `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
          `<RequestId>${randomUUID()}</RequestId><TraceId>local</TraceId></Error>`,
        'application/xml',
      );
    let body: Buffer;
    try {
      body = await readBody(req, MAX_UPLOAD_BYTES);
    } catch (error) {
      return cosError(error instanceof HttpError ? error.status : 400, 'EntityTooLarge', errorMessage(error));
    }
    const fileId = await this.deps.storage.completeUpload(pathname.slice('/_upload/'.length), body);
    if (!fileId) return cosError(403, 'AccessDenied', 'upload ticket is invalid or expired');
    res.writeHead(200, { 'content-length': 0 });
    res.end();
  }

  // ---- control API for the CLI ----------------------------------------------------------------

  private async handleControl(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const control = this.deps.control;
    let body: Record<string, unknown> = {};
    try {
      const raw = await readBody(req, CONTROL_BODY_LIMIT);
      if (raw.length) body = parseJsonObject(raw);
    } catch (error) {
      return sendJson(res, 400, { ok: false, message: errorMessage(error) });
    }
    const dir = typeof body.dir === 'string' && body.dir ? body.dir : undefined;
    try {
      switch (pathname) {
        case '/_emulator/export':
          if (!control || !dir) break;
          await control.exportTo(dir);
          return sendJson(res, 200, { ok: true });
        case '/_emulator/import':
          if (!control || !dir) break;
          await control.importFrom(dir);
          return sendJson(res, 200, { ok: true });
        case '/_emulator/reset':
          if (!control) break;
          await control.reset();
          return sendJson(res, 200, { ok: true });
        case '/_emulator/seed':
          if (!control) break;
          await control.seed();
          return sendJson(res, 200, { ok: true });
        case '/_emulator/reload':
          if (!control) break;
          await control.reload();
          return sendJson(res, 200, { ok: true });
        case '/_emulator/fire-timer': {
          const outcome = await this.deps.timers.fireTimer(String(body.function), String(body.trigger));
          return sendJson(
            res,
            200,
            outcome.ok ? { ok: true, result: JSON.parse(outcome.json) } : { ok: false, ...outcome.failure },
          );
        }
      }
    } catch (error) {
      return sendJson(res, 500, { ok: false, message: errorMessage(error) });
    }
    sendJson(res, 400, { ok: false, message: `无法执行 ${pathname}（缺少参数 dir 或未提供该控制操作）` });
  }
}
