/**
 * First start: `npm start` serves the preview while the demo data is still being written. A page
 * opened meanwhile must not state something untrue (the 红榜 tab saying "红榜尚未发布"): the shell
 * says 正在准备演示数据…, the page's call waits for the seed, and then the page shows the data.
 */
import type { CloudEndpoint } from '../../emulator/project';
import { seedDemoData } from '../../seed/index';
import { PENDING_EXPR, startPreview, type PreviewSession } from './helpers/browser';

jest.setTimeout(300_000);

let preview: PreviewSession;
let openGate: () => void = () => undefined;
const gate = new Promise<void>((resolve) => (openGate = resolve));

beforeAll(async () => {
  preview = await startPreview({
    // The project's seed, held back until the test has looked at the page.
    seed: async (endpoint: CloudEndpoint) => {
      await gate;
      await seedDemoData(endpoint);
    },
    seedInBackground: true,
  });
});

afterAll(async () => {
  openGate();
  await preview?.close();
});

it('while seeding, the 红榜 tab waits and the shell says so; then it shows the list', async () => {
  await preview.openAs('demo-consumer', 'pages/redlist-tab/index');
  await preview.page.getByText('正在准备演示数据…').waitFor({ state: 'visible' });
  // The page asked the cloud and is still waiting for its answer, saying it is loading.
  await preview.page.waitForFunction(`${PENDING_EXPR} > 0`);
  await preview.screen().locator('.state-loading').filter({ visible: true }).first().waitFor();
  expect(await preview.visible('红榜尚未发布，发布后会在这里显示').isVisible()).toBe(false);
  await preview.screenshot('first-start-seeding');

  openGate();
  await preview.page.getByText('正在准备演示数据…').waitFor({ state: 'detached', timeout: 240_000 });
  expect(await preview.page.locator('body').getAttribute('data-seeding')).toBe('false');
  await preview.waitForText(/^共 [\d,]+ 家企业$/, 60_000);
  expect(await preview.visible('红榜尚未发布，发布后会在这里显示').isVisible()).toBe(false);
  expect(await preview.errors()).toEqual([]);
});
