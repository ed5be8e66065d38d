import { rm } from 'node:fs/promises';
import { SEEDED_DIR_ENV } from './helpers/browser';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env[SEEDED_DIR_ENV];
  if (dir) await rm(dir, { recursive: true, force: true });
}
