import { z } from 'zod';
import { usccSchema } from '../core/uscc';

export const enterpriseNameSchema = z.string().trim().min(2, '企业名称至少 2 个字').max(100, '企业名称不超过 100 个字');

export const loginInput = z.object({});
export const profileInput = z.object({});

export const bindEnterpriseInput = z.object({ uscc: usccSchema, name: enterpriseNameSchema });

export const requestEnterpriseReviewInput = z.object({
  uscc: usccSchema,
  name: enterpriseNameSchema,
  note: z.string().trim().max(500, '说明不超过 500 字').default(''),
});

/**
 * What the platform puts in the event for `wx.cloud.CloudID(cloudID)`: the decrypted open data.
 * The client only sends the cloudID; WeChat (or the local cloud) replaces it before the function runs.
 */
export const verifyPhoneInput = z.object({
  phone: z.object({
    cloudID: z.string().min(1),
    data: z.object({
      phoneNumber: z.string().optional(),
      purePhoneNumber: z.string().regex(/^\d{5,15}$/, '手机号格式不正确'),
      countryCode: z.union([z.string(), z.number()]).optional(),
    }),
  }),
});

export interface EnterpriseView {
  uscc: string;
  name: string;
  city: string | null;
}

export interface ProfileView {
  openid: string;
  roles: ('admin' | 'staff')[];
  hospitalId: string | null;
  hospitalName: string | null;
  enterprise: EnterpriseView | null;
  phoneVerified: boolean;
  phoneMasked: string | null;
}

/** The `user` function's actions: input (as the client sends it) and output. */
export interface UserApi {
  login: { input: z.input<typeof loginInput>; output: ProfileView };
  profile: { input: z.input<typeof profileInput>; output: ProfileView };
  bindEnterprise: { input: z.input<typeof bindEnterpriseInput>; output: ProfileView };
  requestEnterpriseReview: {
    input: z.input<typeof requestEnterpriseReviewInput>;
    output: { claimId: string; status: 'pending' };
  };
  verifyPhone: { input: { phone: unknown }; output: { phoneVerified: true; phoneMasked: string } };
}
