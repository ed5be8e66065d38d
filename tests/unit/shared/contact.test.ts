/**
 * A contact person (miniprogram/shared/contact.ts): the name and mobile rules the forms check as the
 * user types and the server's contactSchema is built from.
 */
import { contactSchema, mobileSchema, personNameSchema } from '../../../cloudfunctions/src/contract/common';
import {
  checkMobile,
  isMobile,
  MOBILE_INPUT_MAXLENGTH,
  normalizeMobile,
  personNameProblem,
} from '../../../miniprogram/shared/contact';

const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? '' : result.error!.issues[0].message;

describe('person names', () => {
  test.each([
    ['林晓雯', ''],
    [' 王明 ', ''],
    ['欧阳娜娜', ''],
    ['Lin Xiaowen', ''],
    ['阿依·买买提', ''],
    ['J. Smith', ''],
    ['林'.repeat(30), ''],
    ['', '请填写联系人姓名'],
    ['   ', '请填写联系人姓名'],
    ['林', '姓名至少 2 个字'],
    ['林'.repeat(31), '姓名不超过 30 个字'],
    ['林晓1', '姓名只能包含汉字、字母和间隔号'],
    ['王_明', '姓名只能包含汉字、字母和间隔号'],
    ['王-明', '姓名只能包含汉字、字母和间隔号'],
    ['𠀀𠀁', '姓名只能包含汉字、字母和间隔号'],
    ['😀😀', '姓名只能包含汉字、字母和间隔号'],
    // Counted in characters (code points), not UTF-16 units: 30 is the limit however they are written.
    ['林'.repeat(29) + '𠀀', '姓名只能包含汉字、字母和间隔号'],
    ['😀'.repeat(16), '姓名只能包含汉字、字母和间隔号'],
    ['😀'.repeat(31), '姓名不超过 30 个字'],
  ])('%p → %p', (name, problem) => {
    expect(personNameProblem(name)).toBe(problem);
    // The server takes exactly the same names, and names the same problem.
    const parsed = personNameSchema.safeParse(name);
    expect(parsed.success).toBe(problem === '');
    expect(firstMessage(parsed)).toBe(problem);
  });
});

describe('mobile numbers', () => {
  test.each([
    ['13800138000', true],
    [' 19912345678 ', true],
    ['12800138000', false],
    ['1380013800', false],
    ['138001380001', false],
    ['1380013800a', false],
    ['+8613800138000', true],
    ['139 2345 6789', true],
    ['138-0013-8000', true],
    ['+86 139 2345 6789', true],
    ['86-139-2345-6789', true],
    ['0086 13923456789', true],
    ['(+86) 139.2345.6789', true],
    ['１３９　２３４５　６７８９', true],
    ['139—2345—6789', true],
    ['+85 13923456789', false],
    ['139 2345 678', false],
    ['139 2345 67890', false],
    ['139/2345/6789', false],
    ['8613923456789 0', false],
    ['', false],
  ])('%p mobile: %p', (phone, valid) => {
    expect(isMobile(phone)).toBe(valid);
    expect(checkMobile(phone).valid).toBe(valid);
    expect(mobileSchema.safeParse(phone).success).toBe(valid);
  });

  test('the as-you-type check says what is wrong or missing so far', () => {
    expect(checkMobile('')).toEqual({ kind: 'info', hint: '请输入 11 位手机号', valid: false });
    expect(checkMobile('138a')).toMatchObject({ kind: 'error', hint: '手机号只能包含数字（可带空格或短横线）' });
    // Spaces, dashes and a country code being typed are not errors.
    expect(checkMobile('139 2345')).toEqual({ kind: 'info', hint: '还需输入 4 位', valid: false });
    expect(checkMobile('+')).toMatchObject({ kind: 'info', valid: false });
    expect(checkMobile('+86 ')).toMatchObject({ kind: 'info', valid: false });
    expect(checkMobile('+86 139')).toEqual({ kind: 'info', hint: '还需输入 8 位', valid: false });
    expect(checkMobile('139-2345-6789')).toEqual({ kind: 'ok', hint: '手机号格式正确', valid: true });
    expect(checkMobile('12')).toMatchObject({ kind: 'error', hint: '手机号应以 13–19 开头' });
    expect(checkMobile('2')).toMatchObject({ kind: 'error', hint: '手机号应以 13–19 开头' });
    expect(checkMobile('1380')).toEqual({ kind: 'info', hint: '还需输入 7 位', valid: false });
    expect(checkMobile('138001380001')).toMatchObject({ kind: 'error', hint: '手机号应为 11 位，已输入 12 位' });
    expect(checkMobile(' 13800138000 ')).toEqual({ kind: 'ok', hint: '手机号格式正确', valid: true });
  });

  test('the server reports a bad number in the same words', () => {
    expect(firstMessage(mobileSchema.safeParse('12800138000'))).toBe('请输入 11 位手机号');
    expect(contactSchema.parse({ name: ' 林晓雯 ', phone: ' 13800138000 ' })).toEqual({
      name: '林晓雯',
      phone: '13800138000',
    });
  });

  test('the value sent and stored is the 11 digits, however the number was written', () => {
    for (const written of ['139 2345 6789', '+86 139-2345-6789', '86-139-2345-6789', '１３９２３４５６７８９']) {
      expect(normalizeMobile(written)).toBe('13923456789');
      expect(mobileSchema.parse(written)).toBe('13923456789');
      expect(contactSchema.parse({ name: '林晓雯', phone: written }).phone).toBe('13923456789');
    }
  });

  test('a phone input leaves room for the longest way of writing a number', () => {
    expect('0086 139 2345 6789'.length).toBeLessThanOrEqual(MOBILE_INPUT_MAXLENGTH);
    expect('+86 139-2345-6789'.length).toBeLessThanOrEqual(MOBILE_INPUT_MAXLENGTH);
  });
});
