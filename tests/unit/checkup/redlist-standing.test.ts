/** The check-up's red-list next step (checkup/redlist-standing.ts), asked of the redlist-v1 rule. */
import { redlistStanding } from '../../../cloudfunctions/src/checkup/redlist-standing';
import type { RuleRecord } from '../../../cloudfunctions/src/core/redlist';

const pass = (sampledAt: string): RuleRecord => ({ sampledAt, result: 'pass' });
const fail = (sampledAt: string): RuleRecord => ({ sampledAt, result: 'fail' });

describe('redlistStanding', () => {
  it('a listed enterprise: its tier in the latest published version', () => {
    const standing = redlistStanding(
      [pass('2019-05-10')],
      { version: '2026-11', row: { tier: 'five', years: 7 } },
      '2026-12-05',
    );
    expect(standing).toMatchObject({ status: 'listed', tier: 'five', tierLabel: '五年榜', version: '2026-11' });
    expect(standing.text).toBe('已列入红榜五年榜（2026-11 期，连续 7 年抽检无不合格）');
  });

  it('a failure in May 2024 and passes since: the 三年榜 three years after the first pass after it', () => {
    const standing = redlistStanding(
      [pass('2021-03-01'), fail('2024-05-12'), pass('2024-05-12'), pass('2024-09-20'), pass('2025-06-01')],
      { version: '2026-11', row: null },
      '2026-12-05',
    );
    // A pass on the failure's own day does not start the streak (strictly after, redlist-v1 step 3).
    expect(standing).toMatchObject({ status: 'waiting', lastFailAt: '2024-05-12', eligibleFrom: '2027-09-20' });
    expect(standing.text).toBe('最近一次不合格 2024-05-12，2027-09-20 起可进入三年榜');
  });

  it('the last sampling failed: the earliest day is three years after the day after it', () => {
    const standing = redlistStanding([pass('2020-01-01'), fail('2024-05-12')], null, '2026-12-05');
    expect(standing).toMatchObject({ status: 'waiting', lastFailAt: '2024-05-12', eligibleFrom: '2027-05-13' });
    expect(standing.text).toBe('最近一次不合格 2024-05-12，此后抽检合格并保持 3 年可进入三年榜（最早 2027-05-13）');
  });

  it('never failed but sampled for under three years: from its first pass', () => {
    const standing = redlistStanding([pass('2024-02-29')], null, '2026-12-05');
    expect(standing).toMatchObject({ status: 'waiting', lastFailAt: null, eligibleFrom: '2027-02-28' });
  });

  it('qualifies by its records but the published version does not list it yet', () => {
    const standing = redlistStanding(
      [fail('2020-01-01'), pass('2022-06-01')],
      { version: '2025-05', row: null },
      '2026-12-05',
    );
    expect(standing).toMatchObject({ status: 'qualifies', tier: 'three', years: 4 });
    expect(standing.text).toBe('按本企业的抽检记录已满足三年榜条件，将在下一期红榜公布时列入');
  });

  it('no sampling on record (records before 2011 and after today do not count)', () => {
    expect(redlistStanding([pass('2009-01-01'), fail('2027-01-01')], null, '2026-12-05')).toMatchObject({
      status: 'no_record',
      eligibleFrom: null,
    });
  });
});
