import type { Database } from '../runtime/cloud';
import { joinedPipeline, list, type Lookup } from '../runtime/db';
import type { HospitalDoc } from '../services/documents';
import { hospitalView } from '../services/views';

/** The hospitals that redeem vouchers, in a fixed order: all of them fit on one page. */
const ACTIVE = { active: true } as const;
const MOST_HOSPITALS = 100;

export async function activeHospitals(db: Database) {
  return (
    await list<HospitalDoc>(db.collection('hospitals').where(ACTIVE).orderBy('_id', 'asc').limit(MOST_HOSPITALS))
  ).map(hospitalView);
}

/** The same hospitals joined to another read, as `as`. */
export function activeHospitalsJoined(db: Database, as: string): Lookup {
  return {
    from: 'hospitals',
    pipeline: joinedPipeline(db, ACTIVE, { order: { _id: 1 }, limit: MOST_HOSPITALS }),
    as,
  };
}
