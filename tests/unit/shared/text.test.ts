/**
 * One way of counting characters (miniprogram/shared/text.ts): code points, on the page and on the
 * server. The schemas of every limited free-text field count the same as the forms' checks.
 */
import { enterpriseNameSchema } from '../../../cloudfunctions/src/contract/user';
import { submitCableRequestInput } from '../../../cloudfunctions/src/contract/cable';
import { redeemVoucherInput } from '../../../cloudfunctions/src/contract/hospital';
import { textSchema } from '../../../cloudfunctions/src/contract/common';
import { enterpriseNameProblem, ENTERPRISE_NAME_MAX } from '../../../miniprogram/shared/enterprise';
import { REQUEST_TEXT } from '../../../miniprogram/shared/cable-request';
import { counterText, textLength, textProblem, upTo } from '../../../miniprogram/shared/text';
import { REDEMPTION_NOTE_MAX } from '../../../miniprogram/shared/vouchers';

describe('textLength counts code points', () => {
  test.each([
    ['', 0],
    ['广州', 2],
    ['abc', 3],
    ['😀', 1],
    ['😀😀', 2],
    ['𠀀', 1],
    ['美达😀电器', 5],
    // An emoji of several code points counts each (no Intl.Segmenter on some WeChat engines).
    ['👍🏽', 2],
  ])('%p → %p', (text, length) => {
    expect(textLength(text)).toBe(length);
  });
});

test('textProblem trims, then compares the count with the rule', () => {
  const rule = { min: 2, tooShort: '短', max: 3, tooLong: '长' };
  expect(textProblem(rule, ' 😀 ')).toBe('短');
  expect(textProblem(rule, '😀😀😀')).toBe('');
  expect(textProblem(rule, ' 😀😀😀 ')).toBe('');
  expect(textProblem(rule, '😀😀😀😀')).toBe('长');
  expect(upTo('备注', 200)).toEqual({ min: 0, tooShort: '', max: 200, tooLong: '备注不超过 200 字' });
  expect(counterText(' 😀广州 ', 500)).toBe('3/500');
});

test('textSchema takes exactly what textProblem takes, with the same sentence', () => {
  const rule = { min: 2, tooShort: '至少 2 个字', max: 5, tooLong: '不超过 5 个字' };
  const schema = textSchema(rule);
  for (const value of ['', '😀', '😀😀', '😀'.repeat(5), '😀'.repeat(6), ' 广州市😀 ', '字'.repeat(6)]) {
    const parsed = schema.safeParse(value);
    const problem = textProblem(rule, value);
    expect({ value, ok: parsed.success }).toEqual({ value, ok: problem === '' });
    if (!parsed.success) expect(parsed.error.issues[0].message).toBe(problem);
  }
});

describe('an emoji-laden text the page accepts, the server accepts (and the one beyond, both refuse)', () => {
  test('enterprise names', () => {
    const fits = '美达电器😀'.repeat(ENTERPRISE_NAME_MAX / 5); // 100 characters, 120 UTF-16 units
    expect(textLength(fits)).toBe(ENTERPRISE_NAME_MAX);
    expect(fits.length).toBeGreaterThan(ENTERPRISE_NAME_MAX);
    expect(enterpriseNameProblem(fits)).toBe('');
    expect(enterpriseNameSchema.safeParse(fits).success).toBe(true);
    expect(enterpriseNameProblem(fits + '司')).not.toBe('');
    expect(enterpriseNameSchema.safeParse(fits + '司').success).toBe(false);
  });

  test('a cable request description', () => {
    const max = REQUEST_TEXT.description.max;
    const fits = '😀'.repeat(max);
    expect(textProblem(REQUEST_TEXT.description, fits)).toBe('');
    // The request's own field schema.
    const field = submitCableRequestInput.shape.description;
    expect(field.safeParse(fits).success).toBe(true);
    expect(field.safeParse(fits + '😀').success).toBe(false);
  });

  test("a redemption's note", () => {
    const base = { payload: 'YPT1.V0000000000000001.SIG', serviceType: 'ccc', fee: 100 };
    expect(redeemVoucherInput.safeParse({ ...base, note: '😀'.repeat(REDEMPTION_NOTE_MAX) }).success).toBe(true);
    const over = redeemVoucherInput.safeParse({ ...base, note: '😀'.repeat(REDEMPTION_NOTE_MAX + 1) });
    expect(over.success).toBe(false);
    expect(over.error?.issues[0].message).toBe(`备注不超过 ${REDEMPTION_NOTE_MAX} 字`);
  });
});
