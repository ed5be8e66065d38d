/**
 * First start: the local cloud answers before its seed has written the demo data
 * (seedInBackground, as `npm start` runs it). Until the seed finishes, GET /_emulator/status says
 * so and mini-program calls (POST /client/call) wait, so a page never reads half-seeded data; server
 * API calls (the seed's own) are not held.
 */
import { startLocalCloud, type LocalCloud } from '../../../emulator/start';
import type { CloudEndpoint } from '../../../emulator/project';
import { waitUntil } from '../../helpers/wait';
import { FIXTURE_FUNCTIONS_DIR } from '../helpers/local-cloud';

jest.setTimeout(60_000);

let cloud: LocalCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

/** A seed that blocks until the test opens it. */
function gatedSeed() {
  const events: string[] = [];
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const seeder = async (_endpoint: CloudEndpoint) => {
    events.push('seed started');
    await gate;
    events.push('seed finished');
  };
  return { events, seeder, open };
}

async function status(url: string): Promise<{ seeding: boolean }> {
  return (await (await fetch(`${url}/_emulator/status`)).json()) as { seeding: boolean };
}

function clientCall(url: string, openid: string) {
  return fetch(`${url}/client/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'probe', data: { op: 'whoami' }, openid }),
  }).then((r) => r.json() as Promise<{ result?: { ctx: { OPENID?: string } } }>);
}

function adminCall(url: string) {
  return fetch(`${url}/admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      action: 'functions.invokeFunction',
      function_name: 'probe',
      request_data: JSON.stringify({ op: 'whoami' }),
    }),
  }).then((r) => r.json() as Promise<{ data?: { response_data: string } }>);
}

const start = (seeder: (e: CloudEndpoint) => Promise<void>, background: boolean) =>
  startLocalCloud({
    port: 0,
    seed: seeder,
    seedInBackground: background,
    deployedFunctions: false,
    extraFunctionsDir: FIXTURE_FUNCTIONS_DIR,
    functionLogs: 'errors',
  });

test('while the seed runs, the status says so and a mini-program call waits for it', async () => {
  const seed = gatedSeed();
  cloud = await start(seed.seeder, true);
  expect(seed.events).toEqual(['seed started']);
  expect(await status(cloud.url)).toEqual({ seeding: true });
  expect(cloud.seeding()).toBeDefined();

  const answered: string[] = [];
  const call = clientCall(cloud.url, 'o-early').then((reply) => {
    answered.push('client call');
    return reply;
  });
  // The same function answers a server-API call made after the client call was sent: the host is
  // up, so only the seed gate can be holding the client call.
  const admin = await adminCall(cloud.url);
  expect(JSON.parse(admin.data?.response_data ?? '{}').ctx).toBeDefined();
  expect(answered).toEqual([]);

  seed.open();
  const reply = await call;
  expect(reply.result?.ctx.OPENID).toBe('o-early');
  expect(seed.events).toEqual(['seed started', 'seed finished']);
  await waitUntil(async () => !(await status(cloud!.url)).seeding, { what: 'status seeding: false' });
  expect(cloud.seeding()).toBeUndefined();
});

test('seeding() resolves to how long the seed took; calls after it answer at once', async () => {
  const seed = gatedSeed();
  cloud = await start(seed.seeder, true);
  const running = cloud.seeding();
  seed.open();
  expect(typeof (await running)).toBe('number');
  expect((await clientCall(cloud.url, 'o-late')).result?.ctx.OPENID).toBe('o-late');
});

test('without seedInBackground, startLocalCloud returns only once the data is there', async () => {
  const events: string[] = [];
  cloud = await start(async () => {
    events.push('seeded');
  }, false);
  expect(events).toEqual(['seeded']);
  expect(cloud.seeding()).toBeUndefined();
  expect(await status(cloud.url)).toEqual({ seeding: false });
});
