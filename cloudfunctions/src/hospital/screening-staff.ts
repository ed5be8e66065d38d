import type { CableRequestDoc } from '../core/cable/request';
import { staffScope } from '../core/cable/workflow';
import type { Database } from '../runtime/cloud';
import { findById } from '../runtime/db';
import { AppError } from '../runtime/errors';
import { type Caller } from '../runtime/router';
import type { HospitalDoc } from '../services/documents';

export interface StaffContext {
  openid: string;
  hospitalId: string;
  hospitalName: string;
  active: boolean;
}

/** Screening is done by hospital staff only (an admin without a hospital has no queue). */
export async function staffContext(db: Database, caller: Caller): Promise<StaffContext> {
  const hospitalId = caller.user?.roles?.includes('staff') ? caller.user.hospitalId : undefined;
  if (!hospitalId || !caller.openid) throw new AppError('FORBIDDEN', '需要产品医院工作人员权限');
  const hospital = await findById<HospitalDoc>(db, 'hospitals', hospitalId);
  return {
    openid: caller.openid,
    hospitalId,
    hospitalName: hospital?.name ?? hospitalId,
    active: !!hospital?.active,
  };
}

/** Invisible requests (another hospital's, or preferring another hospital) answer NOT_FOUND. */
export function visibleScope(doc: CableRequestDoc | null, staff: StaffContext) {
  const scope = doc ? staffScope(doc, staff.hospitalId) : 'none';
  if (!doc || scope === 'none') throw new AppError('NOT_FOUND', '筛查申请不存在');
  return { doc, scope };
}
