/**
 * The product's demo data, loaded on the first `npm start` and by `npm run cloud -- seed`. The local
 * cloud runs it because package.json "localCloud" names it (`seed/index.ts#seedDemoData`), handing it
 * its address; the seed writes through the server API (seed/client.ts), as any CloudBase client would.
 */
import { connect, type CloudBaseTarget } from './client';
import { seedBindings } from './bindings';
import { seedCable } from './cable';
import { seedCredit } from './credit';
import { seedHelpdeskExperts } from './helpdesk-experts';
import { seedCheckupQuestionnaire } from './checkup-questionnaire';
import { seedHelpdeskCases } from './helpdesk-cases';
import { seedRedlist } from './redlist';
import { seedTraining } from './training';
import { seedVouchers } from './vouchers';

export type { CloudBaseTarget, SeedContext } from './client';
export { connect } from './client';

/** Hospitals, the demo identities of the web preview, a published past campaign and an open one, the red list, cable requests, help-desk cases, quality training, product credit codes. */
export async function seedDemoData(target: CloudBaseTarget): Promise<void> {
  const ctx = connect(target);
  await seedVouchers(ctx);
  await seedBindings(ctx);
  await seedRedlist(ctx);
  await seedHelpdeskExperts(ctx);
  await seedCable(ctx);
  // Help-desk cases after the experts (they are routed to, owned and rated by them).
  await seedHelpdeskCases(ctx);
  await seedCheckupQuestionnaire(ctx);
  await seedTraining(ctx);
  await seedCredit(ctx);
}
