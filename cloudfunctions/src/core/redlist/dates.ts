/**
 * Calendar-date arithmetic on plain year/month/day integers. Red-list dates are Asia/Shanghai
 * calendar dates ('YYYY-MM-DD'); doing the maths on integers keeps JS Date time zones out of it.
 *
 * A date is packed as the integer yyyymmdd (e.g. 20251031): it orders like the date itself and
 * fits compact typed arrays.
 */

export type DateKey = number;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** 'YYYY-MM-DD' → yyyymmdd, or NaN when the text is not a real calendar date. */
export function parseDateKey(text: string): DateKey {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return y * 10000 + m * 100 + d;
}

export function isDateText(text: string): boolean {
  return !Number.isNaN(parseDateKey(text));
}

/** Like parseDateKey but throws a RangeError naming what was wrong. */
export function requireDateKey(text: string, what = '日期'): DateKey {
  const key = typeof text === 'string' ? parseDateKey(text) : NaN;
  if (Number.isNaN(key)) throw new RangeError(`${what}“${String(text)}”不是有效的 YYYY-MM-DD 日期`);
  return key;
}

export function formatDateKey(key: DateKey): string {
  const y = Math.floor(key / 10000);
  const m = Math.floor(key / 100) % 100;
  const d = key % 100;
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** The same month and day n years later (n may be negative); 29 Feb becomes 28 Feb in common years. */
export function addYears(key: DateKey, n: number): DateKey {
  const y = Math.floor(key / 10000) + n;
  const m = Math.floor(key / 100) % 100;
  let d = key % 100;
  if (m === 2 && d === 29 && !isLeapYear(y)) d = 28;
  return y * 10000 + m * 100 + d;
}

/** The largest n ≥ 0 such that start + n calendar years ≤ end (requires start ≤ end). */
export function fullYearsBetween(start: DateKey, end: DateKey): number {
  let n = Math.floor(end / 10000) - Math.floor(start / 10000);
  if (n > 0 && addYears(start, n) > end) n -= 1;
  return Math.max(0, n);
}

// Days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's civil-date algorithms; used
// for picking and spacing random dates in generated data.
export function toDayNumber(key: DateKey): number {
  let y = Math.floor(key / 10000);
  const m = Math.floor(key / 100) % 100;
  const d = key % 100;
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(days: number): DateKey {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

export function addDays(key: DateKey, n: number): DateKey {
  return fromDayNumber(toDayNumber(key) + n);
}
