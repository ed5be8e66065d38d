import {
  caseStatsCsv,
  caseStatsRows,
  computeCaseStats,
  csvCell,
  durationStats,
  isOverdue,
  percentile,
  type StatsCase,
} from '../../../cloudfunctions/src/helpdesk/stats';

const at = (iso: string) => new Date(iso);
const H = 3600_000;
const T0 = at('2026-03-02T01:00:00Z');
const plus = (hours: number) => new Date(T0.getTime() + hours * H);

function statsCase(over: Partial<StatsCase> = {}): StatsCase {
  return {
    _id: 'c',
    status: 'open',
    productCategory: '家用电器',
    city: '佛山市',
    expertId: null,
    expertName: null,
    submittedAt: T0,
    firstAnswerDueAt: plus(48),
    firstAnsweredAt: null,
    resolvedAt: null,
    withdrawnAt: null,
    rating: null,
    ...over,
  };
}

describe('percentile and duration stats', () => {
  test('median of an odd count is the middle value, of an even count the mean of the middle two', () => {
    expect(percentile([1, 2, 9], 0.5)).toBe(2);
    expect(percentile([1, 2, 4, 9], 0.5)).toBe(3);
    expect(durationStats([9, 1, 2]).median).toBe(2);
    expect(durationStats([9, 4, 1, 2]).median).toBe(3);
  });

  test('p90 interpolates between closest ranks (PERCENTILE.INC)', () => {
    // 10 values 1..10: rank 8.1 → 9 + 0.1 × (10 − 9)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    // 11 values 0..10: rank 9 exactly
    expect(percentile([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(durationStats([10, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual({ count: 10, median: 5.5, p90: 9.1 });
  });

  test('one value is its own median and p90; none gives nulls', () => {
    expect(durationStats([7.25])).toEqual({ count: 1, median: 7.3, p90: 7.3 });
    expect(durationStats([])).toEqual({ count: 0, median: null, p90: null });
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('overdue rules', () => {
  const now = plus(100);
  test('answered before the deadline: not overdue; after it: overdue', () => {
    expect(isOverdue(statsCase({ firstAnsweredAt: plus(47) }), now)).toBe(false);
    expect(isOverdue(statsCase({ firstAnsweredAt: plus(48) }), now)).toBe(false);
    expect(isOverdue(statsCase({ firstAnsweredAt: plus(49) }), now)).toBe(true);
  });
  test('still waiting: judged at now', () => {
    expect(isOverdue(statsCase(), plus(47))).toBe(false);
    expect(isOverdue(statsCase(), plus(49))).toBe(true);
  });
  test('withdrawn without an answer: overdue only when withdrawn after the deadline', () => {
    expect(isOverdue(statsCase({ status: 'withdrawn', withdrawnAt: plus(10) }), now)).toBe(false);
    expect(isOverdue(statsCase({ status: 'withdrawn', withdrawnAt: plus(60) }), now)).toBe(true);
  });
});

describe('computeCaseStats', () => {
  const now = plus(1000);
  const cases: StatsCase[] = [
    statsCase({
      _id: 'a',
      status: 'resolved',
      expertId: 'E1',
      expertName: '张工',
      firstAnsweredAt: plus(2),
      resolvedAt: plus(100),
      rating: { stars: 5 },
    }),
    statsCase({
      _id: 'b',
      status: 'resolved',
      city: '广州市',
      expertId: 'E1',
      expertName: '张工',
      firstAnsweredAt: plus(60),
      resolvedAt: plus(200),
      rating: { stars: 2 },
    }),
    statsCase({
      _id: 'c',
      status: 'accepted',
      productCategory: '电线电缆',
      expertId: 'E2',
      expertName: '李工',
      firstAnsweredAt: plus(4),
    }),
    statsCase({ _id: 'd', status: 'open' }),
    statsCase({ _id: 'e', status: 'withdrawn', withdrawnAt: plus(1) }),
  ];
  const view = computeCaseStats(cases, { from: '2026-03-01', to: '2026-03-31' }, now);

  test('counts by status, category (largest first), city and expert', () => {
    expect(view.total).toBe(5);
    expect(view.byStatus).toEqual({ open: 1, accepted: 1, closing: 0, resolved: 2, withdrawn: 1 });
    expect(view.byCategory).toEqual([
      { key: '家用电器', count: 4 },
      { key: '电线电缆', count: 1 },
    ]);
    expect(view.byCity).toEqual([
      { key: '佛山市', count: 4 },
      { key: '广州市', count: 1 },
    ]);
    expect(view.byExpert).toEqual([
      { expertId: 'E1', name: '张工', count: 2, resolved: 2, averageStars: 3.5 },
      { expertId: 'E2', name: '李工', count: 1, resolved: 0, averageStars: null },
    ]);
  });

  test('times in hours, overdue and ratings', () => {
    expect(view.firstAnswerHours).toEqual({ count: 3, median: 4, p90: 48.8 });
    expect(view.resolutionHours).toEqual({ count: 2, median: 150, p90: 190 });
    // b answered after 60 h (due 48 h), d still waiting at now; e withdrawn in time.
    expect(view.overdue).toBe(2);
    expect(view.ratings).toEqual({ count: 2, average: 3.5, distribution: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 } });
  });

  test('no cases: zeros and nulls', () => {
    const empty = computeCaseStats([], { from: '2026-03-01', to: '2026-03-01' }, now);
    expect(empty).toMatchObject({
      total: 0,
      byCategory: [],
      byExpert: [],
      overdue: 0,
      firstAnswerHours: { count: 0, median: null, p90: null },
      ratings: { count: 0, average: null },
    });
  });

  test('the CSV: BOM, header, one line per row, formulas neutralised', () => {
    const { csv, rows } = caseStatsCsv(view);
    expect(csv.startsWith('\ufeff维度,项目,数值,已解决,平均评分\r\n')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(rows + 1);
    expect(rows).toBe(caseStatsRows(view).length);
    expect(lines).toContain('专家,张工（E1）,2,2,3.5');
    expect(lines).toContain('首次答复时长（小时）,P90,48.8,,');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-3')).toBe('-3');
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});
