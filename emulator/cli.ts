/**
 * `npm run cloud -- <command>`:
 *   serve                               same as npm start
 *   call <fn> ['<json>'] [--openid X]   with --openid: as that mini-program user (/client/call);
 *        [--crawler]                    with --crawler: as WeChat's crawler (SOURCE wx_crawler, no OPENID);
 *                                       otherwise as the console (functions.invokeFunction, no OPENID)
 *   fire <fn> <trigger>                 run a timer trigger now
 *   export <dir> | import <dir>         database + files to / from a directory
 *   reset                               empty database and files
 *   seed                                load the demo data
 *
 * Every command talks to the emulator already running on 127.0.0.1:$PORT when there is one, so
 * its data has a single writer. Otherwise it opens $DATA_DIR in-process (building the functions
 * first when it needs to run them), does the job, writes to disk and exits. The data commands are
 * the registry's operations over every part of the cloud (emulator/registry.ts); the build and the
 * seed are the project's, from package.json "localCloud" (emulator/project.ts).
 */
import path from 'node:path';
import { DEFAULT_HOST, DEFAULT_PORT } from './env';
import { clientIdentity } from './functions/client-call';
import {
  buildDeployedFunctions,
  main as serve,
  resolveDataDir,
  startLocalCloud,
  type LocalCloud,
  type LocalCloudOptions,
} from './start';

const USAGE = `用法: npm run cloud -- <命令>
  serve                               启动本地云（同 npm start）
  call <函数名> ['<json>'] [--openid X] 调用云函数；带 --openid 时以该小程序用户身份，
       [--crawler]                      带 --crawler 时以微信爬虫身份（无 openid），否则以控制台身份
  fire <函数名> <触发器名>             立即执行一次定时触发器
  export <目录>                       导出数据库和文件
  import <目录>                       从目录导入（替换现有数据）
  reset                               清空数据库和文件
  seed                                写入演示数据`;

const baseUrl = `http://${DEFAULT_HOST}:${process.env.PORT || DEFAULT_PORT}`;

async function runningEmulator(): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(500) });
    return res.ok && ((await res.json()) as { ok?: boolean }).ok === true;
  } catch {
    return false;
  }
}

async function post(pathname: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

async function withLocalCloud<T>(
  needsFunctions: boolean,
  job: (cloud: LocalCloud) => Promise<T>,
  options: Pick<LocalCloudOptions, 'seed'> = {},
): Promise<T> {
  if (needsFunctions) await buildDeployedFunctions(true);
  const cloud = await startLocalCloud({
    port: 0,
    dataDir: resolveDataDir(),
    timers: false,
    functionLogs: 'inherit',
    ...options,
    // A one-shot command never seeds just because the cloud opened (`seed` seeds on purpose).
    seedOnStart: false,
  });
  try {
    return await job(cloud);
  } finally {
    await cloud.stop();
  }
}

function takeOption(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  args.splice(index, 2);
  if (!value) throw new Error(`${name} 需要一个值`);
  return value;
}

function print(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/**
 * The data commands: each one operation of the registry (every part in turn), or the seed. Run by
 * the emulator already running (its control API, POST /_emulator/<command>) or in-process.
 */
const DATA_COMMANDS: Record<
  string,
  { dir: boolean; needsFunctions: boolean; seed?: true; run: (cloud: LocalCloud, dir: string) => Promise<void> }
> = {
  export: { dir: true, needsFunctions: false, run: (cloud, dir) => cloud.registry.exportData(dir) },
  import: { dir: true, needsFunctions: false, run: (cloud, dir) => cloud.registry.importData(dir) },
  reset: { dir: false, needsFunctions: false, run: (cloud) => cloud.registry.reset() },
  // The project's seed (package.json "localCloud".seed).
  seed: { dir: false, needsFunctions: true, seed: true, run: (cloud) => cloud.seed() },
};

async function dataCommand(command: string, args: string[]): Promise<void> {
  const { dir: needsDir, needsFunctions, seed, run } = DATA_COMMANDS[command];
  const dir = needsDir ? args[0] : '';
  if (needsDir && !dir) throw new Error(`用法: ${command} <目录>`);
  const absolute = needsDir ? path.resolve(dir) : '';
  if (await runningEmulator()) {
    const reply = await post(`/_emulator/${command}`, needsDir ? { dir: absolute } : {});
    if (reply.ok !== true) throw new Error(String(reply.message ?? JSON.stringify(reply)));
    console.log(`已通过运行中的本地云 (${baseUrl}) 完成 ${command}`);
    return;
  }
  await withLocalCloud(needsFunctions, (cloud) => run(cloud, absolute), { seed });
  console.log(`已在 ${resolveDataDir()} 完成 ${command}`);
}

async function call(args: string[]): Promise<number> {
  const openid = takeOption(args, '--openid');
  const crawlerAt = args.indexOf('--crawler');
  if (crawlerAt !== -1) args.splice(crawlerAt, 1);
  if (openid && crawlerAt !== -1) throw new Error('--openid 与 --crawler 不能同时使用');
  // A client call (/client/call): a user, or the crawler; neither is the console.
  const client = openid ? { openid } : crawlerAt !== -1 ? { source: 'wx_crawler' } : undefined;
  const [name, json] = args;
  if (!name) throw new Error('缺少函数名');
  const data = json ? (JSON.parse(json) as unknown) : {};
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('参数必须是 JSON 对象');

  if (await runningEmulator()) {
    if (client) {
      const reply = await post('/client/call', { name, data, ...client });
      print(reply);
      return reply.errCode ? 1 : 0;
    }
    const reply = await post('/admin', {
      action: 'functions.invokeFunction',
      function_name: name,
      request_data: JSON.stringify(data),
    });
    if (reply.code) {
      print({ code: reply.code, message: reply.message });
      return 1;
    }
    print({ result: JSON.parse(String((reply.data as { response_data?: string }).response_data)) });
    return 0;
  }

  return withLocalCloud(true, async (cloud) => {
    const appId = cloud.host.appId;
    const checked = client ? clientIdentity(client, appId, '127.0.0.1') : undefined;
    if (checked && !checked.ok) throw new Error(checked.message);
    const identity = checked?.identity ?? {};
    const userInfo = identity.openid ? { appId, openId: identity.openid } : { appId };
    const event = client ? { ...(data as object), userInfo } : data;
    const outcome = await cloud.invoke(name, event as object, identity);
    if (!outcome.ok) {
      print({ error: outcome.failure });
      return 1;
    }
    print({ result: JSON.parse(outcome.json) });
    return 0;
  });
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve':
      await serve();
      return -1; // keeps running
    case 'call':
      return call(args);
    case 'fire': {
      const [fn, trigger] = args;
      if (!fn || !trigger) throw new Error('用法: fire <函数名> <触发器名>');
      if (await runningEmulator()) {
        const reply = await post('/_emulator/fire-timer', { function: fn, trigger });
        print(reply);
        return reply.ok ? 0 : 1;
      }
      return withLocalCloud(true, async (cloud) => {
        const outcome = await cloud.fireTimer(fn, trigger);
        print(outcome.ok ? { ok: true, result: JSON.parse(outcome.json) } : { ok: false, ...outcome.failure });
        return outcome.ok ? 0 : 1;
      });
    }
    case 'export':
    case 'import':
    case 'reset':
    case 'seed':
      await dataCommand(command, args);
      return 0;
    default:
      console.log(USAGE);
      return command ? 1 : 0;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
