/**
 * npm start asks what holds the local cloud before it builds the functions (emulator/start.ts
 * whatHolds): a second start must be refused before it rewrites the bundles the running cloud loads,
 * and asking must take nothing.
 */
import * as fs from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import * as os from 'node:os';
import path from 'node:path';
import { LocalDatabase } from '../../../emulator/database';
import { whatHolds } from '../../../emulator/start';
import { goneProcessPid, runningProcess } from '../../helpers/processes';

let dataDir: string;
const dbDir = () => path.join(dataDir, 'db');
const lockPath = () => path.join(dbDir(), 'LOCK');

/** A port nothing listens on: one that was just free. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-refusal-'));
  fs.mkdirSync(dbDir());
});

afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('a data directory held by another running process is named, with its pid, and left as it was', async () => {
  // A stand-in for the local cloud that holds the directory.
  const holder = await runningProcess();
  try {
    const lock = `${holder.pid}\n${dbDir()}\n`;
    fs.writeFileSync(lockPath(), lock);
    const held = await whatHolds(dataDir, await freePort());
    expect(held).toContain(`数据目录 ${dbDir()} 正被另一个进程（pid ${holder.pid}）使用`);
    expect(fs.readFileSync(lockPath(), 'utf8')).toBe(lock);
    expect(fs.readdirSync(dbDir())).toEqual(['LOCK']);
  } finally {
    holder.kill('SIGKILL');
  }
}, 30_000);

test('a taken port is named; a free one with a free directory holds nothing, and asking takes neither', async () => {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const { port } = server.address() as AddressInfo;
  try {
    expect(await whatHolds(dataDir, port)).toBe(
      `端口 ${port} 已被占用：本地云可能已在运行（npm run cloud -- call … 会直接使用它），或设置 PORT=… 换一个端口`,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  const free = await freePort();
  expect(await whatHolds(dataDir, free)).toBeUndefined();
  expect(fs.readdirSync(dbDir())).toEqual([]);
  // The probe let the port go: a server can listen on it at once.
  const after = createServer();
  await new Promise<void>((resolve, reject) => {
    after.once('error', reject);
    after.listen({ port: free, host: '127.0.0.1' }, resolve);
  });
  await new Promise((resolve) => after.close(resolve));
});

test('a lock whose process is gone, or this process’s own, does not hold the directory', async () => {
  fs.writeFileSync(lockPath(), `${await goneProcessPid()}\n${dbDir()}\n`);
  expect(await whatHolds(dataDir, await freePort())).toBeUndefined();

  fs.rmSync(lockPath());
  const db = await LocalDatabase.open({ dir: dbDir(), collections: [] });
  try {
    expect(fs.readFileSync(lockPath(), 'utf8')).toBe(`${process.pid}\n${dbDir()}\n`);
    expect(await whatHolds(dataDir, await freePort())).toBeUndefined();
  } finally {
    await db.close();
  }
});
