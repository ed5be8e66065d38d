import { z } from 'zod';
import type { BindingState, VerifiedBy } from '../core/binding';
import { usccSchema } from '../core/uscc';
import {
  ENTERPRISE_NAME_MESSAGES,
  ENTERPRISE_NOTE_MAX,
  enterpriseNameProblem,
  REVIEW_REASON_MAX,
} from '../../../miniprogram/shared/enterprise';
import { idSchema, pageSchema, problemCheck, textUpTo } from './common';

/** The binding form's rule itself (shared/enterprise.ts), characters counted as the pages count them. */
export const enterpriseNameSchema = z
  .string({ message: ENTERPRISE_NAME_MESSAGES.tooShort })
  .trim()
  .superRefine(problemCheck(enterpriseNameProblem))
  .meta({ title: '企业名称' });
const enterpriseUsccSchema = usccSchema.meta({ title: '统一社会信用代码' });

export const loginInput = z.object({});
export const profileInput = z.object({});
export const summaryInput = z.object({});

export const bindEnterpriseInput = z.object({ uscc: enterpriseUsccSchema, name: enterpriseNameSchema });

export const requestEnterpriseReviewInput = z.object({
  uscc: enterpriseUsccSchema,
  name: enterpriseNameSchema,
  note: textUpTo('说明', ENTERPRISE_NOTE_MAX).meta({ title: '复核说明' }).default(''),
});

/** A storage fileID the client got from wx.cloud.uploadFile; whose it is, the server checks. */
const proofFileSchema = (label: string) =>
  z
    .string({ message: `请上传${label}` })
    .trim()
    .min(1, `请上传${label}`)
    .max(512, `${label}的文件编号过长`)
    .regex(/^cloud:\/\/\S+$/, `${label}的文件编号无效，请重新上传`)
    .meta({ title: label });

export const submitEnterpriseDocumentsInput = z
  .object({ licenceFileID: proofFileSchema('营业执照'), authorizationFileID: proofFileSchema('授权委托书') })
  .refine((v) => v.licenceFileID !== v.authorizationFileID, {
    message: '营业执照和授权委托书请分别上传',
    path: ['authorizationFileID'],
  });

/**
 * What the platform puts in the event for `wx.cloud.CloudID(cloudID)`: the decrypted open data.
 * The client only sends the cloudID; WeChat (or the local cloud) replaces it before the function runs.
 */
export const verifyPhoneInput = z.object({
  phone: z
    .object({
      cloudID: z.string().min(1).meta({ title: '手机号授权' }),
      data: z
        .object({
          phoneNumber: z.string().meta({ title: '手机号' }).optional(),
          purePhoneNumber: z
            .string()
            .regex(/^\d{5,15}$/, '手机号格式不正确')
            .meta({ title: '手机号' }),
          countryCode: z.union([z.string(), z.number()]).meta({ title: '国家或地区代码' }).optional(),
        })
        .meta({ title: '手机号授权' }),
    })
    .meta({ title: '手机号授权' }),
});

export interface EnterpriseView {
  uscc: string;
  name: string;
  city: string | null;
  /** pending until verified by the registry phone or by documents an admin approved; rejected: documents refused. */
  verification: BindingState;
  verifiedBy: VerifiedBy | null;
  /** Why an admin refused the documents (rejected only). */
  rejectionReason: string | null;
  /** When documents were last submitted (ISO), while they wait for an admin; null otherwise. */
  documentsWaitingSince: string | null;
}

/** The counts the 我的 page shows on its entries: the caller's own, nobody else's. */
export interface SummaryView {
  /** Published vouchers still issued and within their validity. */
  usableVouchers: number;
  /** Quick-screen requests not yet completed, rejected or cancelled. */
  openCableRequests: number;
}

export interface ProfileView {
  openid: string;
  roles: ('admin' | 'staff' | 'expert' | 'trainer')[];
  hospitalId: string | null;
  /** The help-desk expert record this user answers for (role `expert`). */
  expertId: string | null;
  /** The training organiser this user checks attendees in for (role `trainer`). */
  organiserId: string | null;
  hospitalName: string | null;
  enterprise: EnterpriseView | null;
  phoneVerified: boolean;
  phoneMasked: string | null;
}

/** The `user` function's actions: input (as the client sends it) and output. */
export interface UserApi {
  login: { input: z.input<typeof loginInput>; output: ProfileView };
  profile: { input: z.input<typeof profileInput>; output: ProfileView };
  summary: { input: z.input<typeof summaryInput>; output: SummaryView };
  bindEnterprise: { input: z.input<typeof bindEnterpriseInput>; output: ProfileView };
  requestEnterpriseReview: {
    input: z.input<typeof requestEnterpriseReviewInput>;
    output: { claimId: string; status: 'pending' };
  };
  /** `phone`: the verified number, to its owner only (forms fill it in); never stored on the account. */
  verifyPhone: { input: { phone: unknown }; output: { phoneVerified: true; phoneMasked: string; phone: string } };
  submitEnterpriseDocuments: { input: z.input<typeof submitEnterpriseDocumentsInput>; output: ProfileView };
}

// ---- admin: the queue of enterprise documents (actions of the `admin` function) ----

export const REVIEW_STATUSES = ['waiting', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const listEnterpriseVerificationsInput = z.object({
  status: z
    .enum(REVIEW_STATUSES, { message: '审核状态应为 waiting（待审核）、approved（已通过）或 rejected（已驳回）' })
    .meta({ title: '审核状态' })
    .default('waiting'),
  page: pageSchema,
});

export const reviewEnterpriseVerificationInput = z
  .object({
    bindingId: idSchema.meta({ title: '审核编号' }),
    decision: z
      .enum(['approve', 'reject'], { message: '审核结果应为 approve（通过）或 reject（驳回）' })
      .meta({ title: '审核结果' }),
    reason: textUpTo('驳回原因', REVIEW_REASON_MAX).meta({ title: '驳回原因' }).default(''),
  })
  .refine((v) => v.decision === 'approve' || v.reason.length > 0, { message: '驳回时请填写原因', path: ['reason'] });

export interface ProofFileView {
  fileID: string;
  /** A temporary download address for the admin to view the file (empty when the file is gone). */
  url: string;
}

export interface EnterpriseVerificationView {
  bindingId: string;
  uscc: string;
  claimedName: string;
  /** The registry's name, null for an enterprise the registry does not list. */
  registeredName: string | null;
  /** Another account already verified for this USCC (approving then fails: settle it as a dispute). */
  hasVerifiedOwner: boolean;
  licence: ProofFileView;
  authorization: ProofFileView;
  submittedAt: string;
  status: ReviewStatus;
  rejectionReason: string | null;
  reviewedAt: string | null;
}
