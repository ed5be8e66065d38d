import fc from 'fast-check';
import { median, summariseCableRequests, type StatsInputRow } from '../../../cloudfunctions/src/core/cable/stats';

const day = 24 * 3600_000;
const at = (d: number) => new Date(Date.UTC(2026, 6, 1) + d * day);

describe('cable stats', () => {
  test('median of odd and even counts, and of nothing', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  test('median is order-independent and between min and max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1 }), (xs) => {
        const m = median(xs)!;
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
        expect(median([...xs].reverse())).toBe(m);
      }),
    );
  });

  test('counts by city, status, verdict, requester type and hospital; turnaround of completed only', () => {
    const rows: StatsInputRow[] = [
      {
        city: '广州市',
        status: 'completed',
        verdict: 'non_conforming',
        requesterType: 'consumer',
        hospitalId: 'h1',
        submittedAt: at(0),
        completedAt: at(2),
      },
      {
        city: '广州市',
        status: 'completed',
        verdict: 'conforming',
        requesterType: 'contractor',
        hospitalId: 'h1',
        submittedAt: at(0),
        completedAt: at(6),
      },
      {
        city: '佛山市',
        status: 'completed',
        verdict: 'suspected',
        requesterType: 'consumer',
        hospitalId: 'h2',
        submittedAt: at(1),
        completedAt: at(4.5),
      },
      { city: '佛山市', status: 'submitted', requesterType: 'enterprise', hospitalId: null, submittedAt: at(3) },
      { city: '东莞市', status: 'cancelled', requesterType: 'consumer', hospitalId: null, submittedAt: at(3) },
    ];
    const stats = summariseCableRequests(rows);
    expect(stats.total).toBe(5);
    expect(Object.keys(stats.byCity)).toHaveLength(21);
    expect(stats.byCity).toMatchObject({ 广州市: 2, 佛山市: 2, 东莞市: 1, 深圳市: 0 });
    expect(stats.byStatus).toEqual({
      submitted: 1,
      accepted: 0,
      sample_received: 0,
      screening: 0,
      completed: 3,
      rejected: 0,
      cancelled: 1,
    });
    expect(stats.byVerdict).toEqual({ conforming: 1, suspected: 1, non_conforming: 1 });
    expect(stats.byRequesterType).toEqual({ consumer: 3, enterprise: 1, contractor: 1 });
    expect(stats.byHospital).toEqual({ h1: 2, h2: 1 });
    // Turnarounds 2, 6 and 3.5 days → median 3.5.
    expect(stats.medianTurnaroundDays).toBe(3.5);
    expect(stats.completed).toBe(3);
  });

  test('no completed requests → no median', () => {
    expect(summariseCableRequests([]).medianTurnaroundDays).toBeNull();
  });
});
