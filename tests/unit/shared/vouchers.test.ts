/** Who may apply and what a voucher covers of a fee (miniprogram/shared/vouchers.ts). */
import { redeemVoucherInput } from '../../../cloudfunctions/src/contract/hospital';
import { applicantTypeSchema } from '../../../cloudfunctions/src/contract/voucher';
import { APPLICANT_TYPE_CODES, APPLICANT_TYPES, MAX_FEE, offsetOf } from '../../../miniprogram/shared/vouchers';

test('enterprises and persons apply', () => {
  expect(APPLICANT_TYPES).toEqual({ enterprise: '企业', person: '个人' });
  expect(APPLICANT_TYPE_CODES).toEqual(['enterprise', 'person']);
  expect(applicantTypeSchema.safeParse('person').success).toBe(true);
  expect(applicantTypeSchema.safeParse('government').success).toBe(false);
});

test('a voucher offsets at most its face value; the rest is paid, in whole fen', () => {
  expect(offsetOf(5000, 3000)).toEqual({ offset: 3000, payable: 0 });
  expect(offsetOf(5000, 5000)).toEqual({ offset: 5000, payable: 0 });
  expect(offsetOf(5000, 5300.1)).toEqual({ offset: 5000, payable: 300.1 });
  expect(offsetOf(500, 1234.56)).toEqual({ offset: 500, payable: 734.56 });
});

test('fees: positive, in fen, at most MAX_FEE (the server refuses others)', () => {
  const fee = (value: number) =>
    redeemVoucherInput.safeParse({ payload: 'YPT1.v1.signature', serviceType: 'ccc', fee: value });
  expect(fee(1234.5).success).toBe(true);
  expect(fee(MAX_FEE).success).toBe(true);
  expect(fee(MAX_FEE + 1).success).toBe(false);
  expect(fee(0).error?.issues[0].message).toBe('费用必须大于 0');
  expect(fee(12.345).error?.issues[0].message).toBe('费用最多两位小数');
});
