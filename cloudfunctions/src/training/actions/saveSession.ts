import { randomBytes } from 'node:crypto';
import { saveSessionInput } from '../../contract/training';
import { audit } from '../../runtime/audit';
import { count, runInTransaction, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { ORGANISERS, PROGRAMMES, SESSIONS, SIGNUPS, type OrganiserDoc, type SessionDoc } from '../documents';
import { programmeNamesOf } from '../programme-names';
import { assertSeatsCover, FRESH_SEATS, sessionFieldsOf, writeSessionChange } from '../session-fields';
import { sessionAdminViewOf } from '../views';

/**
 * Admins create a session (no sessionId) or change one. In one transaction with the session: the
 * organiser and programme must exist; a called-off session stays as it is; seats may not drop below
 * those already given, and added seats go to the waitlist first (in order, with a message each).
 */
export const saveSession = action({
  access: 'admin',
  input: saveSessionInput,
  async handler({ sessionId, ...input }, { caller, db, now }) {
    const saved = await runInTransaction(
      db,
      async (t: Transaction) => {
        const organiser = await txGet<OrganiserDoc>(t, ORGANISERS, input.organiserId);
        if (!organiser) throw new AppError('NOT_FOUND', '主办单位不存在');
        if (input.programmeId && !(await txGet(t, PROGRAMMES, input.programmeId))) {
          throw new AppError('NOT_FOUND', '培训计划不存在');
        }
        const fields = sessionFieldsOf(input, organiser.name);
        if (!sessionId) {
          const doc: SessionDoc = {
            _id: `S${randomBytes(8).toString('hex')}`,
            code: null,
            ...fields,
            ...FRESH_SEATS,
            createdAt: now,
            updatedAt: now,
          };
          const { _id, ...data } = doc;
          await t.collection(SESSIONS).doc(_id).set({ data });
          await audit(t, db, {
            actor: caller.actor,
            action: 'training.createSession',
            targetType: 'training_session',
            targetId: _id,
            after: { title: doc.title, startAt: doc.startAt, capacity: doc.capacity },
          });
          return doc;
        }
        const before = await txGet<SessionDoc>(t, SESSIONS, sessionId);
        if (!before) throw new AppError('NOT_FOUND', '培训场次不存在');
        if (before.status === 'cancelled') throw new AppError('SESSION_STATE', '本场培训已取消，不能再修改');
        assertSeatsCover(before, fields.capacity);
        const { after, promoted } = await writeSessionChange(t, db, before, fields, now);
        await audit(t, db, {
          actor: caller.actor,
          action: 'training.updateSession',
          targetType: 'training_session',
          targetId: after._id,
          before: { title: before.title, startAt: before.startAt, capacity: before.capacity },
          after: { title: after.title, startAt: after.startAt, capacity: after.capacity, promoted: promoted.length },
        });
        return after;
      },
      10,
    );
    const checkedIn = await count(
      db.collection(SIGNUPS).where({ sessionId: saved._id, checkedInAt: db.command.neq(null) }),
    );
    return sessionAdminViewOf(saved, now, checkedIn, await programmeNamesOf(db, [saved]));
  },
});
