/** Timer triggers of the local cloud: CloudBase 7-field cron, on-demand firing, real schedules. */
import { parseCloudCron, timerEventTime, type TimerFiring } from '../../../emulator/timers';
import { startTestCloud, type TestCloud } from '../helpers/local-cloud';

jest.setTimeout(60_000);

describe('CloudBase cron', () => {
  it('evaluates the 6 time fields in Asia/Shanghai', () => {
    const cron = parseCloudCron('0 0 2 * * * *');
    // 02:00 Beijing time is 18:00 UTC the previous day.
    expect(cron.next(new Date('2026-03-01T00:00:00Z'))?.toISOString()).toBe('2026-03-01T18:00:00.000Z');
    expect(cron.next(new Date('2026-03-01T18:00:00Z'))?.toISOString()).toBe('2026-03-02T18:00:00.000Z');
  });

  it('honours the year field', () => {
    const cron = parseCloudCron('0 30 9 1 1 * 2030');
    expect(cron.next(new Date('2026-06-01T00:00:00Z'))?.toISOString()).toBe('2030-01-01T01:30:00.000Z');
    expect(cron.next(new Date('2030-01-02T00:00:00Z'))).toBeUndefined();
    const everyOtherYear = parseCloudCron('0 0 0 1 1 * 2026/2');
    expect(everyOtherYear.next(new Date('2026-06-01T00:00:00Z'))?.toISOString()).toBe('2027-12-31T16:00:00.000Z');
  });

  it('rejects expressions that are not 7 fields or not valid', () => {
    expect(() => parseCloudCron('0 0 2 * * *')).toThrow(/7 个字段/);
    expect(() => parseCloudCron('0 0 25 * * * *')).toThrow();
    expect(() => parseCloudCron('0 0 2 * * * 20x6')).toThrow(/年份/);
  });

  it('formats event time like SCF (UTC, seconds)', () => {
    expect(timerEventTime(new Date('2026-03-01T18:00:00.123Z'))).toBe('2026-03-01T18:00:00Z');
  });
});

interface TimerRun {
  trigger: string;
  time: string;
  ctx: Record<string, unknown>;
}

describe('timer triggers', () => {
  let cloud: TestCloud;
  afterEach(async () => {
    await cloud?.stop();
  });

  it('fires a trigger on demand as the platform does: Timer event, no OPENID, SOURCE wx_trigger', async () => {
    cloud = await startTestCloud({ fixtures: true });
    const outcome = await cloud.fireTimer('probe', 'nightly', new Date('2026-05-01T18:00:00Z'));
    expect(outcome.ok).toBe(true);
    const runs = (await cloud.db.find('probe_timer_runs')) as TimerRun[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'nightly', time: '2026-05-01T18:00:00Z' });
    expect(runs[0].ctx).toEqual({ ENV: 'local', SOURCE: 'wx_trigger' });
    await expect(cloud.fireTimer('probe', 'no-such-trigger')).rejects.toThrow(/没有名为/);
  });

  it('does not run schedules unless asked', async () => {
    const fired: TimerFiring[] = [];
    cloud = await startTestCloud({ fixtures: true, onTimerFired: (f) => fired.push(f) });
    await new Promise((r) => setTimeout(r, 1500));
    expect(fired).toHaveLength(0);
  });

  it('runs an every-second schedule', async () => {
    const fired: TimerFiring[] = [];
    cloud = await startTestCloud({ fixtures: true, timers: true, onTimerFired: (f) => fired.push(f) });
    const upcoming = cloud.cloud.timers.upcoming().filter((t) => t.functionName === 'probe');
    expect(upcoming.map((t) => t.triggerName).sort()).toEqual(['everySecond', 'nightly']);
    expect(upcoming.every((t) => t.nextAt && t.nextAt.getTime() > Date.now() - 1000)).toBe(true);
    const deadline = Date.now() + 8000;
    while (fired.filter((f) => f.triggerName === 'everySecond').length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const everySecond = fired.filter((f) => f.functionName === 'probe' && f.triggerName === 'everySecond');
    expect(everySecond.length).toBeGreaterThanOrEqual(2);
    expect(everySecond.every((f) => f.outcome.ok)).toBe(true);
    // Consecutive runs are scheduled on whole, distinct seconds.
    const times = everySecond.map((f) => f.scheduledFor.getTime());
    expect(times.every((t) => t % 1000 === 0)).toBe(true);
    expect(new Set(times).size).toBe(times.length);
    cloud.cloud.timers.stop();
    const runs = (await cloud.db.find('probe_timer_runs')) as TimerRun[];
    expect(runs.filter((r) => r.trigger === 'everySecond').length).toBeGreaterThanOrEqual(2);
  });
});
