/**
 * Working days as chinese-days has the State Council's 2026 calendar: holidays off, make-up weekend
 * workdays (调休) on; a year the package does not know yet falls back to weekdays and says so.
 */
import {
  addWorkingDays,
  calendarKnown,
  firstAnswerDue,
  isWorkingDay,
} from '../../../cloudfunctions/src/core/working-days';

/** The first answer's due day (Asia/Shanghai) for a submission at `iso`, with 2 working days. */
const dueDay = (iso: string) => {
  const { dueAt } = firstAnswerDue(new Date(iso), 2);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(dueAt);
};

describe('isWorkingDay (2026)', () => {
  test.each([
    ['2026-02-16', false, 'Spring Festival, a Monday'],
    ['2026-02-23', false, 'Spring Festival, last day'],
    ['2026-02-14', true, 'Saturday make-up workday before Spring Festival'],
    ['2026-02-28', true, 'Saturday make-up workday after Spring Festival'],
    ['2026-10-01', false, 'National Day, a Thursday'],
    ['2026-10-07', false, 'National Day, last day'],
    ['2026-10-10', true, 'Saturday make-up workday after National Day'],
    ['2026-09-25', false, 'Mid-Autumn, a Friday'],
    ['2026-09-20', true, 'Sunday make-up workday before Mid-Autumn'],
    ['2026-03-07', false, 'an ordinary Saturday'],
    ['2026-03-09', true, 'an ordinary Monday'],
  ])('%s → %s (%s)', (day, expected) => {
    expect(isWorkingDay(day)).toBe(expected);
  });
});

describe('firstAnswerDue: end of the 2nd working day after the submission day, Asia/Shanghai', () => {
  test.each([
    ['2026-03-05T10:00:00+08:00', '2026-03-09', 'Thursday → Friday, Monday'],
    ['2026-03-06T10:00:00+08:00', '2026-03-10', 'Friday → Monday, Tuesday'],
    ['2026-03-07T10:00:00+08:00', '2026-03-10', 'Saturday → Monday, Tuesday'],
    ['2026-03-08T23:59:00+08:00', '2026-03-10', 'Sunday night → Monday, Tuesday'],
    // Thursday 23:59 in Shanghai is still Thursday there (15:59 UTC); one minute later it is Friday.
    ['2026-03-05T15:59:00Z', '2026-03-09', 'Thursday 23:59 Shanghai'],
    ['2026-03-05T16:01:00Z', '2026-03-10', 'Friday 00:01 Shanghai'],
    [
      '2026-02-13T10:00:00+08:00',
      '2026-02-24',
      'Friday before Spring Festival → make-up Saturday, then after the holiday',
    ],
    ['2026-02-14T10:00:00+08:00', '2026-02-25', 'on the make-up Saturday itself (the day never counts)'],
    ['2026-02-17T10:00:00+08:00', '2026-02-25', 'on a Spring Festival holiday'],
    ['2026-09-30T10:00:00+08:00', '2026-10-09', 'the eve of National Day'],
    ['2026-10-03T10:00:00+08:00', '2026-10-09', 'on a National Day holiday (a Saturday)'],
    ['2026-10-09T10:00:00+08:00', '2026-10-12', 'Friday after National Day → make-up Saturday, Monday'],
    ['2026-09-24T10:00:00+08:00', '2026-09-29', 'the eve of Mid-Autumn'],
  ])('%s → %s (%s)', (at, expected) => {
    expect(dueDay(at)).toBe(expected);
  });

  test('is the last millisecond of the due day in Shanghai, and the 2026 calendar is known', () => {
    expect(firstAnswerDue(new Date('2026-09-30T10:00:00+08:00'), 2)).toEqual({
      dueAt: new Date('2026-10-09T23:59:59.999+08:00'),
      calendarKnown: true,
    });
  });
});

describe('a year chinese-days does not know yet (2027)', () => {
  test('is reported as unknown, and 2026 as known', () => {
    expect(calendarKnown(2027)).toBe(false);
    expect(calendarKnown(2026)).toBe(true);
  });

  test('falls back to plain weekdays', () => {
    expect(isWorkingDay('2027-10-01')).toBe(true); // a Friday: whatever the holiday will be, not known yet
    expect(isWorkingDay('2027-10-02')).toBe(false); // Saturday
    expect(isWorkingDay('2027-02-06')).toBe(false); // Saturday, no make-up workdays known
    expect(addWorkingDays('2027-10-01', 1)).toBe('2027-10-04');
  });

  test('a due day in 2027 says the calendar is not known, even when submitted in 2026', () => {
    expect(firstAnswerDue(new Date('2027-09-30T10:00:00+08:00'), 2)).toEqual({
      dueAt: new Date('2027-10-04T23:59:59.999+08:00'),
      calendarKnown: false,
    });
    // New Year's Eve 2026 (Thursday) → Friday 2027-01-01 counts as a weekday, then Monday.
    expect(firstAnswerDue(new Date('2026-12-31T10:00:00+08:00'), 2)).toEqual({
      dueAt: new Date('2027-01-04T23:59:59.999+08:00'),
      calendarKnown: false,
    });
  });
});
