/** Masking of personal data (miniprogram/shared/privacy.ts; the server's views mask with it). */
import { maskPersonName, maskPhone } from '../../../miniprogram/shared/privacy';

describe('masking personal data', () => {
  test.each([
    ['13800138000', '138****8000'],
    [' 138 0013 8000 ', '138****8000'],
    ['+8613800138000', '+86****8000'],
    ['1234567', '123****4567'],
    ['12345', '*****'],
    ['', ''],
  ])('phone %p → %p', (input, expected) => expect(maskPhone(input)).toBe(expected));

  test.each([
    ['张三', '张*'],
    ['林晓雯', '林**'],
    ['欧阳娜娜', '欧***'],
    [' 王明 ', '王*'],
    ['𠀀𠀁', '𠀀*'],
    ['张', '*'],
    ['  ', ''],
  ])('name %p → %p', (input, expected) => expect(maskPersonName(input)).toBe(expected));
});
