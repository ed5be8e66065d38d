/** Contracts of the `hospital` function (product-hospital staff): redeeming vouchers and settlement. */
import { z } from 'zod';
import type { ScreeningApi } from './cable';
import { FEE_MESSAGES, MAX_FEE } from '../../../miniprogram/shared/vouchers';
import { calendarDateSchema, idSchema, pageSchema, type Paged } from './common';
import { serviceTypeSchema, type VoucherView } from './voucher';

/** The QR payload printed on a voucher: `YPT1.<voucherId>.<signature>`. */
export const qrPayloadSchema = z.string().trim().min(10, '券码无效').max(200, '券码无效');
export const lookupVoucherInput = z.object({ payload: qrPayloadSchema });
export const redeemVoucherInput = z.object({
  payload: qrPayloadSchema,
  serviceType: serviceTypeSchema,
  fee: z.number().positive(FEE_MESSAGES.notPositive).max(MAX_FEE).multipleOf(0.01, FEE_MESSAGES.cents),
  note: z.string().trim().max(200).default(''),
});
export const myRedemptionsInput = z.object({ page: pageSchema });
export const settlementReportInput = z.object({
  from: calendarDateSchema,
  to: calendarDateSchema,
  hospitalId: idSchema.optional(),
});

export interface SettlementRow {
  hospitalId: string;
  hospitalName: string;
  count: number;
  totalFee: number;
  totalOffset: number;
}

/** The `hospital` function: voucher redemption here, the quick-screen queue in contract/cable.ts. */
export interface HospitalApi extends ScreeningApi {
  lookupVoucher: { input: z.input<typeof lookupVoucherInput>; output: VoucherView };
  redeemVoucher: { input: z.input<typeof redeemVoucherInput>; output: VoucherView };
  myRedemptions: { input: z.input<typeof myRedemptionsInput>; output: Paged<VoucherView> };
  settlementReport: {
    input: z.input<typeof settlementReportInput>;
    output: { from: string; to: string; rows: SettlementRow[]; csv: string | null };
  };
}
