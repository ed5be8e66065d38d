import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { DataDirLockedError, dataDirHolder, type LocalDatabase } from './database';
import { LocalDrandChain } from './drand';
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
import {
  DatabaseInstance,
  drandInstance,
  functionsInstance,
  openApiInstance,
  openDataInstance,
  previewInstance,
  SeedInstance,
  serverInstance,
  storageInstance,
  timersInstance,
} from './instances';
import { OpenDataRegistry } from './open-data';
import { OpenApiEmulator } from './openapi';
import { loadProject, type CloudEndpoint, type Seeder } from './project';
import { EmulatorRegistry } from './registry';
import { CloudServer, type PreviewHandler } from './server';
import { LocalStorage } from './storage';
import { TimerScheduler, type TimerFiring } from './timers';

export type { CloudEndpoint, Seeder } from './project';

export interface LocalCloudOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default: $PORT or 3300. */
  port?: number;
  /** Where the database and files persist. Omitted: everything stays in memory. */
  dataDir?: string;
  /** Run timer triggers on their schedules (npm start: on; tests: off, use fireTimer). */
  timers?: boolean;
  /**
   * The project's data: a Seeder (given the cloud's address, it writes through the server API like any
   * CloudBase client), `true` for the one package.json "localCloud".seed names, false/omitted for none.
   * It runs on the first start of a data dir (every start in memory) unless `seedOnStart` is false,
   * and on seed() / POST /_emulator/seed.
   */
  seed?: Seeder | boolean;
  /** Seed on the first start of the data dir (default true when there is a seed). */
  seedOnStart?: boolean;
  /**
   * Do not wait for that first seed: startLocalCloud returns once the server answers, and
   * `seeding()` tells when the data is ready. Until then POST /client/call and timer triggers wait,
   * and GET /_emulator/status says {seeding: true} (npm start: on; default off).
   */
  seedInBackground?: boolean;
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

