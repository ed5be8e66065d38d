import { type ClaimStatus, type EnterpriseClaimView } from '../contract/admin';
import type { EnterpriseDoc } from '../services/documents';

export const PAGE_SIZE = 20;

export interface ClaimDoc {
  _id: string;
  uscc: string;
  name: string;
  note: string;
  claimantOpenid: string;
  status: ClaimStatus;
  resolution?: string | null;
  createdAt: Date;
}

export function claimView(claim: ClaimDoc, enterprise: EnterpriseDoc | null): EnterpriseClaimView {
  return {
    claimId: claim._id,
    uscc: claim.uscc,
    claimedName: claim.name,
    registeredName: enterprise?.name ?? null,
    hasOwner: !!enterprise?.ownerOpenid,
    note: claim.note ?? '',
    status: claim.status,
    resolution: claim.resolution ?? null,
    createdAt: new Date(claim.createdAt).toISOString(),
  };
}
