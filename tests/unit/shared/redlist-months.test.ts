import { previousMonthEnd } from '../../../cloudfunctions/src/admin/redlist/evaluate';
import { monthBefore, monthEnd } from '../../../miniprogram/shared/redlist-months';

describe('red-list months', () => {
  test('the month before a day, across a year end', () => {
    expect(monthBefore('2026-12-05')).toBe('2026-11');
    expect(monthBefore('2027-01-01')).toBe('2026-12');
    expect(monthBefore('2026-10-31')).toBe('2026-09');
  });

  test("a month's last day, leap years included", () => {
    expect(monthEnd('2026-02')).toBe('2026-02-28');
    expect(monthEnd('2028-02')).toBe('2028-02-29');
    expect(monthEnd('2026-11')).toBe('2026-11-30');
    expect(monthEnd('2026-12')).toBe('2026-12-31');
  });

  test("the server's default evaluation date is the page's default month's end, in Asia/Shanghai", () => {
    // 2026-12-31 17:00 UTC is already 2027-01-01 in Shanghai: the month due is December.
    expect(previousMonthEnd(new Date('2026-12-31T17:00:00Z'))).toBe('2026-12-31');
    expect(previousMonthEnd(new Date('2026-12-31T15:00:00Z'))).toBe('2026-11-30');
    expect(previousMonthEnd(new Date('2028-03-01T00:00:00+08:00'))).toBe('2028-02-29');
  });
});
