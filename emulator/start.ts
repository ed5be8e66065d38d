import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalDatabase } from './database';
import {
  DEFAULT_APP_ID,
  DEFAULT_ENV_ID,
  DEFAULT_HOST,
  DEFAULT_PORT,
  FUNCTION_TIMEZONE,
  ROOT_DIR,
  readCollectionSpecs,
  readDeployedFunctions,
  readExtraFunctions,
  type FunctionSpec,
} from './env';
import { FunctionHost, type FunctionLogMode, type InvocationIdentity, type InvokeOutcome } from './functions/host';
import { OpenDataRegistry } from './open-data';
import { CloudServer, type PreviewHandler } from './server';
import { LocalStorage } from './storage';
import { TimerScheduler, type TimerFiring } from './timers';

export interface LocalCloudOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default: $PORT or 3300. */
  port?: number;
  /** Where the database and files persist. Omitted: everything stays in memory. */
  dataDir?: string;
  /** Run timer triggers on their schedules (npm start: on; tests: off, use fireTimer). */
  timers?: boolean;
  /** Seed demo data if this data dir has never been seeded. */
  seed?: boolean;
  /** Load the functions listed in cloudbaserc.json from cloudfunctions/dist (default true). */
  deployedFunctions?: boolean;
  /** Extra function directories (`<dir>/<name>/index.js` + optional config.json), e.g. test fixtures. */
  extraFunctionsDir?: string | string[];
  /** Override limits of loaded functions, e.g. `{ voucher: { timeoutSeconds: 1 } }`. */
  functionOverrides?: Record<string, Partial<Pick<FunctionSpec, 'timeoutSeconds' | 'memorySize' | 'envVariables'>>>;
  functionLogs?: FunctionLogMode;
  envId?: string;
  appId?: string;
  transactionTimeoutMs?: number;
  previewHandler?: PreviewHandler;
  onTimerFired?: (firing: TimerFiring) => void;
  /**
   * Functions run with TZ=Asia/Shanghai. Date's zone is per process, so honouring it means
   * setting the host process's TZ too (default true).
   */
  setProcessTimezone?: boolean;
}

