import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { DEFAULT_APP_ID, DEFAULT_ENV_ID, FUNCTION_TIMEZONE, type FunctionSpec } from '../env';
import { NOT_FOUND_MESSAGE, timeoutMessage, type InvokeFailure } from './errors';
import type { EnvOverlay, HostToWorker, SerializedError, WorkerInit, WorkerToHost } from './protocol';

/**
 * Who an invocation runs as. getWXContext() inside the function reports exactly this.
 * - mini-program call: openid + appid, source "wx_client";
 * - WeChat crawler: appid, source "wx_crawler", no openid;
 * - console / server SDK call: nothing at all (no OPENID, no SOURCE: what the functions take as the console);
 * - timer: source "wx_trigger" and TRIGGER_SRC=timer;
 * - function → function (cloud.callFunction): the caller's identity with ",scf" appended to source.
 */
export interface InvocationIdentity {
  openid?: string;
  appid?: string;
  unionid?: string;
  clientIp?: string;
  source?: string;
  timer?: boolean;
}

/**
 * The server-API requests one invocation made, by API action (`database.queryDocument`: 2, …): what
 * CloudBase bills and each one a network round trip in production. Counted from the invocation's
 * WX_API_TOKEN, which wx-server-sdk sends with every request.
 */
export type ServerRequestCounts = Record<string, number>;

export type InvokeOutcome =
  | { ok: true; requestId: string; json: string; durationMs: number; serverRequests: ServerRequestCounts }
  | {
      ok: false;
      requestId: string;
      failure: InvokeFailure;
      durationMs: number;
      serverRequests: ServerRequestCounts;
    };

/** All server-API requests of an invocation. */
export const totalServerRequests = (counts: ServerRequestCounts): number =>
  Object.values(counts).reduce((sum, n) => sum + n, 0);

export type FunctionLogMode = 'inherit' | 'errors' | 'silent';

export interface FunctionHostOptions {
  /** Returns the current list of functions (re-read on reload()). */
  loadSpecs: () => FunctionSpec[];
  /** URL functions use for the server API (TCB_CONTEXT_CNFG.URL); known once the server listens. */
  adminUrl: () => string;
  envId?: string;
  appId?: string;
  /** inherit: print function output prefixed with [name]; errors: only stderr; silent: keep in memory only. */
  logs?: FunctionLogMode;
  /** Milliseconds a worker has to answer a ping after a timeout before it is considered stuck. */
  stuckAfterMs?: number;
}

interface Pending {
  requestId: string;
  token: string;
  startedAt: number;
  timer?: NodeJS.Timeout;
  /** Timed out: the caller got its answer; the work may still run until the worker is terminated. */
  abandoned: boolean;
  settle: (outcome: InvokeOutcome) => void;
}

interface FunctionWorker {
  spec: FunctionSpec;
  worker: Worker;
  ready: Promise<SerializedError | undefined>;
  pending: Map<number, Pending>;
  pings: Map<number, () => void>;
  /** No longer receives invocations; terminated once its remaining live invocations finish. */
  retired: boolean;
  exited: boolean;
}

const CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_CLIENTIPV6,WX_API_TOKEN';
const LOG_BUFFER_LINES = 500;
const RECENT_COUNTS = 10_000;

let workerSource: string | undefined;

