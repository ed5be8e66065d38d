import { z } from 'zod';
import { idSchema, pageSchema, type Paged } from './common';
import type {
  EnterpriseVerificationView,
  listEnterpriseVerificationsInput,
  reviewEnterpriseVerificationInput,
} from './user';
import type { CampaignView } from './voucher';

export const adminListCampaignsInput = z.object({ page: pageSchema });

export const CLAIM_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const listEnterpriseClaimsInput = z.object({
  status: z.enum(CLAIM_STATUSES, { message: '状态应为 pending、approved 或 rejected' }).default('pending'),
  page: pageSchema,
});

export const resolveEnterpriseClaimInput = z
  .object({
    claimId: idSchema,
    decision: z.enum(['approve', 'reject'], { message: '处理结果应为 approve 或 reject' }),
    note: z.string().trim().max(500, '说明不超过 500 字').default(''),
  })
  .refine((v) => v.decision === 'approve' || v.note.length > 0, { message: '驳回时请填写原因', path: ['note'] });

export interface EnterpriseClaimView {
  claimId: string;
  uscc: string;
  claimedName: string;
  registeredName: string | null;
  /** Whether the enterprise currently has an owner (who it is stays internal). */
  hasOwner: boolean;
  note: string;
  status: ClaimStatus;
  resolution: string | null;
  createdAt: string;
}

export interface CampaignStatsView {
  campaignId: string;
  status: string;
  applications: { total: number; byStatus: Record<string, number>; byType: Record<string, number> };
  pools: {
    poolId: string;
    faceValue: number;
    quantity: number;
    applied: number;
    issued: number;
    redeemed: number;
    expired: number;
    void: number;
  }[];
  redeemedOffset: number;
  redeemedFee: number;
}

/** The admin actions the mini-program's 管理 pages use (the rest run from the console). */
export interface AdminApi {
  listCampaigns: { input: z.input<typeof adminListCampaignsInput>; output: Paged<CampaignView> };
  campaignStats: { input: { campaignId: string }; output: CampaignStatsView };
  listEnterpriseClaims: { input: z.input<typeof listEnterpriseClaimsInput>; output: Paged<EnterpriseClaimView> };
  resolveEnterpriseClaim: {
    input: z.input<typeof resolveEnterpriseClaimInput>;
    output: EnterpriseClaimView;
  };
  listEnterpriseVerifications: {
    input: z.input<typeof listEnterpriseVerificationsInput>;
    output: Paged<EnterpriseVerificationView>;
  };
  reviewEnterpriseVerification: {
    input: z.input<typeof reviewEnterpriseVerificationInput>;
    output: EnterpriseVerificationView;
  };
}