export interface LocalCloud {
  url: string;
  port: number;
  /** The /admin endpoint (what TCB_CONTEXT_CNFG points functions at). */
  adminUrl: string;
  dataDir?: string;
  db: LocalDatabase;
  host: FunctionHost;
  storage: LocalStorage;
  timers: TimerScheduler;
  server: CloudServer;
  /** Console-side invocation (no OPENID); returns the function's result or throws. */
  callFunction(name: string, event?: object): Promise<unknown>;
  /** Raw invocation with any identity. */
  invoke(name: string, event: object, identity?: InvocationIdentity): Promise<InvokeOutcome>;
  fireTimer(functionName: string, triggerName: string, time?: Date): Promise<InvokeOutcome>;
  seed(): Promise<void>;
  reset(): Promise<void>;
  exportTo(dir: string): Promise<void>;
  importFrom(dir: string): Promise<void>;
  /** Re-reads cloudbaserc/fixtures and restarts function containers (after a rebuild). */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

const SEED_MARKER = 'seeded.json';

function loadSpecs(options: LocalCloudOptions): FunctionSpec[] {
  const specs = new Map<string, FunctionSpec>();
  if (options.deployedFunctions !== false) for (const s of readDeployedFunctions()) specs.set(s.name, s);
  const extra = options.extraFunctionsDir === undefined ? [] : [options.extraFunctionsDir].flat();
  for (const dir of extra) for (const s of readExtraFunctions(path.resolve(dir))) specs.set(s.name, s);
  for (const [name, override] of Object.entries(options.functionOverrides ?? {})) {
    const spec = specs.get(name);
    if (spec)
      specs.set(name, { ...spec, ...override, envVariables: { ...spec.envVariables, ...override.envVariables } });
  }
  return [...specs.values()];
}

let timezoneWarned = false;

/** Minutes east of UTC of `timeZone` at `at`, from Intl (independent of the process zone). */
function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * Puts this process on the functions' time zone. Worker threads share the process's zone, so
 * this is the only way functions' Dates follow TZ=Asia/Shanghai. Under jest, process.env is a
 * sandbox copy and the assignment has no effect: set TZ before jest starts (jest.config.js);
 * we warn once if Dates still disagree.
 */
function useFunctionTimezone(): void {
  if (process.env.TZ !== FUNCTION_TIMEZONE) process.env.TZ = FUNCTION_TIMEZONE;
  const now = new Date();
  if (!timezoneWarned && -now.getTimezoneOffset() !== zoneOffsetMinutes(FUNCTION_TIMEZONE, now)) {
    timezoneWarned = true;
    console.warn(
      `[local-cloud] 本进程的时区不是 ${FUNCTION_TIMEZONE}，云函数里的 Date 会与线上不同：请在启动 node 之前设置 TZ=${FUNCTION_TIMEZONE}（jest：在 jest.config.js 顶部设置 process.env.TZ）`,
    );
  }
}

export class InvocationError extends Error {
  constructor(
    readonly functionName: string,
    readonly kind: string,
    message: string,
  ) {
    super(`${functionName}: ${message}`);
  }
}

/** Starts the local CloudBase: database, storage, function host, timers and the HTTP server. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  if (options.setProcessTimezone !== false) useFunctionTimezone();
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const envId = options.envId ?? DEFAULT_ENV_ID;
  const port = options.port ?? (process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT);

  const db = await LocalDatabase.open({
    dir: dataDir ? path.join(dataDir, 'db') : undefined,
    collections: readCollectionSpecs(),
    transactionTimeoutMs: options.transactionTimeoutMs,
  });

  let baseUrl = '';
  const storage = new LocalStorage({
    dir: dataDir ? path.join(dataDir, 'storage') : undefined,
    envId,
    publicUrl: () => baseUrl,
  });
  const host = new FunctionHost({
    loadSpecs: () => loadSpecs(options),
    adminUrl: () => `${baseUrl}/admin`,
    envId,
    appId: options.appId ?? DEFAULT_APP_ID,
    logs: options.functionLogs,
  });
  const timers = new TimerScheduler(host, {
    onFired: (firing) => {
      if (!firing.outcome.ok) {
        console.error(`[timer] ${firing.functionName}/${firing.triggerName} failed: ${firing.outcome.failure.message}`);
      }
      options.onTimerFired?.(firing);
    },
  });

  const callFunction = async (name: string, event: object = {}): Promise<unknown> => {
    const outcome = await host.invoke(name, event, {});
    if (!outcome.ok) throw new InvocationError(name, outcome.failure.kind, outcome.failure.message);
    return JSON.parse(outcome.json) as unknown;
  };
  const seed = async (): Promise<void> => {
    const { seedDemoData } = await import('./seed');
    await seedDemoData({ db, callFunction });
    await db.flush();
    if (dataDir)
      await writeFile(path.join(dataDir, SEED_MARKER), JSON.stringify({ seededAt: new Date().toISOString() }) + '\n');
  };
  const reset = async (): Promise<void> => {
    await db.reset();
    await storage.reset();
    if (dataDir) await rm(path.join(dataDir, SEED_MARKER), { force: true });
  };
  const reload = async (): Promise<void> => {
    await host.reload();
    if (options.timers) timers.start();
  };
  const exportTo = async (dir: string): Promise<void> => {
    const target = path.resolve(dir);
    await mkdir(target, { recursive: true });
    await db.flush();
    await db.exportTo(target);
    await storage.exportTo(target);
  };
  const importFrom = async (dir: string): Promise<void> => {
    const source = path.resolve(dir);
    await db.importFrom(source);
    await storage.importFrom(source);
    await db.flush();
  };

  const server = new CloudServer(
    {
      db,
      host,
      storage,
      timers,
      openData: new OpenDataRegistry(),
      control: { exportTo, importFrom, reset, seed, reload },
    },
    { port, hostname: DEFAULT_HOST },
  );
  if (options.previewHandler) server.setPreviewHandler(options.previewHandler);
  try {
    await server.listen();
  } catch (error) {
    await db.close();
    throw error;
  }
  baseUrl = server.url;

  if (options.seed && !(dataDir && existsSync(path.join(dataDir, SEED_MARKER)))) await seed();
  if (options.timers) timers.start();

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      timers.stop();
      await server.close();
      await host.close();
      await db.flush();
      await db.close();
    })();
    return stopped;
  };

  return {
    url: server.url,
    port: server.port,
    adminUrl: `${server.url}/admin`,
    dataDir,
    db,
    host,
    storage,
    timers,
    server,
    callFunction,
    invoke: (name, event, identity) => host.invoke(name, event, identity),
    fireTimer: (fn, trigger, time) => timers.fireTimer(fn, trigger, time),
    seed,
    reset,
    exportTo,
    importFrom,
    reload,
    stop,
  };
}

/** Builds the functions if cloudbaserc.json exists; returns false when there is nothing to build. */
export async function buildDeployedFunctions(quiet = false): Promise<boolean> {
  if (!existsSync(path.join(ROOT_DIR, 'cloudbaserc.json'))) {
    if (!quiet) console.warn('cloudbaserc.json 不存在：跳过云函数构建');
    return false;
  }
  const { buildFunctions } = await import('../scripts/build-functions');
  await buildFunctions({ quiet });
  return true;
}

export function resolveDataDir(): string {
  return path.resolve(ROOT_DIR, process.env.DATA_DIR || '.data');
}

/** `npm start`: build, serve on $PORT (3300) with data in $DATA_DIR (.data), timers on. */
export async function main(): Promise<void> {
  useFunctionTimezone();
  await buildDeployedFunctions();
  const dataDir = resolveDataDir();
  let cloud: LocalCloud;
  try {
    const { createPreviewHandler } = await import('./preview/handler');
    cloud = await startLocalCloud({
      dataDir,
      timers: true,
      seed: true,
      functionLogs: 'inherit',
      previewHandler: createPreviewHandler(),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      console.error(
        `端口 ${process.env.PORT ?? DEFAULT_PORT} 已被占用：本地云可能已在运行（npm run cloud -- call … 会直接使用它），或设置 PORT=… 换一个端口`,
      );
      process.exit(1);
    }
    throw error;
  }
  const fnNames = cloud.host.list().map((f) => f.name);
  console.log(
    [
      `粤品通本地云已启动 (env: ${cloud.host.envId})`,
      `  网页预览      ${cloud.url}/`,
      `  服务端 API    POST ${cloud.adminUrl}`,
      `  小程序调用    POST ${cloud.url}/client/call  {name, data, openid}`,
      `  文件          ${cloud.url}/files/<path>`,
      `  数据目录      ${dataDir}`,
      `  云函数        ${fnNames.length ? fnNames.join(', ') : '(无)'}`,
      ...cloud.timers
        .upcoming()
        .map(
          (t) =>
            `  定时触发器    ${t.functionName}/${t.triggerName} 下次 ${t.nextAt?.toLocaleString('zh-CN', { timeZone: FUNCTION_TIMEZONE, hour12: false }) ?? '—'}`,
        ),
      '按 Ctrl-C 停止（数据会先写盘）',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.error('强制退出');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n收到 ${signal}，正在写盘并停止…`);
    cloud.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
