/**
 * Chinese working days (工作日): weekdays that are not statutory holidays, plus the weekend make-up
 * workdays (调休) the State Council announces. The calendar is chinese-days' data; a year it does not
 * know yet (the announcement comes each November) falls back to plain weekdays, and `calendarKnown`
 * says so, so a page can tell the user the date may still move.
 */
import { getHolidaysInRange, isWorkday } from 'chinese-days';
import dayjs from 'dayjs';
import { calendarDate, endOfShanghaiDay } from './time';

const coverage = new Map<number, boolean>();

/** Does the calendar hold `year`'s announced holidays? (Every announced year has 7+ weekday holidays.) */
export function calendarKnown(year: number): boolean {
  let known = coverage.get(year);
  if (known === undefined) {
    known = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length >= 7;
    coverage.set(year, known);
  }
  return known;
}

/** Is the Asia/Shanghai calendar day `ymd` (YYYY-MM-DD) a working day? */
export function isWorkingDay(ymd: string): boolean {
  if (calendarKnown(Number(ymd.slice(0, 4)))) return isWorkday(ymd);
  const weekday = dayjs(ymd).day();
  return weekday !== 0 && weekday !== 6;
}

/** The `n`-th working day after the calendar day `ymd` (n ≥ 1; `ymd` itself never counts). */
export function addWorkingDays(ymd: string, n: number): string {
  let day = dayjs(ymd);
  for (let found = 0; found < n;) {
    day = day.add(1, 'day');
    if (isWorkingDay(day.format('YYYY-MM-DD'))) found++;
  }
  return day.format('YYYY-MM-DD');
}

/**
 * When a case submitted at `at` must have its first answer: the end (24:00 Asia/Shanghai) of the
 * `workingDays`-th working day after the day it came in. Submitted on Friday or Saturday with 2 days:
 * Tuesday 24:00, unless a holiday or a make-up workday moves it.
 */
export function firstAnswerDue(at: Date, workingDays: number): { dueAt: Date; calendarKnown: boolean } {
  const dueDay = addWorkingDays(calendarDate(at), workingDays);
  return { dueAt: endOfShanghaiDay(dueDay), calendarKnown: calendarKnown(Number(dueDay.slice(0, 4))) };
}
