/** Contracts of the `hospital` function (product-hospital staff): redeeming vouchers and settlement. */
import { z } from 'zod';
import type { ScreeningApi } from './cable';
import { FEE_MESSAGES, MAX_FEE, REDEMPTION_NOTE_MAX } from '../../../miniprogram/shared/vouchers';
import { calendarDateSchema, idSchema, pageSchema, textUpTo, type Paged } from './common';
import { serviceTypeSchema, type VoucherView } from './voucher';

/** The QR payload printed on a voucher: `YPT1.<voucherId>.<signature>`. */
export const qrPayloadSchema = z.string().trim().min(10, '券码无效').max(200, '券码无效').meta({ title: '券码' });
export const lookupVoucherInput = z.object({ payload: qrPayloadSchema });
export const redeemVoucherInput = z.object({
  payload: qrPayloadSchema,
  serviceType: serviceTypeSchema.meta({ title: '服务项目' }),
  fee: z
    .number()
    .positive(FEE_MESSAGES.notPositive)
    .max(MAX_FEE)
    .multipleOf(0.01, FEE_MESSAGES.cents)
    .meta({ title: '服务费用' }),
  note: textUpTo('备注', REDEMPTION_NOTE_MAX).meta({ title: '备注' }).default(''),
});
export const myRedemptionsInput = z.object({ page: pageSchema });
export const settlementReportInput = z.object({
  from: calendarDateSchema.meta({ title: '开始日期' }),
  to: calendarDateSchema.meta({ title: '结束日期' }),
  hospitalId: idSchema.meta({ title: '医院' }).optional(),
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
