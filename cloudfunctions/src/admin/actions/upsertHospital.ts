import { hospitalInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import { findById } from '../../runtime/db';
import { action } from '../../runtime/router';
import type { HospitalDoc } from '../../services/documents';
import { hospitalView } from '../../services/views';

export const upsertHospital = action({
  access: 'admin',
  input: hospitalInput,
  async handler({ hospitalId, ...fields }, { caller, db }) {
    const before = await findById<HospitalDoc>(db, 'hospitals', hospitalId);
    await db
      .collection('hospitals')
      .doc(hospitalId)
      .set({ data: { ...fields, updatedAt: db.serverDate() } });
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.upsertHospital',
      targetType: 'hospital',
      targetId: hospitalId,
      before: before ? { name: before.name, active: before.active } : null,
      after: { name: fields.name, active: fields.active },
    });
    return hospitalView({ _id: hospitalId, ...fields });
  },
});
