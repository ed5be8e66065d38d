/** The mini-program's hand-written UTC+8 formatter against dayjs' Asia/Shanghai (the server's). */
import fc from 'fast-check';
import { calendarDate, formatDateTime as serverFormatDateTime } from '../../../cloudfunctions/src/core/time';
import {
  countdownParts,
  formatChineseDate,
  formatCountdown,
  formatDate,
  formatDateTime,
} from '../../../miniprogram/utils/time';

// China last observed daylight saving in 1991; from 1992 on Asia/Shanghai is a fixed UTC+8.
const instant = fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) });

describe('utils/time', () => {
  it('formats any instant as dayjs does in Asia/Shanghai', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        expect(formatDateTime(ms)).toBe(serverFormatDateTime(ms));
        expect(formatDate(new Date(ms).toISOString())).toBe(calendarDate(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads ISO strings with offsets and puts the date on the Guangdong calendar', () => {
    expect(formatDateTime('2026-06-30T16:30:00Z')).toBe('2026-07-01 00:30');
    expect(formatDate('2026-06-30T15:59:59.999Z')).toBe('2026-06-30');
    expect(formatDateTime('2026-07-01T09:00:00+08:00')).toBe('2026-07-01 09:00');
    expect(formatDateTime('not a date')).toBe('');
  });

  it('writes Chinese dates from instants and from calendar dates alike', () => {
    expect(formatChineseDate('2027-06-30')).toBe('2027年6月30日');
    expect(formatChineseDate('2026-06-30T16:00:00Z')).toBe('2026年7月1日');
  });

  it('splits a countdown into whole parts that add back up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        (left, now) => {
          const p = countdownParts(now + left, now);
          expect(p.totalMs).toBe(left);
          expect(((p.days * 24 + p.hours) * 60 + p.minutes) * 60 + p.seconds).toBe(Math.floor(left / 1000));
          expect(p.hours).toBeLessThan(24);
          expect(p.minutes).toBeLessThan(60);
          expect(p.seconds).toBeLessThan(60);
        },
      ),
    );
    expect(countdownParts(1000, 5000)).toMatchObject({ totalMs: 0, days: 0, seconds: 0 });
  });

  it('shows seconds only in the last day', () => {
    const at = (ms: number) => formatCountdown(countdownParts(ms, 0));
    expect(at(((2 * 24 + 3) * 60 + 4) * 60_000 + 5000)).toBe('2天3小时4分');
    expect(at((3 * 60 + 4) * 60_000 + 5000)).toBe('3小时4分5秒');
    expect(at(4 * 60_000 + 5000)).toBe('4分5秒');
  });
});
