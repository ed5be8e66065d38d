/**
 * Training statistics (admins): per programme, city and industrial cluster, over the sessions held
 * (ended, not called off): sessions, seats, sign-ups, check-ins, attendance rate, enterprises trained
 * and ratings; and the same rows as CSV.
 */
import { averageRating } from '../../../miniprogram/shared/training';
import type { TrainingStatsRow, TrainingStatsView } from '../contract/training';
import { CSV_BOM, csvLine } from '../core/csv';
import type { Database } from '../runtime/cloud';
import { list } from '../runtime/db';
import { PROGRAMMES, SESSIONS, SIGNUPS, type ProgrammeDoc, type SessionDoc, type SignupDoc } from './documents';

const PAGE = 1000;

type Tally = {
  sessionsHeld: number;
  seats: number;
  signups: number;
  confirmed: number;
  checkedIn: number;
  enterprises: Set<string>;
  ratingSum: number;
  ratingCount: number;
};
const emptyTally = (): Tally => ({
  sessionsHeld: 0,
  seats: 0,
  signups: 0,
  confirmed: 0,
  checkedIn: 0,
  enterprises: new Set(),
  ratingSum: 0,
  ratingCount: 0,
});

function rowOf(key: string, label: string, t: Tally): TrainingStatsRow {
  return {
    key,
    label,
    sessionsHeld: t.sessionsHeld,
    seats: t.seats,
    signups: t.signups,
    checkedIn: t.checkedIn,
    attendanceRate: t.confirmed > 0 ? Math.round((t.checkedIn / t.confirmed) * 1000) / 1000 : null,
    enterprisesTrained: t.enterprises.size,
    ratingCount: t.ratingCount,
    ratingAverage: averageRating(t.ratingSum, t.ratingCount),
  };
}

async function readAll<T>(query: (skip: number) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await query(skip);
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

export async function trainingStatsOf(
  db: Database,
  { programmeId }: { programmeId?: string },
  now: Date,
): Promise<TrainingStatsView> {
  const _ = db.command;
  // Held: ended and not called off (sessionPhase 'ended'), as the query says.
  const held = await readAll((skip) =>
    list<SessionDoc>(
      db
        .collection(SESSIONS)
        .where({ ...(programmeId ? { programmeId } : {}), status: 'scheduled', endAt: _.lte(now) })
        .orderBy('_id', 'asc')
        .skip(skip)
        .limit(PAGE),
    ),
  );
  const programmes = await list<ProgrammeDoc>(db.collection(PROGRAMMES).where({}).limit(1000));
  const programmeName = new Map(programmes.map((p) => [p._id, p.name]));

  const groups = {
    programme: new Map<string, Tally>(),
    city: new Map<string, Tally>(),
    cluster: new Map<string, Tally>(),
  };
  const keysOf = (s: SessionDoc) => ({
    programme: s.programmeId ?? '',
    city: s.city ?? '',
    cluster: s.cluster ?? '',
  });
  const tallies = (s: SessionDoc): Tally[] => {
    const keys = keysOf(s);
    return (Object.keys(groups) as (keyof typeof groups)[]).map((g) => {
      let tally = groups[g].get(keys[g]);
      if (!tally) groups[g].set(keys[g], (tally = emptyTally()));
      return tally;
    });
  };
  const totals = emptyTally();
  const bySession = new Map<string, Tally[]>();
  for (const s of held) {
    const ts = [totals, ...tallies(s)];
    bySession.set(s._id, ts);
    for (const t of ts) {
      t.sessionsHeld++;
      t.seats += s.capacity;
    }
  }
  const ids = held.map((s) => s._id);
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const signups = await readAll((skip) =>
      list<Pick<SignupDoc, '_id' | 'sessionId' | 'status' | 'uscc' | 'checkedInAt' | 'rating'>>(
        db
          .collection(SIGNUPS)
          .where({ sessionId: _.in(chunk), status: _.in(['confirmed', 'waitlisted']) })
          .field({ sessionId: true, status: true, uscc: true, checkedInAt: true, rating: true })
          .orderBy('_id', 'asc')
          .skip(skip)
          .limit(PAGE),
      ),
    );
    for (const s of signups) {
      for (const t of bySession.get(s.sessionId) ?? []) {
        t.signups++;
        if (s.status === 'confirmed') t.confirmed++;
        if (s.checkedInAt) {
          t.checkedIn++;
          if (s.uscc) t.enterprises.add(s.uscc);
        }
        if (s.rating) {
          t.ratingSum += s.rating.score;
          t.ratingCount++;
        }
      }
    }
  }
  const rows = (g: keyof typeof groups, label: (key: string) => string) =>
    [...groups[g].entries()]
      .map(([key, t]) => rowOf(key, label(key), t))
      .sort((a, b) => b.sessionsHeld - a.sessionsHeld || a.label.localeCompare(b.label, 'zh-CN'));
  return {
    totals: rowOf('', '合计', totals),
    byProgramme: rows('programme', (k) => (k ? (programmeName.get(k) ?? '（计划已删除）') : '未归入计划')),
    byCity: rows('city', (k) => k || '线上（未指定城市）'),
    byCluster: rows('cluster', (k) => k || '未指定产业集聚区'),
    generatedAt: now.toISOString(),
  };
}

const HEADER = [
  '分组',
  '名称',
  '已举办场次',
  '名额',
  '报名人数',
  '签到人数',
  '到课率',
  '参训企业数',
  '评价数',
  '平均评分',
];

/** The statistics as a spreadsheet-safe CSV (BOM, CRLF, no formulas): the totals, then each grouping. */
export function trainingStatsCsv(view: TrainingStatsView): { csv: string; rows: number } {
  const line = (group: string, r: TrainingStatsRow) =>
    csvLine([
      group,
      r.label,
      r.sessionsHeld,
      r.seats,
      r.signups,
      r.checkedIn,
      r.attendanceRate === null ? '' : `${(r.attendanceRate * 100).toFixed(1)}%`,
      r.enterprisesTrained,
      r.ratingCount,
      r.ratingAverage ?? '',
    ]);
  const body = [
    line('合计', view.totals),
    ...view.byProgramme.map((r) => line('培训计划', r)),
    ...view.byCity.map((r) => line('城市', r)),
    ...view.byCluster.map((r) => line('产业集聚区', r)),
  ];
  return { csv: CSV_BOM + csvLine(HEADER) + body.join(''), rows: body.length };
}
