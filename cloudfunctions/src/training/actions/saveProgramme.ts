import { randomBytes } from 'node:crypto';
import { saveProgrammeInput } from '../../contract/training';
import { audit } from '../../runtime/audit';
import { runInTransaction, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { PROGRAMMES, type ProgrammeDoc } from '../documents';
import { programmeViewOf } from '../programmes';

/** Admins create a programme (no programmeId) or change one: its name, year and plan. */
export const saveProgramme = action({
  access: 'admin',
  input: saveProgrammeInput,
  async handler({ programmeId, ...fields }, { caller, db, now }) {
    const doc = await runInTransaction(db, async (t: Transaction) => {
      const id = programmeId ?? `P${randomBytes(8).toString('hex')}`;
      const before = programmeId ? await txGet<ProgrammeDoc>(t, PROGRAMMES, programmeId) : null;
      if (programmeId && !before) throw new AppError('NOT_FOUND', '培训计划不存在');
      const next: ProgrammeDoc = { _id: id, ...fields, createdAt: before?.createdAt ?? now, updatedAt: now };
      const { _id, ...data } = next;
      await t.collection(PROGRAMMES).doc(_id).set({ data });
      await audit(t, db, {
        actor: caller.actor,
        action: programmeId ? 'training.updateProgramme' : 'training.createProgramme',
        targetType: 'training_programme',
        targetId: id,
        before: before ? { name: before.name, plannedSessions: before.plannedSessions } : undefined,
        after: { name: next.name, plannedSessions: next.plannedSessions, plannedOnSite: next.plannedOnSite },
      });
      return next;
    });
    return programmeViewOf(db, doc, now);
  },
});
