import { hasEnded } from '../../../miniprogram/shared/training';
import type { ProgrammeView } from '../contract/training';
import type { Database } from '../runtime/cloud';
import { findById, list } from '../runtime/db';
import { AppError } from '../runtime/errors';
import { PROGRAMMES, SESSIONS, type ProgrammeDoc, type SessionDoc } from './documents';
import { sessionSummaryOf } from './views';

/** A programme's sessions (hundreds at most). */
const SESSION_LIMIT = 1000;

export async function loadProgramme(db: Database, programmeId: string): Promise<ProgrammeDoc> {
  const doc = await findById<ProgrammeDoc>(db, PROGRAMMES, programmeId);
  if (!doc) throw new AppError('NOT_FOUND', '培训计划不存在');
  return doc;
}

/** A programme's plan against what was held and what is scheduled (cancelled sessions count for neither). */
export async function programmeViewOf(db: Database, doc: ProgrammeDoc, now: Date): Promise<ProgrammeView> {
  const sessions = await list<SessionDoc>(
    db.collection(SESSIONS).where({ programmeId: doc._id }).orderBy('startAt', 'asc').limit(SESSION_LIMIT),
  );
  const live = sessions.filter((s) => s.status === 'scheduled');
  const held = live.filter((s) => hasEnded(s, now));
  const names = new Map([[doc._id, doc.name]]);
  return {
    programmeId: doc._id,
    name: doc.name,
    year: doc.year,
    description: doc.description,
    plannedSessions: doc.plannedSessions,
    plannedOnSite: doc.plannedOnSite,
    heldSessions: held.length,
    heldOnSite: held.filter((s) => s.format === 'onsite').length,
    scheduledSessions: live.length,
    scheduledOnSite: live.filter((s) => s.format === 'onsite').length,
    sessions: sessions.map((s) => sessionSummaryOf(s, now, names)),
  };
}
