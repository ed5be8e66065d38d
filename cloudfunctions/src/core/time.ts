import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The product's one time zone: every calendar date and displayed time is Asia/Shanghai. */
export const ZONE = 'Asia/Shanghai';

export function shanghai(date: Date | string | number) {
  return dayjs(date).tz(ZONE);
}

/** Calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function calendarDate(date: Date | string | number): string {
  return shanghai(date).format('YYYY-MM-DD');
}

export function formatDateTime(date: Date | string | number): string {
  return shanghai(date).format('YYYY-MM-DD HH:mm');
}

/** Start of a calendar day in Asia/Shanghai as an instant. */
export function startOfShanghaiDay(ymd: string): Date {
  return dayjs.tz(ymd, ZONE).startOf('day').toDate();
}

/** End (last millisecond) of a calendar day in Asia/Shanghai as an instant. */
export function endOfShanghaiDay(ymd: string): Date {
  return dayjs.tz(ymd, ZONE).endOf('day').toDate();
}
