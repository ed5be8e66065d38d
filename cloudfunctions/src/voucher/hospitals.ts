import type { Database } from '../runtime/cloud';
import { list } from '../runtime/db';
import type { HospitalDoc } from '../services/documents';
import { hospitalView } from '../services/views';

export async function activeHospitals(db: Database) {
  return (
    await list<HospitalDoc>(db.collection('hospitals').where({ active: true }).orderBy('_id', 'asc').limit(100))
  ).map(hospitalView);
}
