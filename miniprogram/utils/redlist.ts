/**
 * Pure helpers of the red-list (红榜) pages: page addresses, the search box's as-you-type check and
 * the per-year chart. Tiers and cities are shared with the server (shared/redlist-tiers.ts, cities.ts).
 */
import type { YearCount, YearLevelCount } from '../../typings/api';
import { checkUscc, normalizeUscc, usccInQuery } from '../shared/uscc';

/** The subpackage's pages (the tab itself is TAB_PAGES.redlist). */
export const REDLIST_PAGES = {
  search: '/pages/redlist/search/index',
  detail: '/pages/redlist/detail/index',
  about: '/pages/redlist/about/index',
  poster: '/pages/redlist/poster/index',
} as const;

export type HintKind = 'none' | 'info' | 'error' | 'ok';

export interface QueryCheck {
  hint: string;
  kind: HintKind;
  /** The server would reject this query (an 18-character code with a wrong check character). */
  blocked: boolean;
  /** Set when the query is a valid code: searched exactly, as `uscc`. */
  uscc: string | null;
}

/**
 * One search box takes a name fragment or a USCC. As the server does, an 18-character
 * alphanumeric entry is a code and must pass the check; shorter or longer entries that look like a
 * code (letters and digits, with a digit, 6+ characters) only get an advisory hint, since "TCL2024"
 * may be part of a name.
 */
export function checkQuery(input: string): QueryCheck {
  const none: QueryCheck = { hint: '', kind: 'none', blocked: false, uscc: null };
  const code = normalizeUscc(input);
  if (!/^[0-9A-Z]+$/.test(code)) return none;
  const result = checkUscc(code);
  const asCode = usccInQuery(code);
  if (asCode) {
    if (asCode.ok) return { hint: '统一社会信用代码校验通过', kind: 'ok', blocked: false, uscc: asCode.uscc };
    const reason = result.status === 'invalid' ? result.reason : '';
    return { hint: `统一社会信用代码有误：${reason}`, kind: 'error', blocked: true, uscc: null };
  }
  if (!/\d/.test(code) || code.length < 6) return none;
  if (code.length > 18)
    return { hint: `统一社会信用代码为 18 位，已输入 ${code.length} 位`, kind: 'info', blocked: false, uscc: null };
  if (result.status === 'invalid')
    return { hint: `如为统一社会信用代码：${result.reason}`, kind: 'info', blocked: false, uscc: null };
  return { hint: `如为统一社会信用代码，还需输入 ${18 - code.length} 位`, kind: 'info', blocked: false, uscc: null };
}

/** "2014-03-02 起连续 11 年无不合格" */
export function cleanSpanText(streakStart: string, years: number): string {
  return `${streakStart} 起连续 ${years} 年无不合格`;
}

export interface YearBar {
  year: string;
  count: number;
  /** Bar length as a percentage of the busiest year (a year with inspections shows at least a sliver). */
  percent: number;
  label: string;
}

/**
 * One bar per calendar year of the clean span, oldest first, years without an inspection included
 * (at 0): a gap in sampling is part of the record and should be visible, not skipped.
 */
export function yearBars(byYear: readonly YearCount[], streakStart: string, spanEnd: string): YearBar[] {
  const counts = new Map(byYear.map((y) => [y.year, y.count]));
  const years = byYear.map((y) => Number(y.year));
  const first = Math.min(Number(streakStart.slice(0, 4)), ...years);
  const last = Math.max(Number(spanEnd.slice(0, 4)), ...years);
  const max = Math.max(1, ...byYear.map((y) => y.count));
  const bars: YearBar[] = [];
  for (let year = first; year <= last; year++) {
    const count = counts.get(String(year)) ?? 0;
    const percent = count === 0 ? 0 : Math.max(4, Math.round((count / max) * 100));
    bars.push({ year: String(year), count, percent, label: `${year} 年 ${count} 次` });
  }
  return bars;
}

/** The chart's text alternative: every year in one sentence, for screen readers. */
export function yearBarsSummary(bars: readonly YearBar[]): string {
  const total = bars.reduce((n, b) => n + b.count, 0);
  return `连续无不合格期间共抽检 ${total} 次：${bars.map((b) => `${b.year} 年 ${b.count} 次`).join('，')}`;
}

export const LEVELS = [
  { key: 'national', label: '国家' },
  { key: 'provincial', label: '省' },
  { key: 'municipal', label: '市' },
  { key: 'county', label: '县' },
] as const;

type LevelKey = (typeof LEVELS)[number]['key'];

/** Inspections per level over the whole clean span. */
export function levelTotals(rows: readonly YearLevelCount[]): { key: LevelKey; label: string; count: number }[] {
  return LEVELS.map(({ key, label }) => ({ key, label, count: rows.reduce((n, r) => n + r[key], 0) }));
}