/** The worker entry is TypeScript; bundle it once per process so it runs under node, tsx and jest alike. */
function getWorkerSource(): string {
  if (!workerSource) {
    const result = buildSync({
      entryPoints: [path.join(__dirname, 'worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    workerSource = result.outputFiles[0].text;
  }
  return workerSource;
}

function formatError(error: SerializedError): string {
  if (error.stack && error.stack.includes(error.message)) return error.stack;
  return `${error.name}: ${error.message}`;
}

/**
 * Runs cloud functions the way SCF does, one worker thread per function (the "container"):
 * per-function heap limit from memorySize, timeout from cloudbaserc, a crash or runaway loop
 * never reaches the server. Invocations of one function share its worker concurrently and are
 * kept apart by the worker's AsyncLocalStorage-backed process.env.
 */
export class FunctionHost {
  private specs = new Map<string, FunctionSpec>();
  private workers = new Map<string, FunctionWorker>();
  private all = new Set<FunctionWorker>();
  private identities = new Map<string, InvocationIdentity>();
  /** Server-API requests of each running invocation, by its token. */
  private requestCounts = new Map<string, ServerRequestCounts>();
  /** The counts of recently finished invocations, by requestId (the last RECENT_COUNTS). */
  private finishedCounts = new Map<string, ServerRequestCounts>();
  private nextId = 1;
  private closed = false;
  private readonly logBuffer: string[] = [];
  readonly envId: string;
  readonly appId: string;

  constructor(private readonly options: FunctionHostOptions) {
    this.envId = options.envId ?? DEFAULT_ENV_ID;
    this.appId = options.appId ?? DEFAULT_APP_ID;
    this.loadSpecs();
  }

  private loadSpecs(): void {
    this.specs = new Map(this.options.loadSpecs().map((s) => [s.name, s]));
  }

  list(): FunctionSpec[] {
    return [...this.specs.values()];
  }

  get(name: string): FunctionSpec | undefined {
    return this.specs.get(name);
  }

  /** Counts a server-API request against the running invocation that owns `token` (others are not counted). */
  recordServerRequest(token: unknown, action: string): void {
    const counts = typeof token === 'string' && token ? this.requestCounts.get(token) : undefined;
    if (counts) counts[action] = (counts[action] ?? 0) + 1;
  }

  /** The server-API requests a finished invocation made (among the last 10,000), by its requestId. */
  serverRequestsOf(requestId: string): ServerRequestCounts | undefined {
    return this.finishedCounts.get(requestId);
  }

  /** The counts of an invocation, moved from its token (forgotten now) to its requestId. */
  private takeCounts(token: string, requestId: string): ServerRequestCounts {
    const counts = this.requestCounts.get(token) ?? {};
    this.requestCounts.delete(token);
    this.identities.delete(token);
    this.finishedCounts.set(requestId, counts);
    if (this.finishedCounts.size > RECENT_COUNTS) {
      this.finishedCounts.delete(this.finishedCounts.keys().next().value as string);
    }
    return counts;
  }

  /** Identity of the running invocation that owns this WX_API_TOKEN (for cloud.callFunction chains). */
  identityForToken(token: unknown): InvocationIdentity | undefined {
    return typeof token === 'string' && token ? this.identities.get(token) : undefined;
  }

  /** Last lines printed by functions (all functions, newest last). */
  recentLogs(): string[] {
    return [...this.logBuffer];
  }

  /** Re-reads the function list and replaces every container, e.g. after a rebuild. */
  async reload(): Promise<void> {
    this.loadSpecs();
    for (const fw of this.all) this.retire(fw);
    this.workers.clear();
  }

  /** Starts the workers of the given functions now instead of on first call. */
  async prewarm(names: string[] = [...this.specs.keys()]): Promise<void> {
    await Promise.all(names.filter((n) => this.specs.has(n)).map((n) => this.workerFor(this.specs.get(n)!).ready));
  }

  async invoke(name: string, event: unknown, identity: InvocationIdentity = {}): Promise<InvokeOutcome> {
    const requestId = randomUUID();
    const startedAt = Date.now();
    const spec = this.specs.get(name);
    if (!spec || this.closed) {
      return {
        ok: false,
        requestId,
        failure: { kind: 'not_found', message: NOT_FOUND_MESSAGE },
        durationMs: 0,
        serverRequests: {},
      };
    }
    let fw = this.workerFor(spec);
    let loadError = await fw.ready;
    // The container may have been retired (another call timed out) while this one waited for it to boot.
    for (let attempt = 0; attempt < 3 && !loadError && fw.retired; attempt++) {
      fw = this.workerFor(spec);
      loadError = await fw.ready;
    }
    if (loadError) {
      // A broken bundle stays broken until rebuilt; drop the container so the next call retries.
      this.retire(fw);
      return {
        ok: false,
        requestId,
        failure: { kind: 'crash', message: formatError(loadError) },
        durationMs: Date.now() - startedAt,
        serverRequests: {},
      };
    }
    if (fw.exited) {
      return {
        ok: false,
        requestId,
        failure: { kind: 'crash', message: 'function container exited before the call started' },
        durationMs: Date.now() - startedAt,
        serverRequests: {},
      };
    }

    const id = this.nextId++;
    const token = randomUUID();
    this.identities.set(token, identity);
    this.requestCounts.set(token, {});
    const env = this.invocationEnv(identity, token);
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      memory_limit_in_mb: spec.memorySize,
      time_limit_in_ms: spec.timeoutSeconds * 1000,
      request_id: requestId,
      function_name: spec.name,
      function_version: '$LATEST',
      namespace: this.envId,
      tencentcloud_region: 'ap-shanghai',
      environment: JSON.stringify({
        ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== null)),
        TCB_ENV: this.envId,
        SCF_NAMESPACE: this.envId,
      }),
    };

    return new Promise<InvokeOutcome>((resolve) => {
      const started = Date.now();
      const pending: Pending = {
        requestId,
        token,
        startedAt: started,
        abandoned: false,
        settle: (outcome) => {
          if (pending.timer) clearTimeout(pending.timer);
          pending.timer = undefined;
          if (!pending.abandoned) resolve(outcome);
        },
      };
      pending.timer = setTimeout(() => this.onTimeout(fw, pending), spec.timeoutSeconds * 1000);
      fw.pending.set(id, pending);
      const message: HostToWorker = { type: 'invoke', id, event, context, env };
      try {
        fw.worker.postMessage(message);
      } catch (error) {
        // e.g. the event is not structured-cloneable; callers normally pass JSON.
        fw.pending.delete(id);
        pending.settle({
          ok: false,
          requestId,
          failure: { kind: 'crash', message: `invalid event: ${(error as Error).message}` },
          durationMs: 0,
          serverRequests: this.takeCounts(token, requestId),
        });
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((fw) => this.terminate(fw, 'emulator shutting down')));
    this.workers.clear();
  }

  private invocationEnv(identity: InvocationIdentity, token: string): EnvOverlay {
    return {
      WX_CONTEXT_KEYS: CONTEXT_KEYS,
      WX_OPENID: identity.openid ?? null,
      WX_APPID: identity.appid ?? null,
      WX_UNIONID: identity.unionid ?? null,
      WX_CLIENTIP: identity.clientIp ?? null,
      WX_CLIENTIPV6: null,
      WX_API_TOKEN: token,
      TCB_SOURCE: identity.source ?? null,
      TRIGGER_SRC: identity.timer ? 'timer' : null,
      WX_TRIGGER_API_TOKEN_V0: identity.timer ? token : null,
    };
  }

  private baseEnv(spec: FunctionSpec): Record<string, string> {
    const inherited = Object.fromEntries(
      ['PATH', 'HOME', 'LANG', 'TMPDIR'].flatMap((k) => (process.env[k] ? [[k, process.env[k] as string]] : [])),
    );
    return {
      ...inherited,
      TZ: FUNCTION_TIMEZONE,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.options.adminUrl() }),
      TCB_ENV: this.envId,
      SCF_NAMESPACE: this.envId,
      SCF_FUNCTIONNAME: spec.name,
      SCF_FUNCTIONVERSION: '$LATEST',
      SCF_RUNTIME: spec.runtime,
      // Dummy credentials: without them node-sdk rejects a promise nobody handles, killing Node 20.
      TENCENTCLOUD_SECRETID: 'local-secret-id',
      TENCENTCLOUD_SECRETKEY: 'local-secret-key',
      TENCENTCLOUD_SESSIONTOKEN: '',
      // What SCF itself sets, so node-sdk takes its cloud-function paths: no metadata-server probe
      // (2 × 30 ms a call), and Node's agent instead of its own keep-alive pool, which keeps only 10 idle
      // sockets, so concurrent invocations kept reconnecting (issue 16: the rush ran ~5 % slower).
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      // Tells our functions they run on the local cloud (test hooks; open data already resolved by the host).
      YPT_LOCAL_CLOUD: '1',
      // The draw's drand relay: the local cloud's test chain (emulator/drand.ts).
      YPT_DRAND_RELAYS: this.options.adminUrl().replace(/\/admin$/, '/_emulator/drand'),
      ...spec.envVariables,
    };
  }

  private workerFor(spec: FunctionSpec): FunctionWorker {
    const existing = this.workers.get(spec.name);
    if (existing && !existing.retired && !existing.exited) return existing;

    const init: WorkerInit = { name: spec.name, entry: spec.entry, baseEnv: this.baseEnv(spec) };
    const worker = new Worker(getWorkerSource(), {
      eval: true,
      workerData: init,
      env: init.baseEnv,
      stdout: true,
      stderr: true,
      // The old generation stands for the function's memory limit; the young one follows the process's V8 flags
      // (npm start's 32 MB semi-space, for the database): V8 takes its flags over a worker's resource limits.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, spec.memorySize) },
      name: `fn:${spec.name}`,
    });
    let markReady: (error: SerializedError | undefined) => void = () => undefined;
    const fw: FunctionWorker = {
      spec,
      worker,
      ready: new Promise((resolve) => (markReady = resolve)),
      pending: new Map(),
      pings: new Map(),
      retired: false,
      exited: false,
    };
    this.pipeLogs(spec.name, worker.stdout, false);
    this.pipeLogs(spec.name, worker.stderr, true);

    worker.on('message', (message: WorkerToHost) => {
      switch (message.type) {
        case 'ready':
          markReady(undefined);
          break;
        case 'loadError':
          markReady(message.error);
          break;
        case 'pong':
          fw.pings.get(message.id)?.();
          break;
        case 'result':
        case 'error': {
          const pending = fw.pending.get(message.id);
          if (!pending) break;
          fw.pending.delete(message.id);
          const serverRequests = this.takeCounts(pending.token, pending.requestId);
          const durationMs = Date.now() - pending.startedAt;
          pending.settle(
            message.type === 'result'
              ? { ok: true, requestId: pending.requestId, json: message.json, durationMs, serverRequests }
              : {
                  ok: false,
                  requestId: pending.requestId,
                  failure: { kind: 'crash', message: formatError(message.error) },
                  durationMs,
                  serverRequests,
                },
          );
          if (fw.retired) this.maybeFinishDraining(fw);
          break;
        }
      }
    });
    let exitReason = 'function container exited';
    worker.on('error', (error: Error & { code?: string }) => {
      exitReason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `Memory limit exceeded (${spec.memorySize} MB): ${error.message}`
          : formatError({ name: error.name, message: error.message, stack: error.stack });
    });
    worker.on('exit', (code) => {
      fw.exited = true;
      markReady({ name: 'Error', message: `${exitReason} (exit code ${code})` });
      this.failAll(fw, `${exitReason} (exit code ${code})`);
      this.all.delete(fw);
      if (this.workers.get(spec.name) === fw) this.workers.delete(spec.name);
    });

    this.workers.set(spec.name, fw);
    this.all.add(fw);
    return fw;
  }

  private pipeLogs(name: string, stream: Readable, isError: boolean): void {
    const mode = this.options.logs ?? 'inherit';
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      const text = `[${name}] ${line}`;
      this.logBuffer.push(text);
      if (this.logBuffer.length > LOG_BUFFER_LINES) this.logBuffer.shift();
      if (mode === 'inherit' || (mode === 'errors' && isError)) {
        (isError ? process.stderr : process.stdout).write(text + '\n');
      }
    });
  }

  private onTimeout(fw: FunctionWorker, pending: Pending): void {
    pending.timer = undefined;
    pending.settle({
      ok: false,
      requestId: pending.requestId,
      failure: { kind: 'timeout', message: timeoutMessage(fw.spec.timeoutSeconds) },
      durationMs: Date.now() - pending.startedAt,
      // So far: the work may go on until the container stops, and its token stays valid until then.
      serverRequests: { ...this.requestCounts.get(pending.token) },
    });
    pending.abandoned = true;
    // SCF kills the container of a timed-out call. Other calls sharing this worker may finish
    // first; new calls go to a fresh worker meanwhile.
    this.retire(fw);
    void this.isResponsive(fw).then((responsive) => {
      if (!responsive) void this.terminate(fw, `function container stopped: ${timeoutMessage(fw.spec.timeoutSeconds)}`);
    });
  }

  private retire(fw: FunctionWorker): void {
    fw.retired = true;
    if (this.workers.get(fw.spec.name) === fw) this.workers.delete(fw.spec.name);
    this.maybeFinishDraining(fw);
  }

  private maybeFinishDraining(fw: FunctionWorker): void {
    const live = [...fw.pending.values()].some((p) => !p.abandoned);
    if (!live) void this.terminate(fw, 'function container replaced');
  }

  private isResponsive(fw: FunctionWorker): Promise<boolean> {
    if (fw.exited) return Promise.resolve(false);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        fw.pings.delete(id);
        resolve(false);
      }, this.options.stuckAfterMs ?? 1000);
      fw.pings.set(id, () => {
        clearTimeout(timer);
        fw.pings.delete(id);
        resolve(true);
      });
      try {
        fw.worker.postMessage({ type: 'ping', id } satisfies HostToWorker);
      } catch {
        clearTimeout(timer);
        resolve(false);
      }
    });
  }

  private failAll(fw: FunctionWorker, message: string): void {
    for (const [id, pending] of fw.pending) {
      fw.pending.delete(id);
      pending.settle({
        ok: false,
        requestId: pending.requestId,
        failure: { kind: 'crash', message },
        durationMs: Date.now() - pending.startedAt,
        serverRequests: this.takeCounts(pending.token, pending.requestId),
      });
    }
  }

  private async terminate(fw: FunctionWorker, reason: string): Promise<void> {
    this.failAll(fw, reason);
    if (this.workers.get(fw.spec.name) === fw) this.workers.delete(fw.spec.name);
    if (fw.exited) return;
    fw.retired = true;
    await fw.worker.terminate();
  }
}
