/**
 * The red list's months as both sides reckon them: a version is a month ('YYYY-MM') evaluated as of its
 * last day, and the one due is the last month finished (the monthly timer evaluates it; the 导入与红榜 page
 * offers months up to it).
 */

/** 'YYYY-MM-DD' (a calendar day in Asia/Shanghai) → the month before it, 'YYYY-MM'. */
export function monthBefore(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** '2026-02' → '2026-02-28': the last day of the month. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}
