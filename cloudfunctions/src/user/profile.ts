import type { ProfileView } from '../contract/user';
import type { Database } from '../runtime/cloud';
import { findById } from '../runtime/db';
import type { UserRecord } from '../runtime/router';
import { enterpriseViewOf, loadBinding } from '../services/enterprise-binding';

interface HospitalDoc {
  _id: string;
  name: string;
}

export async function profileOf(db: Database, user: UserRecord): Promise<ProfileView> {
  const [bound, hospital] = await Promise.all([
    loadBinding(db, user),
    user.hospitalId ? findById<HospitalDoc>(db, 'hospitals', user.hospitalId) : null,
  ]);
  return {
    openid: user._id,
    roles: user.roles ?? [],
    hospitalId: user.hospitalId ?? null,
    expertId: user.expertId ?? null,
    organiserId: user.organiserId ?? null,
    hospitalName: hospital?.name ?? null,
    enterprise: bound ? enterpriseViewOf(bound.binding, bound.enterprise) : null,
    phoneVerified: !!user.phoneVerified,
    phoneMasked: user.phoneMasked ?? null,
  };
}
