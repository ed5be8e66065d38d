import { z } from 'zod';
import { ENTERPRISE_NOTE_MAX } from '../../../miniprogram/shared/enterprise';
import { idSchema, pageSchema, textUpTo, type Paged } from './common';
import type {
  EnterpriseVerificationView,
  listEnterpriseVerificationsInput,
  reviewEnterpriseVerificationInput,
} from './user';
import type { AdminCampaignApi } from './admin-campaigns';
import type { AdminDashboardApi } from './admin-dashboard';
import type { AdminImportApi } from './admin-imports';
import type { AdminNoticeApi } from './admin-notices';
import type { CampaignView } from './voucher';

export const adminListCampaignsInput = z.object({ page: pageSchema });

export const CLAIM_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const listEnterpriseClaimsInput = z.object({
  status: z
    .enum(CLAIM_STATUSES, { message: '状态应为 pending（待处理）、approved（已通过）或 rejected（已驳回）' })
    .meta({ title: '处理状态' })
    .default('pending'),
  page: pageSchema,
});

export const resolveEnterpriseClaimInput = z
  .object({
    claimId: idSchema.meta({ title: '复核申请编号' }),
    decision: z
      .enum(['approve', 'reject'], { message: '处理结果应为 approve（通过）或 reject（驳回）' })
      .meta({ title: '处理结果' }),
    note: textUpTo('说明', ENTERPRISE_NOTE_MAX).meta({ title: '处理说明' }).default(''),
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

/**
 * The admin actions the mini-program's 管理 pages use (the rest run from the console only): the campaign
 * lifecycle, the dashboards and exports, the imports and the result notices, each in its own contract file.
 */
export interface AdminApi extends AdminCampaignApi, AdminDashboardApi, AdminImportApi, AdminNoticeApi {
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
