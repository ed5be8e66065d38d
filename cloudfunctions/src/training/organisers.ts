import type { OrganiserView } from '../contract/training';
import type { Database } from '../runtime/cloud';
import { count } from '../runtime/db';
import type { OrganiserDoc } from './documents';

/** An organiser and how many users check in for it. */
export async function organiserViewOf(db: Database, doc: OrganiserDoc): Promise<OrganiserView> {
  const trainerCount = await count(db.collection('users').where({ roles: 'trainer', organiserId: doc._id }));
  return { organiserId: doc._id, name: doc.name, trainerCount };
}
