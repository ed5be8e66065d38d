import { formatHours, overdueText, timeLeftText } from '../../../miniprogram/utils/help-work';

const DUE = '2026-12-03T15:59:59.999Z';
const at = (iso: string) => Date.parse(iso);

describe('formatHours: durations as 小时 under two days, as 天 from two days on', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
    [0, '0 小时'],
    [5.25, '5.3 小时'],
    [30, '30 小时'],
    [47.96, '48 小时'],
    [48, '2 天'],
    [100, '4.2 天'],
    [336, '14 天'],
  ])('%p → %s', (hours, text) => {
    expect(formatHours(hours as number | null | undefined)).toBe(text);
  });
});

describe('overdueText and timeLeftText around the first-answer deadline', () => {
  it('before the deadline: what is left, nothing overdue', () => {
    expect(timeLeftText(DUE, at('2026-12-02T04:00:00.000Z'))).toBe('剩 1 天 11 小时');
    expect(timeLeftText(DUE, at('2026-12-03T15:30:00.000Z'))).toBe('剩不足 1 小时');
    expect(overdueText(DUE, at('2026-12-02T04:00:00.000Z'))).toBe('');
  });

  it('at and after the deadline: how late, nothing left', () => {
    expect(overdueText(DUE, at(DUE))).toBe('');
    expect(timeLeftText(DUE, at(DUE))).toBe('');
    expect(overdueText(DUE, at('2026-12-03T16:30:00.000Z'))).toBe('已超时不足 1 小时');
    expect(overdueText(DUE, at('2026-12-04T01:00:00.000Z'))).toBe('已超时 9 小时');
    expect(overdueText(DUE, at('2026-12-05T04:00:00.000Z'))).toBe('已超时 1 天 12 小时');
  });
});
