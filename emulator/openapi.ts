/**
 * WeChat open API as wx-server-sdk reaches it through CloudBase: `cloud.openapi.<api>(data)` becomes
 * POST /admin, multipart/form-data {action: 'wx.openApi', apiName, requestData = protobuf CommApiData}, and
 * expects a raw protobuf CommOpenApiResp back (wx-server-sdk src/protobuf/openapi.js has the schema).
 *
 * Answered: subscribeMessage.send (validates like WeChat and records the message, so tests and developers
 * can see what would have reached users: GET /_emulator/messages) and wxacode.getUnlimited (validates
 * scene, page and width like WeChat and answers a PNG; the local cloud cannot draw WeChat's round
 * mini-program code, so the image is a QR code of `<page>?scene=<encoded scene>`, the path the code would
 * open, and the call is recorded: codes()).
 */
// protobufjs ships with wx-server-sdk (its protobuf runtime); the minimal build has Reader and Writer.
import { Reader, Writer } from 'protobufjs/minimal';
import QRCode from 'qrcode';

const pb = { Reader, Writer };

/** CommApiData.apiType for open API calls. */
export const API_TYPE_OPEN_API = 0;

export interface CommApiData {
  apiType: number;
  appid: string;
  /** openapiData.pairs: key → raw value bytes (JSON text for ordinary parameters). */
  pairs: { key: string; value: Buffer }[];
}

function decodePair(reader: Reader, end: number): { key: string; value: Buffer } {
  const pair = { key: '', value: Buffer.alloc(0) };
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) pair.key = reader.string();
    else if (tag >>> 3 === 2) pair.value = Buffer.from(reader.bytes());
    else reader.skipType(tag & 7); // contenttype, filename: not needed
  }
  return pair;
}

/** Decodes a CommApiData buffer (field numbers from wx-server-sdk's openapi.js); throws on malformed input. */
export function decodeCommApiData(buffer: Uint8Array): CommApiData {
  const reader = pb.Reader.create(buffer);
  const message: CommApiData = { apiType: 0, appid: '', pairs: [] };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1:
        message.apiType = reader.int32();
        break;
      case 2: {
        // OpenApiData { repeated KeyValuePair pairs = 1 }
        const end = reader.uint32() + reader.pos;
        while (reader.pos < end) {
          const inner = reader.uint32();
          if (inner >>> 3 === 1) message.pairs.push(decodePair(reader, reader.uint32() + reader.pos));
          else reader.skipType(inner & 7);
        }
        break;
      }
      case 6:
        message.appid = reader.string();
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  if (reader.pos !== reader.len) throw new Error('truncated protobuf');
  return message;
}

/** Encodes a CommApiData (the test side of the round trip; the SDK encodes its own). */
export function encodeCommApiData(message: CommApiData): Buffer {
  const writer = pb.Writer.create();
  writer.uint32((1 << 3) | 0).int32(message.apiType);
  const pairs = pb.Writer.create();
  for (const pair of message.pairs) {
    const p = pb.Writer.create();
    p.uint32((1 << 3) | 2).string(pair.key);
    p.uint32((2 << 3) | 2).bytes(pair.value);
    pairs.uint32((1 << 3) | 2).bytes(p.finish());
  }
  writer.uint32((2 << 3) | 2).bytes(pairs.finish());
  if (message.appid) writer.uint32((6 << 3) | 2).string(message.appid);
  return Buffer.from(writer.finish());
}

export interface CommOpenApiResp {
  respData: Buffer;
  contentType: string;
  httpCode: number;
}

/** Encodes a CommOpenApiResp: respData = 1 (bytes), contentType = 2, httpCode = 4. */
export function encodeCommOpenApiResp(resp: CommOpenApiResp): Buffer {
  const writer = pb.Writer.create();
  writer.uint32((1 << 3) | 2).bytes(resp.respData);
  writer.uint32((2 << 3) | 2).string(resp.contentType);
  writer.uint32((4 << 3) | 0).uint32(resp.httpCode);
  return Buffer.from(writer.finish());
}

/** Decodes a CommOpenApiResp (for tests; fields other than 1, 2, 4 are skipped). */
export function decodeCommOpenApiResp(buffer: Uint8Array): CommOpenApiResp {
  const reader = pb.Reader.create(buffer);
  const resp: CommOpenApiResp = { respData: Buffer.alloc(0), contentType: '', httpCode: 0 };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) resp.respData = Buffer.from(reader.bytes());
    else if (tag >>> 3 === 2) resp.contentType = reader.string();
    else if (tag >>> 3 === 4) resp.httpCode = reader.uint32();
    else reader.skipType(tag & 7);
  }
  return resp;
}

/** A subscribe message the emulator "delivered". */
export interface SentMessage {
  touser: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
  miniprogramState: string | null;
  lang: string | null;
  appid: string;
  sentAt: string;
}

/** A mini-program code the emulator drew (wxacode.getUnlimited). */
export interface GeneratedCode {
  scene: string;
  page: string;
  width: number;
  envVersion: string;
  checkPath: boolean;
  appid: string;
  /** What the PNG encodes: the page and query the code opens. */
  opens: string;
  bytes: number;
  createdAt: string;
}

export type OpenApiReply = { ok: true; body: Buffer } | { ok: false; code: string; message: string };

const MAX_MESSAGES = 1000;
const MAX_CODES = 1000;

/** WeChat's scene: 1–32 visible characters of this set (getUnlimitedQRCode). */
const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
/** A page path as WeChat takes it: no leading slash, no query. */
const PAGE_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
const ENV_VERSIONS = ['release', 'trial', 'develop'];
/** The home page WeChat opens when `page` is omitted; the emulator does not read app.json. */
const HOME_PAGE = '';

