/**
 * The unmodified wx-server-sdk talking to a LocalDatabase over HTTP, without the rest of the emulator:
 *
 *   const db = await LocalDatabase.open({ collections: [{ name: 'todos' }] });
 *   const sdk = await startSdkAgainstDatabase(db);
 *   afterAll(() => sdk.close());
 *   await sdk.db.collection('todos').add({ data: { title: 'x' } });
 *
 * The SDK reads its endpoint from TCB_CONTEXT_CNFG, so one server per test file (per jest module registry);
 * `use()` swaps the database behind it (e.g. after a reopen).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalDatabase } from '../../../emulator/database';

type WxServerSdk = typeof import('wx-server-sdk');
export type SdkDatabase = ReturnType<WxServerSdk['database']>;

export interface RecordedCall {
  action: string;
  body: Record<string, unknown>;
  reply: Record<string, unknown>;
}

export interface SdkAgainstDatabase {
  cloud: WxServerSdk;
  db: SdkDatabase;
  url: string;
  /** Every request the server answered, in order (clear it with `calls.length = 0`). */
  calls: RecordedCall[];
  use(database: LocalDatabase): void;
  close(): Promise<void>;
}

export async function startSdkAgainstDatabase(database: LocalDatabase): Promise<SdkAgainstDatabase> {
  let current = database;
  const calls: RecordedCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let reply: Record<string, unknown>;
        let body: Record<string, unknown> = {};
        if (req.method !== 'POST' || !(req.url ?? '').startsWith('/admin')) {
          res.writeHead(404).end();
          return;
        }
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          reply = await current.handle(String(body.action), body);
        } catch (error) {
          reply = { code: 'INVALID_PARAM', message: (error as Error).message, requestId: 'bad-json' };
        }
        calls.push({ action: String(body.action), body, reply });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      })();
    });
  });
  // As emulator/server.ts: a socket the SDK still counts as pooled must not be closed under it.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/admin`;

  Object.assign(process.env, {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: url }),
    TCB_ENV: 'local',
    TENCENTCLOUD_SECRETID: 'x',
    TENCENTCLOUD_SECRETKEY: 'x',
    TENCENTCLOUD: 'true',
    SILENCE: 'true',
  });
  const cloud = (await import('wx-server-sdk')) as WxServerSdk;
  cloud.init({ env: 'local' });
  const db = cloud.database();

  return {
    cloud,
    db,
    url,
    calls,
    use(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
