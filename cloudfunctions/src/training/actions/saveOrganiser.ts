import { randomBytes } from 'node:crypto';
import { saveOrganiserInput } from '../../contract/training';
import { audit } from '../../runtime/audit';
import { runInTransaction, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { ORGANISERS, SESSIONS, type OrganiserDoc } from '../documents';
import { organiserViewOf } from '../organisers';

/** Admins add an organiser (no organiserId) or rename one; its sessions show the new name. */
export const saveOrganiser = action({
  access: 'admin',
  input: saveOrganiserInput,
  async handler({ organiserId, name }, { caller, db, now }) {
    const doc = await runInTransaction(db, async (t: Transaction) => {
      const id = organiserId ?? `O${randomBytes(8).toString('hex')}`;
      const before = organiserId ? await txGet<OrganiserDoc>(t, ORGANISERS, organiserId) : null;
      if (organiserId && !before) throw new AppError('NOT_FOUND', '主办单位不存在');
      const doc: OrganiserDoc = { _id: id, name, createdAt: before?.createdAt ?? now, updatedAt: now };
      const { _id, ...data } = doc;
      await t.collection(ORGANISERS).doc(_id).set({ data });
      await audit(t, db, {
        actor: caller.actor,
        action: organiserId ? 'training.renameOrganiser' : 'training.createOrganiser',
        targetType: 'training_organiser',
        targetId: id,
        before: before ? { name: before.name } : undefined,
        after: { name },
      });
      return doc;
    });
    // The sessions' copy of the name (for lists); a rename repeated after an interruption finishes it.
    if (organiserId) {
      await db
        .collection(SESSIONS)
        .where({ organiserId: doc._id, organiserName: db.command.neq(name) })
        .update({ data: { organiserName: name } });
    }
    return organiserViewOf(db, doc);
  },
});
