/**
 * A mini-program that does not compile: the preview shows esbuild's message (file and line) in
 * the phone instead of a blank screen, and recovers on reload once the file is fixed.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitUntil } from '../helpers/wait';
import { startPreview, type PreviewSession } from './helpers/browser';

jest.setTimeout(60_000);

let root: string;
let preview: PreviewSession;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ypt-e2e-mp-'));
  await cp(path.join(__dirname, 'fixtures/mp'), root, { recursive: true });
  preview = await startPreview({ miniprogramRoot: root, seed: false });
});

afterAll(async () => {
  await preview?.close();
  await rm(root, { recursive: true, force: true });
});

it('shows the compile error in the phone, then the page again once fixed', async () => {
  await writeFile(path.join(root, 'pages/index/index.js'), 'Page({ data: { count: 0 ');
  await expect(preview.openAs('demo-consumer')).rejects.toThrow(/编译失败[\s\S]*pages\/index\/index\.js/);
  expect(await preview.page.locator('.wxp-build-error h2').innerText()).toBe('编译失败');
  await preview.screenshot('compile-error');

  await writeFile(path.join(root, 'pages/index/index.js'), 'Page({ data: { count: 7 } });');
  // The builder looks at the sources at most every 250 ms: wait until it has built the fixed file.
  await waitUntil(async () => !(await preview.handler.builder.app()).error, { what: 'the fixed build' });
  await preview.openAs('demo-consumer');
  await preview.waitForText('计数：7');
  expect(await preview.errors()).toEqual([]);
});
