import { maskPersonName, maskPhone } from '../../../cloudfunctions/src/core/privacy';
import { calendarDate, endOfShanghaiDay, startOfShanghaiDay } from '../../../cloudfunctions/src/core/time';

describe('masking personal data', () => {
  test.each([
    ['13800138000', '138****8000'],
    [' 138 0013 8000 ', '138****8000'],
    ['12345', '*****'],
  ])('phone %p → %p', (input, expected) => expect(maskPhone(input)).toBe(expected));

  test.each([
    ['张三', '张*'],
    ['林晓雯', '林**'],
    ['欧阳娜娜', '欧***'],
    ['张', '*'],
    ['  ', ''],
  ])('name %p → %p', (input, expected) => expect(maskPersonName(input)).toBe(expected));
});

describe('calendar days in Asia/Shanghai', () => {
  test('an instant late on a UTC day is the next Shanghai day', () => {
    expect(calendarDate(new Date('2026-11-21T17:30:00Z'))).toBe('2026-11-22');
    expect(calendarDate(new Date('2026-11-21T15:59:59Z'))).toBe('2026-11-21');
  });
  test('a Shanghai day spans 16:00 UTC to 16:00 UTC', () => {
    expect(startOfShanghaiDay('2026-11-22').toISOString()).toBe('2026-11-21T16:00:00.000Z');
    expect(endOfShanghaiDay('2026-11-22').toISOString()).toBe('2026-11-22T15:59:59.999Z');
  });
});
