/**
 * routeCase: who a new problem case is offered to. Bands (category + discipline, category only,
 * discipline only), capacity and inactive experts, the preferred city, load, a stable order, the limit,
 * and the `other` problem type (any expert of the category).
 */
import {
  hasCapacity,
  matchBand,
  routeCase,
  type RoutableCase,
  type RoutableExpert,
} from '../../../../cloudfunctions/src/core/helpdesk/routing';
import { OFFER_LIMIT } from '../../../../miniprogram/shared/helpdesk';

const expert = (id: string, over: Partial<RoutableExpert> = {}): RoutableExpert => ({
  _id: id,
  city: '广州市',
  productCategories: ['家用电器'],
  disciplines: ['testing'],
  maxOpenCases: 5,
  openCases: 0,
  active: true,
  ...over,
});

const failedAppliance: RoutableCase = { productCategory: '家用电器', problemType: 'failed_sampling', city: '佛山市' };
const ids = (experts: RoutableExpert[]) => experts.map((e) => e._id);

describe('matchBand', () => {
  test.each([
    ['category and an answering discipline', 0, expert('a')],
    ['category and another answering discipline', 0, expert('a', { disciplines: ['process'] })],
    ['category, no answering discipline', 1, expert('a', { disciplines: ['standards'] })],
    ['discipline, another category', 2, expert('a', { productCategories: ['灯具'] })],
    ['neither', undefined, expert('a', { productCategories: ['灯具'], disciplines: ['standards'] })],
  ] as const)('%s → band %s', (_label, band, e) => {
    expect(matchBand(e, failedAppliance)).toBe(band);
  });

  test('problem type other: any expert of the category is a full match, nobody else is', () => {
    const other: RoutableCase = { ...failedAppliance, problemType: 'other' };
    expect(matchBand(expert('a', { disciplines: ['standards'] }), other)).toBe(0);
    expect(matchBand(expert('a', { productCategories: ['灯具'], disciplines: ['testing'] }), other)).toBeUndefined();
  });
});

describe('routeCase', () => {
  test('band order beats city and load', () => {
    const experts = [
      expert('d-discipline', { productCategories: ['灯具'], city: '佛山市' }),
      expert('c-category', { disciplines: ['standards'], city: '佛山市' }),
      expert('b-both-busy', { openCases: 4, city: '湛江市' }),
      expert('z-none', { productCategories: ['灯具'], disciplines: ['standards'] }),
    ];
    expect(ids(routeCase(failedAppliance, experts))).toEqual(['b-both-busy', 'c-category', 'd-discipline']);
  });

  test('experts at capacity or inactive are never offered a case', () => {
    const full = expert('full', { openCases: 5 });
    const over = expert('over', { openCases: 7, maxOpenCases: 5 });
    const zero = expert('zero', { maxOpenCases: 0 });
    const inactive = expert('inactive', { active: false });
    const free = expert('free', { openCases: 4 });
    expect([full, over, zero, inactive, free].map(hasCapacity)).toEqual([false, false, false, false, true]);
    expect(ids(routeCase(failedAppliance, [full, over, zero, inactive, free]))).toEqual(['free']);
  });

  test('within a band the preferred city comes first, then the lighter load, then the id', () => {
    const experts = [
      expert('e5', { city: '广州市', openCases: 0 }),
      expert('e4', { city: '佛山市', openCases: 3 }), // 3/5 = 0.6
      expert('e3', { city: '佛山市', openCases: 1, maxOpenCases: 2 }), // 0.5
      expert('e2', { city: '佛山市', openCases: 1 }), // 0.2
      expert('e1', { city: '佛山市', openCases: 2, maxOpenCases: 10 }), // 0.2, lower id
      expert('e0', { city: '广州市', openCases: 4 }),
    ];
    expect(ids(routeCase(failedAppliance, experts))).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e0']);
  });

  test('without a city, load and id decide', () => {
    const experts = [expert('b', { city: '佛山市', openCases: 1 }), expert('c'), expert('a', { openCases: 1 })];
    expect(ids(routeCase({ ...failedAppliance, city: null }, experts))).toEqual(['c', 'a', 'b']);
  });

  test('the order does not depend on the input order', () => {
    const experts = Array.from({ length: 40 }, (_, i) =>
      expert(`x${String(i).padStart(2, '0')}`, {
        city: i % 3 ? '广州市' : '佛山市',
        openCases: i % 4,
        disciplines: i % 5 ? ['testing'] : ['standards'],
      }),
    );
    const once = ids(routeCase(failedAppliance, experts, 40));
    expect(ids(routeCase(failedAppliance, [...experts].reverse(), 40))).toEqual(once);
    const shuffled = [...experts].sort((a, b) => ((a._id.charCodeAt(2) * 7) % 10) - ((b._id.charCodeAt(2) * 7) % 10));
    expect(ids(routeCase(failedAppliance, shuffled, 40))).toEqual(once);
  });

  test('at most `limit` experts (OFFER_LIMIT by default), the best ones', () => {
    const experts = Array.from({ length: 25 }, (_, i) => expert(`k${String(i).padStart(2, '0')}`));
    expect(routeCase(failedAppliance, experts)).toHaveLength(OFFER_LIMIT);
    expect(ids(routeCase(failedAppliance, experts, 3))).toEqual(['k00', 'k01', 'k02']);
    expect(routeCase(failedAppliance, experts, 0)).toEqual([]);
    expect(routeCase(failedAppliance, experts.slice(0, 2), 10)).toHaveLength(2);
  });

  test('a rare category still reaches experts of the discipline; other reaches only the category', () => {
    const experts = [
      expert('t', { productCategories: ['灯具'] }),
      expert('s', { productCategories: ['灯具'], disciplines: ['standards'] }),
    ];
    expect(ids(routeCase({ productCategory: '安全帽', problemType: 'failed_sampling', city: null }, experts))).toEqual([
      't',
    ]);
    expect(routeCase({ productCategory: '安全帽', problemType: 'other', city: null }, experts)).toEqual([]);
    expect(ids(routeCase({ productCategory: '灯具', problemType: 'other', city: null }, experts))).toEqual(['s', 't']);
  });
});
