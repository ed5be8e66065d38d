import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalCloud } from '../../emulator/start';
import { buildFunctions } from '../../scripts/build-functions';
import { SEEDED_DIR_ENV } from './helpers/browser';

/**
 * E2E setup: build the functions as deployed, then seed the demo data once into a temp data dir
 * that every test file copies (seeding runs the real functions and takes many seconds).
 */
export default async function globalSetup(): Promise<void> {
  await buildFunctions({ quiet: true });
  const dir = await mkdtemp(path.join(tmpdir(), 'ypt-e2e-seeded-'));
  const cloud = await startLocalCloud({ port: 0, dataDir: dir, seed: true, timers: false, functionLogs: 'errors' });
  await cloud.stop();
  process.env[SEEDED_DIR_ENV] = dir;
}
