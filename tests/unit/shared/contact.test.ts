/**
 * A contact person (miniprogram/shared/contact.ts): the name and mobile rules the forms check as the
 * user types and the server's contactSchema is built from.
 */
import { contactSchema, mobileSchema, personNameSchema } from '../../../cloudfunctions/src/contract/common';
import { checkMobile, isMobile, personNameProblem } from '../../../miniprogram/shared/contact';

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
  ])('%p → %p', (name, problem) => {
    expect(personNameProblem(name)).toBe(problem);
    // The server takes exactly the same names, and names the same problem (an empty name: too short).
    const parsed = personNameSchema.safeParse(name);
    expect(parsed.success).toBe(problem === '');
    if (problem && name.trim()) expect(firstMessage(parsed)).toBe(problem);
    if (!name.trim()) expect(firstMessage(parsed)).toBe('姓名至少 2 个字');
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
    ['+8613800138000', false],
    ['', false],
  ])('%p mobile: %p', (phone, valid) => {
    expect(isMobile(phone)).toBe(valid);
    expect(checkMobile(phone).valid).toBe(valid);
    expect(mobileSchema.safeParse(phone).success).toBe(valid);
  });

  test('the as-you-type check says what is wrong or missing so far', () => {
    expect(checkMobile('')).toEqual({ kind: 'info', hint: '请输入 11 位手机号', valid: false });
    expect(checkMobile('138a')).toMatchObject({ kind: 'error', hint: '手机号只能包含数字' });
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
});
