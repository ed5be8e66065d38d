import type { Database } from '../runtime/cloud';
import { list } from '../runtime/db';
import { PROGRAMMES, type ProgrammeDoc, type SessionDoc } from './documents';
import type { ProgrammeNames } from './views';

/** The names of the sessions' programmes, in one read (none when no session belongs to one). */
export async function programmeNamesOf(
  db: Database,
  sessions: Pick<SessionDoc, 'programmeId'>[],
): Promise<ProgrammeNames> {
  const ids = [...new Set(sessions.map((s) => s.programmeId).filter((id): id is string => !!id))];
  if (!ids.length) return new Map();
  const docs = await list<ProgrammeDoc>(
    db
      .collection(PROGRAMMES)
      .where({ _id: db.command.in(ids) })
      .limit(ids.length),
  );
  return new Map(docs.map((p) => [p._id, p.name]));
}
