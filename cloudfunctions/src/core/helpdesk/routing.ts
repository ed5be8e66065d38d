/**
 * Which experts a new problem case is offered to. Pure, so the rule is tested as a table and benched
 * over the whole expert list (tests/unit/core/helpdesk/routing.test.ts, tests/bench/helpdesk.bench.ts).
 *
 * An expert can take a case when active and below their open-case capacity. Among those, the best
 * match holds both the product category and one of the problem type's disciplines; when fewer than
 * `limit` do, experts with only the category, then only the discipline, fill the list (a case on a
 * rare product still reaches somebody who knows the discipline). Within each band the preferred city
 * comes first, then the lighter load (open / capacity), then the expert id, so the order is stable.
 */
import {
  OFFER_LIMIT,
  PROBLEM_DISCIPLINES,
  type Discipline,
  type ProblemType,
} from '../../../../miniprogram/shared/helpdesk';

export interface RoutableExpert {
  _id: string;
  city: string;
  productCategories: readonly string[];
  disciplines: readonly Discipline[];
  maxOpenCases: number;
  openCases: number;
  active: boolean;
}

export interface RoutableCase {
  productCategory: string;
  problemType: ProblemType;
  /** The enterprise's preferred city, else its own city. */
  city: string | null;
}

/** 0: category and discipline; 1: category only; 2: discipline only; undefined: no match. */
export function matchBand(expert: RoutableExpert, c: RoutableCase): 0 | 1 | 2 | undefined {
  const wanted = PROBLEM_DISCIPLINES[c.problemType];
  const category = expert.productCategories.includes(c.productCategory);
  // `other` names no discipline: any expert of the category is a full match.
  const discipline = wanted.length === 0 ? category : expert.disciplines.some((d) => wanted.includes(d));
  if (category && discipline) return 0;
  if (category) return 1;
  if (discipline && wanted.length > 0) return 2;
  return undefined;
}

export const hasCapacity = (e: RoutableExpert): boolean => e.active && e.openCases < e.maxOpenCases;

/** The experts to offer `c` to, best first, at most `limit`. */
export function routeCase<E extends RoutableExpert>(c: RoutableCase, experts: readonly E[], limit = OFFER_LIMIT): E[] {
  const ranked: { expert: E; band: number; away: number; load: number }[] = [];
  for (const expert of experts) {
    if (!hasCapacity(expert)) continue;
    const band = matchBand(expert, c);
    if (band === undefined) continue;
    ranked.push({
      expert,
      band,
      away: c.city && expert.city === c.city ? 0 : 1,
      load: expert.openCases / expert.maxOpenCases,
    });
  }
  ranked.sort(
    (a, b) =>
      a.band - b.band ||
      a.away - b.away ||
      a.load - b.load ||
      (a.expert._id < b.expert._id ? -1 : a.expert._id > b.expert._id ? 1 : 0),
  );
  return ranked.slice(0, limit).map((r) => r.expert);
}
