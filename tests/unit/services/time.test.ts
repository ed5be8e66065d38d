import { calendarDate, endOfShanghaiDay, startOfShanghaiDay } from '../../../cloudfunctions/src/core/time';

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
