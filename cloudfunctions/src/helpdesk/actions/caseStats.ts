import { caseStatsInput, type CaseStatsView } from '../../contract/helpdesk';
import { endOfShanghaiDay, startOfShanghaiDay } from '../../core/time';
import type { Database } from '../../runtime/cloud';
import { count, list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { CASES } from '../documents';
import { computeCaseStats, STATS_FIELDS, type StatsCase } from '../stats';

/** Documents per read (the platform's most per get). */
const PAGE = 1000;
/** Reads in flight at once: 20,000 cases are a count and 5 rounds of 4 reads. */
const PARALLEL = 4;
/** More cases than this in one range: the admin narrows the dates (a function has 60 s and limited memory). */
export const MAX_STATS_CASES = 100_000;

/**
 * The cases submitted in the range (Asia/Shanghai calendar days, both ends included), only the fields
 * the statistics read: one count, then pages of 1000 in _id order, PARALLEL at a time.
 */
export async function readStatsCases(db: Database, range: { from: string; to: string }): Promise<StatsCase[]> {
  const _ = db.command;
  const where = { submittedAt: _.gte(startOfShanghaiDay(range.from)).and(_.lte(endOfShanghaiDay(range.to))) };
  const total = await count(db.collection(CASES).where(where));
  if (total > MAX_STATS_CASES) {
    throw new AppError(
      'VALIDATION_FAILED',
      `所选日期范围内有 ${total} 件问诊，超过单次统计上限 ${MAX_STATS_CASES} 件，请缩小日期范围`,
    );
  }
  const pages = Math.ceil(total / PAGE);
  const out: StatsCase[] = [];
  for (let first = 0; first < pages; first += PARALLEL) {
    const wave = await Promise.all(
      Array.from({ length: Math.min(PARALLEL, pages - first) }, (_unused, i) =>
        list<StatsCase>(
          db
            .collection(CASES)
            .where(where)
            .field(STATS_FIELDS)
            .orderBy('_id', 'asc')
            .skip((first + i) * PAGE)
            .limit(PAGE),
        ),
      ),
    );
    for (const page of wave) out.push(...page);
  }
  return out;
}

export async function caseStatsOf(
  db: Database,
  range: { from: string; to: string },
  now: Date,
): Promise<CaseStatsView> {
  return computeCaseStats(await readStatsCases(db, range), range, now);
}

/** Admins: the help desk's numbers over cases submitted in a date range (helpdesk/stats.ts). */
export const caseStats = action({
  access: 'admin',
  input: caseStatsInput,
  async handler(input, { db, now }) {
    return caseStatsOf(db, input, now);
  },
});
