import type { ProfileView } from '../contract/user';
import type { Database } from '../runtime/cloud';
import { findById } from '../runtime/db';
import type { UserRecord } from '../runtime/router';

interface EnterpriseDoc {
  _id: string;
  name: string;
  city?: string | null;
}

interface HospitalDoc {
  _id: string;
  name: string;
}

export async function profileOf(db: Database, user: UserRecord): Promise<ProfileView> {
  const [enterprise, hospital] = await Promise.all([
    user.enterpriseUscc ? findById<EnterpriseDoc>(db, 'enterprises', user.enterpriseUscc) : null,
    user.hospitalId ? findById<HospitalDoc>(db, 'hospitals', user.hospitalId) : null,
  ]);
  return {
    openid: user._id,
    roles: user.roles ?? [],
    hospitalId: user.hospitalId ?? null,
    hospitalName: hospital?.name ?? null,
    enterprise: enterprise ? { uscc: enterprise._id, name: enterprise.name, city: enterprise.city ?? null } : null,
    phoneVerified: !!user.phoneVerified,
    phoneMasked: user.phoneMasked ?? null,
  };
}
