import { type EnterpriseVerificationView } from '../contract/user';
import { verifiedOwnerOf } from '../core/binding';
import { type BindingDoc } from '../services/enterprise-binding';
import type { EnterpriseDoc } from '../services/documents';

export const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function verificationView(
  binding: BindingDoc,
  enterprise: EnterpriseDoc | null,
  urls: Map<string, string>,
): EnterpriseVerificationView {
  const licence = binding.documents?.licence ?? '';
  const authorization = binding.documents?.authorization ?? '';
  return {
    bindingId: binding._id,
    uscc: binding.uscc,
    claimedName: binding.claimedName,
    registeredName: enterprise && enterprise.registered !== false ? enterprise.name : null,
    hasVerifiedOwner: !!verifiedOwnerOf(enterprise) && verifiedOwnerOf(enterprise) !== binding._id,
    licence: { fileID: licence, url: urls.get(licence) ?? '' },
    authorization: { fileID: authorization, url: urls.get(authorization) ?? '' },
    submittedAt: iso(binding.documentsSubmittedAt) ?? '',
    status: binding.reviewStatus ?? 'waiting',
    rejectionReason: binding.rejectionReason ?? null,
    reviewedAt: iso(binding.reviewedAt),
  };
}

export function documentIds(bindings: BindingDoc[]): string[] {
  return bindings.flatMap((b) => (b.documents ? [b.documents.licence, b.documents.authorization] : []));
}
