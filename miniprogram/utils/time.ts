/**
 * Dates and times as users in Guangdong read them: always Asia/Shanghai, whatever the phone's zone.
 * China has observed no daylight saving since 1991, so for every date this product handles
 * Asia/Shanghai is a fixed UTC+8 and a hand-written formatter is exact (dayjs would need an npm
 * build step in the mini-program; tests/unit/miniprogram/time.test.ts compares the two).
 */
const OFFSET_MS = 8 * 3600_000;

type Instant = string | number | Date;

function toMs(value: Instant): number {
  return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock fields in UTC+8, or null for an unparsable value. */
function shanghaiFields(value: Instant) {
  const ms = toMs(value);
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms + OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/** 2026-07-01 */
export function formatDate(value: Instant): string {
  const f = shanghaiFields(value);
  return f ? `${f.year}-${pad(f.month)}-${pad(f.day)}` : '';
}

/** 2026-07-01 09:00 */
export function formatDateTime(value: Instant): string {
  const f = shanghaiFields(value);
  return f ? `${f.year}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}` : '';
}

/** 2026年7月1日, for an instant or for a calendar date already in Asia/Shanghai (YYYY-MM-DD). */
export function formatChineseDate(value: Instant): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
  const f = shanghaiFields(value);
  return f ? `${f.year}年${f.month}月${f.day}日` : '';
}

export interface CountdownParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** Milliseconds left, never negative. */
  totalMs: number;
}

export function countdownParts(untilMs: number, nowMs: number): CountdownParts {
  const totalMs = Math.max(0, untilMs - nowMs);
  const totalSeconds = Math.floor(totalMs / 1000);
  return {
    days: Math.floor(totalSeconds / 86400),
    hours: Math.floor((totalSeconds % 86400) / 3600),
    minutes: Math.floor((totalSeconds % 3600) / 60),
    seconds: totalSeconds % 60,
    totalMs,
  };
}

/**
 * "13天5小时22分" while days remain, then "5小时22分10秒": seconds only matter near the end, and a
 * shorter string reads better at large font sizes.
 */
export function formatCountdown(parts: CountdownParts): string {
  if (parts.days > 0) return `${parts.days}天${parts.hours}小时${parts.minutes}分`;
  if (parts.hours > 0) return `${parts.hours}小时${parts.minutes}分${parts.seconds}秒`;
  return `${parts.minutes}分${parts.seconds}秒`;
}