function wxJson(errcode: number, errmsg: string): Buffer {
  return encodeCommOpenApiResp({
    respData: Buffer.from(JSON.stringify({ errcode, errmsg })),
    contentType: 'application/json',
    httpCode: 200,
  });
}

const SUPPORTED_APIS = ['subscribeMessage.send', 'wxacode.getUnlimited'];

export class OpenApiEmulator {
  private readonly sent: SentMessage[] = [];
  private readonly generated: GeneratedCode[] = [];

  /** Delivered messages, oldest first. */
  messages(): SentMessage[] {
    return this.sent.slice();
  }

  /** Mini-program codes drawn, oldest first. */
  codes(): GeneratedCode[] {
    return this.generated.slice();
  }

  clear(): void {
    this.sent.length = 0;
    this.generated.length = 0;
  }

  /** One wx.openApi call: `apiName` and the CommApiData `requestData`. */
  async handle(apiName: string, requestData: Buffer): Promise<OpenApiReply> {
    if (!SUPPORTED_APIS.includes(apiName)) {
      return { ok: false, code: 'INVALID_ACTION', message: `本地云不支持的开放接口：${apiName || '(空)'}` };
    }
    let request: CommApiData;
    try {
      request = decodeCommApiData(requestData);
    } catch (error) {
      return { ok: false, code: 'INVALID_PARAM', message: `requestData 无法解析：${(error as Error).message}` };
    }
    const params: Record<string, unknown> = {};
    for (const { key, value } of request.pairs) {
      try {
        params[key] = JSON.parse(value.toString('utf8'));
      } catch {
        return { ok: false, code: 'INVALID_PARAM', message: `参数 ${key} 不是合法的 JSON` };
      }
    }
    if (apiName === 'wxacode.getUnlimited') return { ok: true, body: await this.getUnlimited(params, request.appid) };
    return { ok: true, body: this.subscribeMessageSend(params, request.appid) };
  }

  /**
   * wxacode.getUnlimited in WeChat's order of checks: scene (40129), page (41030), env_version (40097);
   * width is clamped to 280–1280 px (default 430); line_color and is_hyaline are honoured.
   */
  private async getUnlimited(params: Record<string, unknown>, appid: string): Promise<Buffer> {
    const { scene, page, width, check_path: checkPath, env_version: envVersion, line_color: lineColor } = params;
    if (typeof scene !== 'string' || !SCENE_PATTERN.test(scene)) return wxJson(40129, 'invalid scene');
    if (page !== undefined && (typeof page !== 'string' || (page !== '' && !PAGE_PATTERN.test(page)))) {
      return wxJson(41030, 'invalid page');
    }
    if (envVersion !== undefined && !ENV_VERSIONS.includes(String(envVersion))) {
      return wxJson(40097, 'invalid args: env_version');
    }
    const size = Math.min(1280, Math.max(280, Math.round(typeof width === 'number' ? width : 430)));
    const path = typeof page === 'string' && page ? page : HOME_PAGE;
    const opens = `${path}?scene=${encodeURIComponent(scene)}`;
    const body = await QRCode.toBuffer(opens, {
      type: 'png',
      width: size,
      margin: 2,
      errorCorrectionLevel: 'M',
      color: { dark: hexColor(lineColor), light: params.is_hyaline === true ? '#00000000' : '#ffffffff' },
    });
    this.generated.push({
      scene,
      page: path,
      width: size,
      envVersion: typeof envVersion === 'string' ? envVersion : 'release',
      checkPath: checkPath !== false,
      appid,
      opens,
      bytes: body.length,
      createdAt: new Date().toISOString(),
    });
    if (this.generated.length > MAX_CODES) this.generated.splice(0, this.generated.length - MAX_CODES);
    return encodeCommOpenApiResp({ respData: body, contentType: 'image/png', httpCode: 200 });
  }

  /** WeChat's checks, in its order; the SDK sends parameters in snake_case. */
  private subscribeMessageSend(params: Record<string, unknown>, appid: string): Buffer {
    const { touser, template_id: templateId, data, page, miniprogram_state: state, lang } = params;
    if (typeof touser !== 'string' || !touser) return wxJson(40003, 'invalid openid');
    if (typeof templateId !== 'string' || !templateId) return wxJson(40037, 'invalid template_id');
    if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) {
      return wxJson(47003, 'argument invalid! data is empty');
    }
    const values: Record<string, { value: string }> = {};
    for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
      const value = (entry as { value?: unknown } | null)?.value;
      if ((typeof value !== 'string' && typeof value !== 'number') || String(value) === '') {
        return wxJson(47003, `argument invalid! data.${key}.value is empty`);
      }
      values[key] = { value: String(value) };
    }
    if (touser.startsWith('refuse-')) return wxJson(43101, 'user refuse to accept the msg');
    this.sent.push({
      touser,
      templateId,
      page: typeof page === 'string' ? page : null,
      data: values,
      miniprogramState: typeof state === 'string' ? state : null,
      lang: typeof lang === 'string' ? lang : null,
      appid,
      sentAt: new Date().toISOString(),
    });
    if (this.sent.length > MAX_MESSAGES) this.sent.splice(0, this.sent.length - MAX_MESSAGES);
    return wxJson(0, 'ok');
  }
}

/** line_color {r, g, b} (numbers or numeric strings, 0–255) as #rrggbbff; black otherwise. */
function hexColor(value: unknown): string {
  const color = (value ?? {}) as Record<string, unknown>;
  const channel = (key: string) => {
    const n = Math.round(Number(color[key] ?? 0));
    return (Number.isFinite(n) ? Math.min(255, Math.max(0, n)) : 0).toString(16).padStart(2, '0');
  };
  return `#${channel('r')}${channel('g')}${channel('b')}ff`;
}
