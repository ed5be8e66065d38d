/**
 * The local cloud for integration tests: functions built by jest's globalSetup, database and
 * files in memory (or in `dataDir`), a random port, timers off (fire them with fireTimer).
 *
 *   const cloud = await startTestCloud();
 *   afterAll(() => cloud.stop());
 *   const res = await cloud.call('voucher', { action: 'apply', … }, 'o-alice');  // as a user
 *   const out = await cloud.admin('admin', { action: 'openCampaign', … });      // as the console
 */
import { Agent, request } from 'node:http';
import path from 'node:path';
import type { LocalDatabase } from '../../../emulator/database';
import {
  totalServerRequests,
  type FunctionLogMode,
  type InvokeOutcome,
  type ServerRequestCounts,
} from '../../../emulator/functions/host';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../../emulator/start';

export const FIXTURE_FUNCTIONS_DIR = path.resolve(__dirname, '../../fixtures/functions');
/** OPENID used by `call()` when none is given. */
export const DEFAULT_TEST_OPENID = 'o-test-user';

export interface ClientCallReply<T = unknown> {
  result?: T;
  errCode?: number;
  errMsg?: string;
  requestId?: string;
}

/** A failed mini-program call ({errCode, errMsg}) or console call ({code, message}). */
export class CloudCallError extends Error {
  constructor(
    readonly functionName: string,
    readonly errCode: number | string,
    readonly errMsg: string,
  ) {
    super(`${functionName} failed: ${errCode} ${errMsg}`);
    this.name = 'CloudCallError';
  }
}

export interface TestCloudOptions {
  /** Also load tests/fixtures/functions (probe, peer). */
  fixtures?: boolean;
  /** Persist to this directory instead of memory (restart tests). */
  dataDir?: string;
  timers?: boolean;
  functionOverrides?: LocalCloudOptions['functionOverrides'];
  /** Default: function stderr is printed ('errors'); EMULATOR_LOGS=1 prints everything. */
  functionLogs?: FunctionLogMode;
  port?: number;
  onTimerFired?: LocalCloudOptions['onTimerFired'];
}

export interface TestCloud {
  url: string;
  cloud: LocalCloud;
  db: LocalDatabase;
  /** wx.cloud.callFunction as `openid` (default DEFAULT_TEST_OPENID); returns `result`, throws CloudCallError. */
  call<T = unknown>(name: string, data?: object, openid?: string): Promise<T>;
  /**
   * As `call`, with the server-API requests the invocation made (each a billed round trip on CloudBase):
   * by API action and in total.
   */
  callCounted<T = unknown>(
    name: string,
    data?: object,
    openid?: string,
  ): Promise<{ result: T; serverRequests: ServerRequestCounts; total: number }>;
  /** The raw /client/call reply, errors included. */
  callRaw<T = unknown>(name: string, data?: unknown, openid?: string | null): Promise<ClientCallReply<T>>;
  /** functions.invokeFunction over POST /admin like a server SDK: no OPENID; returns `result`. */
  admin<T = unknown>(name: string, data?: object): Promise<T>;
  /** POST any body to /admin and get the parsed reply. */
  adminRaw(body: unknown): Promise<Record<string, unknown>>;
  fireTimer(functionName: string, triggerName: string, time?: Date): Promise<InvokeOutcome>;
  /** Recent function output lines, "[name] line". */
  logs(): string[];
  stop(): Promise<void>;
}

interface HttpReply {
  status: number;
  body: string;
}

function httpPost(agent: Agent, url: string, payload: string, contentType = 'application/json'): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function parseReply(name: string, reply: HttpReply): Record<string, unknown> {
  try {
    return JSON.parse(reply.body) as Record<string, unknown>;
  } catch {
    throw new Error(`${name}: emulator answered HTTP ${reply.status} with non-JSON: ${reply.body.slice(0, 200)}`);
  }
}

export async function startTestCloud(options: TestCloudOptions = {}): Promise<TestCloud> {
  const cloud = await startLocalCloud({
    port: options.port ?? 0,
    dataDir: options.dataDir,
    timers: options.timers ?? false,
    seed: false,
    extraFunctionsDir: options.fixtures ? FIXTURE_FUNCTIONS_DIR : undefined,
    functionOverrides: options.functionOverrides,
    functionLogs: options.functionLogs ?? (process.env.EMULATOR_LOGS ? 'inherit' : 'errors'),
    onTimerFired: options.onTimerFired,
  });
  // Own keep-alive agent so connections are closed with the cloud instead of lingering in jest.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  const callRaw = async <T>(name: string, data: unknown = {}, openid: string | null = DEFAULT_TEST_OPENID) => {
    const payload = JSON.stringify({ name, data, ...(openid === null ? {} : { openid }) });
    return parseReply(name, await httpPost(agent, `${cloud.url}/client/call`, payload)) as ClientCallReply<T>;
  };
  const adminRaw = async (body: unknown) =>
    parseReply('admin', await httpPost(agent, `${cloud.adminUrl}?env=${cloud.host.envId}`, JSON.stringify(body)));

  return {
    url: cloud.url,
    cloud,
    db: cloud.db,
    callRaw,
    adminRaw,
    async call<T>(name: string, data: object = {}, openid: string = DEFAULT_TEST_OPENID): Promise<T> {
      const reply = await callRaw<T>(name, data, openid);
      if (reply.errCode !== undefined) throw new CloudCallError(name, reply.errCode, reply.errMsg ?? '');
      return reply.result as T;
    },
    async callCounted<T>(name: string, data: object = {}, openid: string = DEFAULT_TEST_OPENID) {
      const reply = await callRaw<T>(name, data, openid);
      if (reply.errCode !== undefined) throw new CloudCallError(name, reply.errCode, reply.errMsg ?? '');
      const serverRequests = cloud.host.serverRequestsOf(reply.requestId ?? '');
      if (!serverRequests) throw new Error(`${name}: no request counts for ${reply.requestId}`);
      return { result: reply.result as T, serverRequests, total: totalServerRequests(serverRequests) };
    },
    async admin<T>(name: string, data: object = {}): Promise<T> {
      const reply = await adminRaw({
        action: 'functions.invokeFunction',
        function_name: name,
        request_data: JSON.stringify(data),
      });
      if (reply.code) throw new CloudCallError(name, String(reply.code), String(reply.message ?? ''));
      const responseData = (reply.data as { response_data?: string } | undefined)?.response_data;
      if (typeof responseData !== 'string') throw new Error(`${name}: malformed reply ${JSON.stringify(reply)}`);
      return JSON.parse(responseData) as T;
    },
    fireTimer: (fn, trigger, time) => cloud.fireTimer(fn, trigger, time),
    logs: () => cloud.host.recentLogs(),
    async stop() {
      agent.destroy();
      await cloud.stop();
    },
  };
}
