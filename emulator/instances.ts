/**
 * The parts of the local cloud, each behind the one EmulatorInstance interface (emulator/registry.ts).
 * startLocalCloud builds them, in the order the registry starts them:
 *   database → storage → functions → openapi → open-data → drand → preview → server → seed → timers
 * and stops them in reverse (timers first, the database last, after it wrote to disk).
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalDatabase, type OpenOptions } from './database';
import { FUNCTION_TIMEZONE } from './env';
import type { FunctionHost } from './functions/host';
import type { OpenApiEmulator } from './openapi';
import type { CloudEndpoint, Seeder } from './project';
import type { EmulatorInstance } from './registry';
import type { CloudServer, PreviewHandler } from './server';
import type { LocalStorage } from './storage';
import type { TimerScheduler } from './timers';

/** A banner line: the label padded to 14 columns (a CJK character takes two). */
function line(label: string, value: string): string {
  const width = [...label].reduce((w, c) => w + (c > '\u2E7F' ? 2 : 1), 0);
  return `  ${label}${' '.repeat(Math.max(1, 14 - width))}${value}`;
}

/** The document database: opened (its log replayed) on start, written to disk and closed on stop. */
export class DatabaseInstance implements EmulatorInstance {
  readonly name = 'database';
  private opened: LocalDatabase | undefined;

  constructor(
    private readonly options: OpenOptions,
    private readonly dataDir?: string,
  ) {}

  get db(): LocalDatabase {
    if (!this.opened) throw new Error('local cloud: the database is not open');
    return this.opened;
  }

  async start(): Promise<void> {
    this.opened = await LocalDatabase.open(this.options);
  }

  async stop(): Promise<void> {
    await this.db.flush();
    await this.db.close();
  }

  async exportData(dir: string): Promise<void> {
    await this.db.flush();
    await this.db.exportTo(dir);
  }

  async importData(dir: string): Promise<void> {
    await this.db.importFrom(dir);
    await this.db.flush();
  }

  reset(): Promise<void> {
    return this.db.reset();
  }

  info(): string[] {
    return this.dataDir ? [line('数据目录', this.dataDir)] : [];
  }
}

export function storageInstance(storage: LocalStorage, url: () => string): EmulatorInstance {
  return {
    name: 'storage',
    exportData: (dir) => storage.exportTo(dir),
    importData: (dir) => storage.importFrom(dir),
    reset: () => storage.reset(),
    info: () => [line('文件', `${url()}/files/<path>`)],
  };
}

export function functionsInstance(host: FunctionHost): EmulatorInstance {
  return {
    name: 'functions',
    stop: () => host.close(),
    reload: () => host.reload(),
    info: () => {
      const names = host.list().map((f) => f.name);
      return [line('云函数', names.length ? names.join(', ') : '(无)')];
    },
  };
}

/** WeChat open API (subscribe messages): what functions sent is kept until a reset. */
export function openApiInstance(openApi: OpenApiEmulator): EmulatorInstance {
  return { name: 'openapi', reset: async () => openApi.clear() };
}

/** getPhoneNumber's cloudIDs (POST /client/open-data); nothing to keep or move. */
export function openDataInstance(): EmulatorInstance {
  return { name: 'open-data' };
}

/** The drand test chain: a fixed key, its clock offset in memory only. */
export function drandInstance(): EmulatorInstance {
  return { name: 'drand' };
}

/** The web preview (GET /, /preview/*): plugged into the server when given, a placeholder page otherwise. */
export function previewInstance(server: CloudServer, handler: PreviewHandler | undefined): EmulatorInstance {
  return {
    name: 'preview',
    start: async () => {
      if (handler) server.setPreviewHandler(handler);
    },
    info: () => [line('网页预览', `${server.url}/`)],
  };
}

/** The HTTP face on 127.0.0.1 (emulator/server.ts); `onListening` learns the bound URL. */
export function serverInstance(server: CloudServer, onListening: (url: string) => void): EmulatorInstance {
  return {
    name: 'server',
    start: async () => {
      await server.listen();
      onListening(server.url);
    },
    stop: () => server.close(),
    info: () => [
      line('服务端 API', `POST ${server.url}/admin`),
      line('小程序调用', `POST ${server.url}/client/call  {name, data, openid}`),
    ],
  };
}

export const SEED_MARKER = 'seeded.json';

/**
 * The project's data (a Seeder, given only the cloud's address). On start it seeds a data dir that
 * was never seeded (in memory: always) when `onStart`; a reset forgets that the dir was seeded.
 * With `background`, start() does not wait for that first seed: the server already answers, and
 * whatever must not see half-seeded data (mini-program calls, timers) waits for `running()`.
 */
export class SeedInstance implements EmulatorInstance {
  readonly name = 'seed';
  private current: Promise<number> | undefined;

  constructor(
    private readonly options: {
      seeder?: Seeder;
      onStart: boolean;
      background?: boolean;
      dataDir?: string;
      endpoint: () => CloudEndpoint;
      /** Makes what the seed wrote durable. */
      flush: () => Promise<void>;
    },
  ) {}

  private get marker(): string | undefined {
    return this.options.dataDir ? path.join(this.options.dataDir, SEED_MARKER) : undefined;
  }

  async start(): Promise<void> {
    if (!this.options.seeder || !this.options.onStart) return;
    if (this.marker && existsSync(this.marker)) return;
    const run = this.seed();
    if (this.options.background) run.catch(() => undefined);
    else await run;
  }

  /** The seed in progress, resolving to how long it took (ms); undefined when none runs. */
  running(): Promise<number> | undefined {
    return this.current;
  }

  seed(): Promise<void> {
    const run = this.run();
    this.current = run;
    const settle = () => {
      if (this.current === run) this.current = undefined;
    };
    run.then(settle, settle);
    return run.then(() => undefined);
  }

  private async run(): Promise<number> {
    const { seeder } = this.options;
    if (!seeder) throw new Error('本地云没有配置演示数据（package.json "localCloud".seed，或 LocalCloudOptions.seed）');
    const started = Date.now();
    await seeder(this.options.endpoint());
    await this.options.flush();
    if (this.marker) await writeFile(this.marker, JSON.stringify({ seededAt: new Date().toISOString() }) + '\n');
    return Date.now() - started;
  }

  async reset(): Promise<void> {
    if (this.marker) await rm(this.marker, { force: true });
  }
}

/** Timer triggers on their cron schedules when `enabled` (npm start), idle otherwise (tests fire them). */
export function timersInstance(
  timers: TimerScheduler,
  enabled: boolean,
  /** A seed still running: triggers wait for it (they must not act on half-written demo data). */
  seeding: () => Promise<unknown> | undefined = () => undefined,
): EmulatorInstance {
  let stopped = false;
  return {
    name: 'timers',
    start: async () => {
      if (!enabled) return;
      const running = seeding();
      if (!running) return timers.start();
      const after = () => {
        if (!stopped) timers.start();
      };
      running.then(after, after);
    },
    stop: async () => {
      stopped = true;
      timers.stop();
    },
    // After the functions reloaded: their triggers may have changed.
    reload: async () => {
      if (enabled) timers.start();
    },
    info: () =>
      timers
        .upcoming()
        .map((t) =>
          line(
            '定时触发器',
            `${t.functionName}/${t.triggerName} 下次 ${t.nextAt?.toLocaleString('zh-CN', { timeZone: FUNCTION_TIMEZONE, hour12: false }) ?? '—'}`,
          ),
        ),
  };
}
