import type { LocalDatabase } from '../database';
import { seedBindings } from './bindings';
import { seedCable } from './cable';
import { seedRedlist } from './redlist';
import { seedVouchers } from './vouchers';

export interface SeedContext {
  db: LocalDatabase;
  /** Invokes a cloud function as the console would (no OPENID) and returns its result. */
  callFunction: (name: string, event: object) => Promise<unknown>;
}

/**
 * Demo data loaded on the first `npm start` (and by `npm run cloud -- seed`): hospitals, the demo
 * identities of the web preview, a published past campaign and an open one.
 */
export async function seedDemoData(ctx: SeedContext): Promise<void> {
  await seedVouchers(ctx);
  await seedBindings(ctx);
  await seedRedlist(ctx);
  await seedCable(ctx);
}
