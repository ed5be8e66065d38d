import { CronExpressionParser } from 'cron-parser';
import { FUNCTION_TIMEZONE, type FunctionSpec } from './env';
import type { InvocationIdentity, InvokeOutcome } from './functions/host';

/**
 * Timer triggers as CloudBase runs them: 7-field cron "sec min hour day month week year",
 * evaluated in Asia/Shanghai; the function receives {Type:'Timer', TriggerName, Time, Message}
 * with no OPENID (SOURCE wx_trigger).
 */

/** Matches the year field: `*`, `2026`, `2026-2028`, `2026,2028`, `*\/2`, `2026/2` (and lists of those). */
function parseYearField(field: string): (year: number) => boolean {
  if (field === '*' || field === '?') return () => true;
  const parts = field.split(',').map((part) => {
    const m = /^(\*|\d{4})(?:-(\d{4}))?(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`无法解析定时触发器的年份字段：${field}`);
    const start = m[1] === '*' ? 1970 : Number(m[1]);
    const end = m[2] ? Number(m[2]) : m[1] === '*' || m[3] ? 9999 : start;
    const step = m[3] ? Number(m[3]) : 1;
    if (end < start || step < 1) throw new Error(`无法解析定时触发器的年份字段：${field}`);
    return (year: number) => year >= start && year <= end && (year - start) % step === 0;
  });
  return (year) => parts.some((matches) => matches(year));
}

export interface CloudCron {
  expression: string;
  /** Next fire time strictly after `after`, or undefined when the expression never fires again. */
  next(after: Date): Date | undefined;
}

export function parseCloudCron(expression: string, timezone: string = FUNCTION_TIMEZONE): CloudCron {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 7) {
    throw new Error(`定时触发器需要 7 个字段（秒 分 时 日 月 星期 年），实际为 ${fields.length} 个：${expression}`);
  }
  const yearMatches = parseYearField(fields[6]);
  const sixFields = fields.slice(0, 6).join(' ');
  // Validate eagerly so a bad trigger fails at startup, not at its first tick.
  CronExpressionParser.parse(sixFields, { tz: timezone });
  const yearFormat = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric' });
  const yearOf = (d: Date): number => Number(yearFormat.format(d));
  const partsFormat = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  /** Midnight of 1 January `year` in the trigger's time zone. */
  const startOfYear = (year: number): Date => {
    const guess = Date.UTC(year, 0, 1);
    const p = Object.fromEntries(partsFormat.formatToParts(new Date(guess)).map((x) => [x.type, Number(x.value)]));
    const localAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return new Date(guess - (localAsUtc - guess));
  };
  const nextMatchingYear = (from: number): number | undefined => {
    for (let y = from; y <= 9999; y++) if (yearMatches(y)) return y;
    return undefined;
  };

  return {
    expression,
    next(after: Date): Date | undefined {
      let from = after;
      // Each pass either returns or jumps to the next year the year field allows.
      for (let pass = 0; pass < 100; pass++) {
        let date: Date;
        try {
          date = CronExpressionParser.parse(sixFields, { tz: timezone, currentDate: from }).next().toDate();
        } catch {
          return undefined;
        }
        const year = yearOf(date);
        if (yearMatches(year)) return date;
        const nextYear = nextMatchingYear(year + 1);
        if (nextYear === undefined) return undefined;
        from = new Date(startOfYear(nextYear).getTime() - 1);
      }
      return undefined;
    },
  };
}

/** SCF timer event time: UTC, second precision, e.g. 2026-01-01T00:00:00Z. */
export function timerEventTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface TimerInvoker {
  list(): FunctionSpec[];
  invoke(name: string, event: unknown, identity?: InvocationIdentity): Promise<InvokeOutcome>;
}

export interface TimerFiring {
  functionName: string;
  triggerName: string;
  scheduledFor: Date;
  outcome: InvokeOutcome;
}

export interface TimerSchedulerOptions {
  onFired?: (firing: TimerFiring) => void;
  timezone?: string;
}

interface Scheduled {
  functionName: string;
  triggerName: string;
  cron: CloudCron;
  handle?: NodeJS.Timeout;
  nextAt?: Date;
}

const MAX_DELAY_MS = 2 ** 31 - 1;

export class TimerScheduler {
  private scheduled: Scheduled[] = [];
  private running = false;

  constructor(
    private readonly host: TimerInvoker,
    private readonly options: TimerSchedulerOptions = {},
  ) {}

  /** Invokes a function's timer trigger now, as the platform would. */
  async fireTimer(functionName: string, triggerName: string, time: Date = new Date()): Promise<InvokeOutcome> {
    const spec = this.host.list().find((s) => s.name === functionName);
    if (!spec?.triggers.some((t) => t.name === triggerName)) {
      throw new Error(`函数 ${functionName} 没有名为 ${triggerName} 的定时触发器`);
    }
    return this.invoke(functionName, triggerName, time);
  }

  start(): void {
    this.stop();
    this.running = true;
    for (const spec of this.host.list()) {
      for (const trigger of spec.triggers) {
        const entry: Scheduled = {
          functionName: spec.name,
          triggerName: trigger.name,
          cron: parseCloudCron(trigger.config, this.options.timezone),
        };
        this.scheduled.push(entry);
        this.arm(entry, new Date());
      }
    }
  }

  stop(): void {
    this.running = false;
    for (const entry of this.scheduled) if (entry.handle) clearTimeout(entry.handle);
    this.scheduled = [];
  }

  /** Upcoming fire times, for the startup banner and tests. */
  upcoming(): { functionName: string; triggerName: string; nextAt?: Date }[] {
    return this.scheduled.map(({ functionName, triggerName, nextAt }) => ({ functionName, triggerName, nextAt }));
  }

  private arm(entry: Scheduled, after: Date): void {
    const nextAt = entry.cron.next(after);
    entry.nextAt = nextAt;
    if (!nextAt || !this.running) return;
    const delay = Math.min(Math.max(0, nextAt.getTime() - Date.now()), MAX_DELAY_MS);
    entry.handle = setTimeout(() => {
      if (!this.running) return;
      if (Date.now() < nextAt.getTime()) {
        this.arm(entry, after); // long delays are split at setTimeout's 24.8-day limit
        return;
      }
      void this.invoke(entry.functionName, entry.triggerName, nextAt);
      // Next run from the scheduled time, unless the process slept past it.
      this.arm(entry, new Date(Math.max(nextAt.getTime(), Date.now() - 1000)));
    }, delay);
    // Timers never keep the process alive on their own (tests, CLI one-shots).
    entry.handle.unref();
  }

  private async invoke(functionName: string, triggerName: string, time: Date): Promise<InvokeOutcome> {
    const event = { Type: 'Timer', TriggerName: triggerName, Time: timerEventTime(time), Message: '' };
    const outcome = await this.host.invoke(functionName, event, { source: 'wx_trigger', timer: true });
    this.options.onFired?.({ functionName, triggerName, scheduledFor: time, outcome });
    return outcome;
  }
}