export interface LocalCloud extends CloudEndpoint {
  url: string;
  port: number;
  /** The /admin endpoint (what TCB_CONTEXT_CNFG points functions at). */
  adminUrl: string;
  envId: string;
  dataDir?: string;
  /** Every part of the cloud, in start order (emulator/instances.ts). */
  registry: EmulatorRegistry;
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
  /** Runs the seed (throws when the cloud has none). */
  seed(): Promise<void>;
  /** The seed in progress (resolving to its duration in ms), or undefined when none runs. */
  seeding(): Promise<number> | undefined;
  reset(): Promise<void>;
  exportTo(dir: string): Promise<void>;
  importFrom(dir: string): Promise<void>;
  /** Re-reads cloudbaserc/fixtures and restarts function containers (after a rebuild). */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

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

/** The seeder an option names: a function as is, `true` the project's, anything else none. */
function seederOf(seed: LocalCloudOptions['seed']): Seeder | undefined {
  if (typeof seed === 'function') return seed;
  if (seed !== true) return undefined;
  const seeder = loadProject(ROOT_DIR, ['seed']).seed;
  if (!seeder) throw new Error('seed: true, but package.json "localCloud".seed names no seed');
  return seeder;
}

/** Starts the local CloudBase: every part of emulator/instances.ts, through one registry. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  if (options.setProcessTimezone !== false) useFunctionTimezone();
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const envId = options.envId ?? DEFAULT_ENV_ID;
  const port = options.port ?? portFromEnv();
  const seeder = seederOf(options.seed);

  let baseUrl = '';
  const database = new DatabaseInstance(
    {
      dir: dataDir ? databaseDirOf(dataDir) : undefined,
      collections: readCollectionSpecs(),
      transactionTimeoutMs: options.transactionTimeoutMs,
    },
    dataDir,
  );
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
  const openApi = new OpenApiEmulator();
  const openData = new OpenDataRegistry();
  const drand = new LocalDrandChain();

  const callFunction = async (name: string, event: object = {}): Promise<unknown> => {
    const outcome = await host.invoke(name, event, {});
    if (!outcome.ok) throw new InvocationError(name, outcome.failure.kind, outcome.failure.message);
    return JSON.parse(outcome.json) as unknown;
  };
  const seed = new SeedInstance({
    seeder,
    onStart: options.seedOnStart ?? true,
    background: options.seedInBackground ?? false,
    dataDir,
    endpoint: () => ({ url: baseUrl, adminUrl: `${baseUrl}/admin`, envId }),
    flush: () => database.db.flush(),
  });
  const control = {
    exportTo: (dir: string) => registry.exportData(dir),
    importFrom: (dir: string) => registry.importData(dir),
    reset: () => registry.reset(),
    seed: () => seed.seed(),
    reload: () => registry.reload(),
  };
  const server = new CloudServer(
    {
      db: { handle: (action, body) => database.db.handle(action, body) },
      host,
      storage,
      timers,
      openData,
      openApi,
      drand,
      control,
      seeding: () => seed.running(),
    },
    { port, hostname: DEFAULT_HOST },
  );

  const registry = new EmulatorRegistry([
    database,
    storageInstance(storage, () => baseUrl),
    functionsInstance(host),
    openApiInstance(openApi),
    openDataInstance(),
    drandInstance(),
    previewInstance(server, options.previewHandler),
    serverInstance(server, (url) => (baseUrl = url)),
    seed,
    timersInstance(timers, options.timers === true, () => seed.running()),
  ]);
  await registry.start();

  return {
    url: server.url,
    port: server.port,
    adminUrl: `${server.url}/admin`,
    envId,
    dataDir,
    registry,
    db: database.db,
    host,
    storage,
    timers,
    server,
    callFunction,
    invoke: (name, event, identity) => host.invoke(name, event, identity),
    fireTimer: (fn, trigger, time) => timers.fireTimer(fn, trigger, time),
    ...control,
    seeding: () => seed.running(),
    stop: () => registry.stop(),
  };
}

/**
 * Builds the functions with the project's builder (package.json "localCloud".build) when
 * cloudbaserc.json exists; returns false when there is nothing to build.
 */
export async function buildDeployedFunctions(quiet = false): Promise<boolean> {
  if (!existsSync(path.join(ROOT_DIR, 'cloudbaserc.json'))) {
    if (!quiet) console.warn('cloudbaserc.json 不存在：跳过云函数构建');
    return false;
  }
  const { build } = loadProject(ROOT_DIR, ['build']);
  if (!build) {
    if (!quiet) console.warn('package.json 的 "localCloud".build 未配置：跳过云函数构建');
    return false;
  }
  await build({ quiet });
  return true;
}

export function resolveDataDir(): string {
  return path.resolve(ROOT_DIR, process.env.DATA_DIR || '.data');
}

const portFromEnv = (): number => (process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT);

/** Where the database keeps its files (and its lock) within a data directory. */
const databaseDirOf = (dataDir: string): string => path.join(dataDir, 'db');

const portTaken = (port: number): string =>
  `端口 ${port} 已被占用：本地云可能已在运行（npm run cloud -- call … 会直接使用它），或设置 PORT=… 换一个端口`;

/**
 * What keeps a local cloud from starting on `port` with `dataDir`: another process holding the data
 * directory, or the port taken; undefined when neither. Asked without taking either, so npm start can
 * refuse before it builds the functions into the bundles another local cloud is running from.
 */
export async function whatHolds(dataDir: string, port: number): Promise<string | undefined> {
  const databaseDir = databaseDirOf(dataDir);
  const holder = dataDirHolder(databaseDir);
  if (holder !== undefined) return new DataDirLockedError(databaseDir, holder).message;
  const taken = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    probe.listen({ port, host: DEFAULT_HOST }, () => probe.close(() => resolve(false)));
  });
  return taken ? portTaken(port) : undefined;
}

/** One line that says what holds the local cloud and what to do, no stack; then exit. */
function refuse(held: string): never {
  console.error(held);
  process.exit(1);
}

/** `npm start`: build, serve on $PORT (3300) with data in $DATA_DIR (.data), timers on, the project's seed. */
export async function main(): Promise<void> {
  useFunctionTimezone();
  const dataDir = resolveDataDir();
  const port = portFromEnv();
  const held = await whatHolds(dataDir, port);
  if (held !== undefined) refuse(held);
  await buildDeployedFunctions();
  const project = loadProject();
  let cloud: LocalCloud;
  try {
    const { createPreviewHandler } = await import('./preview/handler');
    cloud = await startLocalCloud({
      dataDir,
      port,
      timers: true,
      seed: project.seed ?? false,
      seedInBackground: true,
      functionLogs: 'inherit',
      previewHandler: createPreviewHandler({ identities: project.previewIdentities }),
    });
  } catch (error) {
    // Taken between the check above and now (another start in the same moment).
    if ((error as { code?: string }).code === 'EADDRINUSE') refuse(portTaken(port));
    if (error instanceof DataDirLockedError) refuse(error.message);
    throw error;
  }
  console.log(
    [`粤品通本地云已启动 (env: ${cloud.envId})`, ...cloud.registry.info(), '按 Ctrl-C 停止（数据会先写盘）'].join('\n'),
  );
  const seeding = cloud.seeding();
  if (seeding) {
    console.log('正在准备演示数据…（网页预览会显示提示，小程序的云函数调用等数据就绪后再执行）');
    seeding.then(
      (ms) => console.log(`演示数据已就绪 (${(ms / 1000).toFixed(1)} s)`),
      (error: unknown) => console.error('演示数据写入失败：', error),
    );
  }

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
