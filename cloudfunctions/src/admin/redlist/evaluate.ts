/**
 * `evaluateRedlist`: `redlist-v1` over all stored inspections into a new version (e.g. 2025-10).
 *
 * Phase `plan`: one aggregation lists the USCCs with inspections in range and their record counts;
 * they are cut into batches of at most BATCH_RECORDS records (and BATCH_ENTERPRISES enterprises),
 * stored as USCC bounds in the job. Phase `scan`: per batch, one aggregation groups the records of
 * the USCCs in (previous bound, bound] — a range query, so each batch reads only its own records —
 * each enterprise is evaluated with the pure rule, and its listed row (and warning-list row) is
 * written under a deterministic id; the job then checkpoints the batch index. Phase `finish`
 * compares the rows with the previous published version (entries, exits, tier changes), counts
 * them by tier, city and category, and publishes the version. Lookups only read published
 * versions, so a half-built one is never visible.
 */
import { monthBefore, monthEnd } from '../../../../miniprogram/shared/redlist-months';
import type { EvaluateProgressView } from '../../contract/redlist';
import { countsByTierAndCity, diffVersions } from '../../core/redlist/diff';
import { cityOfEnterprise, isGuangdongEnterprise } from '../../core/redlist/region';
import { DATA_START, evaluateEnterprise } from '../../core/redlist/rule';
import type { EnterpriseEntry, InspectionLevel, InspectionResult, RedlistRow } from '../../core/redlist/types';
import { DEFAULT_WARNING_RULE, evaluateWarnings, type WarningRule } from '../../core/redlist/warnings';
import { calendarDate } from '../../core/time';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { count, findById, insertIdempotent, list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import type { Caller } from '../../runtime/router';
import {
  CHANGE_LIST_LIMIT,
  RULE_NAME,
  rowId,
  toRowDoc,
  versionOf,
  yearLevelCounts,
  type ChangeRow,
  type RedlistRowDoc,
  type RedlistVersionDoc,
  type WarningDoc,
  versionView,
} from '../../services/redlist';
import { acquireJob, Budget, DEFAULT_BUDGET_MS, releaseJob, type LeasedJob } from '../../runtime/jobs';
import type { EnterpriseDoc } from '../../services/documents';

export interface EvaluateJobDoc extends LeasedJob {
  kind: 'evaluateRedlist';
  phase: 'plan' | 'scan' | 'finish';
  /** Last USCC of each batch (ascending), from the plan. */
  bounds: string[];
  /** Batches written so far. */
  cursor: number;
  /** Enterprises evaluated so far / in the plan. */
  done: number;
  total: number;
  params: { version: string; asOf: string; warningRule: WarningRule };
  stats: { records: number; enterprises: number; listed: number; warnings: number; notGuangdong: number };
}

export interface EvaluateOptions {
  asOf?: string;
  warningRule?: WarningRule;
  budgetMs?: number;
  batchSize?: number;
  now?: Date;
}

/** Per batch: ~1 MB of grouped records per aggregation reply, and `_.in` lists of the registry read. */
const BATCH_RECORDS = 10_000;
const BATCH_ENTERPRISES = 1000;
/** The plan lists every USCC in one reply (~40 bytes each). */
const PLAN_LIMIT = 500_000;
const REGISTRY_CHUNK = 500;
const PAGE = 1000;

interface GroupedRecord {
  d: string;
  r: InspectionResult;
  c?: string;
  l: InspectionLevel;
  f?: string;
}

/** The default evaluation date: the last day of the month before `now` (Asia/Shanghai). */
export function previousMonthEnd(now: Date): string {
  return monthEnd(monthBefore(calendarDate(now)));
}

function sampledRange(db: Database, asOf: string) {
  const _ = db.command;
  return _.gte(DATA_START).and(_.lte(asOf));
}

async function registryOf(db: Database, usccs: readonly string[]): Promise<Map<string, EnterpriseDoc>> {
  const _ = db.command;
  const out = new Map<string, EnterpriseDoc>();
  const chunks: string[][] = [];
  for (let i = 0; i < usccs.length; i += REGISTRY_CHUNK) chunks.push(usccs.slice(i, i + REGISTRY_CHUNK));
  const pages = await Promise.all(
    chunks.map((chunk) =>
      list<EnterpriseDoc>(
        db
          .collection('enterprises')
          .where({ _id: _.in(chunk) })
          .field({ _id: true, name: true, formerNames: true, address: true, province: true })
          .limit(REGISTRY_CHUNK),
      ),
    ),
  );
  for (const page of pages) for (const e of page) out.set(e._id, e);
  return out;
}

/** Cuts the sorted USCCs into batches by record count; returns each batch's last USCC. */
export function planBounds(
  groups: readonly { _id: string; n: number }[],
  maxRecords = BATCH_RECORDS,
  maxEnterprises = BATCH_ENTERPRISES,
): string[] {
  const bounds: string[] = [];
  let records = 0;
  let enterprises = 0;
  for (let i = 0; i < groups.length; i++) {
    records += groups[i].n;
    enterprises++;
    const next = groups[i + 1];
    if (!next || enterprises >= maxEnterprises || records + next.n > maxRecords) {
      bounds.push(groups[i]._id);
      records = 0;
      enterprises = 0;
    }
  }
  return bounds;
}

async function plan(
  db: Database,
  asOf: string,
  maxEnterprises: number,
): Promise<{ bounds: string[]; enterprises: number }> {
  const _ = db.command;
  const $ = _.aggregate;
  const res = (await db
    .collection('inspections')
    .aggregate()
    .match({ sampledAt: sampledRange(db, asOf) })
    .group({ _id: '$uscc', n: $.sum(1) })
    .sort({ _id: 1 })
    .limit(PLAN_LIMIT)
    .end()) as { list: { _id: string; n: number }[] };
  return { bounds: planBounds(res.list, BATCH_RECORDS, maxEnterprises), enterprises: res.list.length };
}

/** Producer names from the latest records, for enterprises missing from the registry (rare). */
async function latestNames(db: Database, usccs: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!usccs.length) return names;
  const _ = db.command;
  const $ = _.aggregate;
  const res = (await db
    .collection('inspections')
    .aggregate()
    .match({ uscc: _.in([...usccs]) })
    .sort({ sampledAt: -1 })
    .group({ _id: '$uscc', name: $.first('$enterpriseName') })
    .limit(usccs.length)
    .end()) as { list: { _id: string; name: string }[] };
  for (const r of res.list) names.set(r._id, r.name);
  return names;
}

interface BatchResult {
  keys: string[];
  rows: RedlistRowDoc[];
  warnings: WarningDoc[];
  records: number;
  notGuangdong: number;
}

async function evaluateBatch(db: Database, job: EvaluateJobDoc, lo: string, hi: string): Promise<BatchResult> {
  const _ = db.command;
  const $ = _.aggregate;
  const { version, asOf, warningRule } = job.params;
  const res = (await db
    .collection('inspections')
    .aggregate()
    .match({ uscc: _.gt(lo).and(_.lte(hi)), sampledAt: sampledRange(db, asOf) })
    .group({
      _id: '$uscc',
      recs: $.push({ d: '$sampledAt', r: '$result', c: '$productCategory', l: '$level', f: '$failedItems' }),
    })
    // Enterprises whose first records were imported after the plan may join a batch.
    .limit(BATCH_ENTERPRISES * 2)
    .end()) as { list: { _id: string; recs: GroupedRecord[] }[] };
  const groups = res.list.sort((a, b) => (a._id < b._id ? -1 : 1));
  const keys = groups.map((g) => g._id);
  const registry = await registryOf(db, keys);
  const names = await latestNames(
    db,
    keys.filter((k) => !registry.has(k)),
  );
  const rows: RedlistRowDoc[] = [];
  const warnings: WarningDoc[] = [];
  let records = 0;
  let notGuangdong = 0;
  for (const { _id: uscc, recs } of groups) {
    records += recs.length;
    const doc = registry.get(uscc);
    const entry: EnterpriseEntry | undefined = doc && {
      uscc,
      name: doc.name,
      formerNames: doc.formerNames ?? [],
      address: doc.address,
      province: doc.province,
    };
    const name = entry?.name ?? names.get(uscc) ?? '';
    const evaluation = evaluateEnterprise(
      recs.map((r) => ({ sampledAt: r.d, result: r.r, productCategory: r.c })),
      asOf,
    );
    if (evaluation) {
      if (!isGuangdongEnterprise(uscc, entry)) notGuangdong++;
      else {
        const row: RedlistRow = { uscc, name, city: cityOfEnterprise(uscc, entry), ...evaluation };
        const byYearLevel = yearLevelCounts(
          recs.map((r) => ({ sampledAt: r.d, level: r.l })),
          evaluation.streakStart,
          asOf,
        );
        rows.push(toRowDoc(version, asOf, row, entry?.formerNames ?? [], byYearLevel));
      }
    }
    if (recs.some((r) => r.r === 'fail')) {
      const [warning] = evaluateWarnings(
        recs.map((r) => ({
          uscc,
          enterpriseName: name,
          sampledAt: r.d,
          result: r.r,
          productCategory: r.c,
          failedItems: r.f,
        })),
        asOf,
        warningRule,
        { enterprises: entry ? [entry] : [] },
      );
      if (warning) warnings.push({ _id: rowId(version, uscc), version, asOf, ...warning });
    }
  }
  return { keys, rows, warnings, records, notGuangdong };
}

type VersionRow = ChangeRow & { categories: string[] };

async function versionRows(db: Database, version: string): Promise<VersionRow[]> {
  const out: VersionRow[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await list<VersionRow>(
      db
        .collection('redlist')
        .where({ version })
        .orderBy('_id', 'asc')
        .skip(skip)
        .limit(PAGE)
        .field({ _id: false, uscc: true, name: true, city: true, tier: true, categories: true }),
    );
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

const changeRow = (r: ChangeRow): ChangeRow => ({ uscc: r.uscc, name: r.name, city: r.city ?? null, tier: r.tier });

async function publish(db: Database, job: EvaluateJobDoc): Promise<RedlistVersionDoc> {
  const _ = db.command;
  const { version, asOf, warningRule } = job.params;
  const rows = await versionRows(db, version);
  const [previous] = await list<RedlistVersionDoc>(
    db
      .collection('redlist_versions')
      .where({ status: 'published', asOf: _.lt(asOf) })
      .orderBy('asOf', 'desc')
      .limit(1)
      .field({ entries: false, exits: false, tierChanges: false }),
  );
  const categories: Record<string, number> = {};
  for (const r of rows) for (const c of r.categories ?? []) categories[c] = (categories[c] ?? 0) + 1;
  let entries: ChangeRow[] = [];
  let exits: ChangeRow[] = [];
  let tierChanges: ChangeRow[] = [];
  if (previous) {
    const diff = diffVersions(await versionRows(db, previous.version), rows);
    entries = diff.entries.map(changeRow);
    exits = diff.exits.map(changeRow);
    tierChanges = diff.tierChanges.map((c) => ({ ...changeRow(c.row), fromTier: c.from }));
  }
  const up = tierChanges.filter((c) => c.fromTier && TIER_RANK[c.tier] > TIER_RANK[c.fromTier]).length;
  const warnings = await count(db.collection('redlist_warnings').where({ version }));
  const doc: Omit<RedlistVersionDoc, '_id'> = {
    version,
    asOf,
    rule: RULE_NAME,
    status: 'published',
    jobId: job._id,
    warningRule,
    counts: countsByTierAndCity(rows),
    categories,
    previousVersion: previous?.version ?? null,
    changes: { entries: entries.length, exits: exits.length, tierUp: up, tierDown: tierChanges.length - up },
    entries: entries.slice(0, CHANGE_LIST_LIMIT),
    exits: exits.slice(0, CHANGE_LIST_LIMIT),
    tierChanges: tierChanges.slice(0, CHANGE_LIST_LIMIT),
    warnings,
    stats: { records: job.stats.records, enterprises: job.stats.enterprises, notGuangdong: job.stats.notGuangdong },
    publishedAt: new Date(),
  };
  // Whole values (_.set), not merged field by field into what the building document had.
  const data: Record<string, unknown> = { updatedAt: db.serverDate() };
  for (const [key, value] of Object.entries(doc)) {
    data[key] = value !== null && typeof value === 'object' && !(value instanceof Date) ? _.set(value) : value;
  }
  await db.collection('redlist_versions').doc(version).update({ data });
  return { _id: version, ...doc };
}

const TIER_RANK = { three: 1, five: 2, ten: 3 } as const;

function doneView(version: RedlistVersionDoc, jobId: string, done: number): EvaluateProgressView {
  return {
    jobId,
    status: 'done',
    version: version.version,
    asOf: version.asOf,
    progress: { done, total: done },
    summary: versionView(version),
    warnings: version.warnings ?? 0,
  };
}

/** A version already published answers at once; one started for another date is a conflict. */
function finishedOrConflict(
  existing: RedlistVersionDoc | null,
  version: string,
  asOf: string,
  explicit: boolean,
): 'published' | 'continue' {
  if (!existing) return 'continue';
  // The timer (no asOf) is satisfied by any published version of the month.
  if (existing.status === 'published' && (existing.asOf === asOf || !explicit)) return 'published';
  if (existing.asOf !== asOf) {
    const state = existing.status === 'published' ? '发布' : '开始评估';
    throw new AppError('CONFLICT', `${version} 期榜单已按 ${existing.asOf} ${state}，不能再按 ${asOf} 评估`);
  }
  return 'continue';
}

function newEvaluateJob(jobId: string, version: string, asOf: string, warningRule: WarningRule): EvaluateJobDoc {
  return {
    _id: jobId,
    kind: 'evaluateRedlist',
    status: 'running',
    phase: 'plan',
    bounds: [],
    cursor: 0,
    done: 0,
    total: 0,
    params: { version, asOf, warningRule },
    stats: { records: 0, enterprises: 0, listed: 0, warnings: 0, notGuangdong: 0 },
  };
}

/** Plan phase: the building version document (first run only) and the batch bounds, checkpointed. */
async function planEvaluation(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  job: EvaluateJobDoc,
  firstRun: boolean,
  maxEnterprises: number,
): Promise<void> {
  const { version, asOf, warningRule } = job.params;
  if (firstRun) {
    await db
      .collection('redlist_versions')
      .doc(version)
      .set({
        data: {
          version,
          asOf,
          rule: RULE_NAME,
          status: 'building',
          jobId: job._id,
          warningRule,
          createdAt: db.serverDate(),
          updatedAt: db.serverDate(),
        },
      });
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.redlist.evaluate.start',
      targetType: 'redlist_version',
      targetId: version,
      after: { asOf, warningRule },
    });
  }
  const { bounds, enterprises } = await plan(db, asOf, maxEnterprises);
  job.bounds = bounds;
  job.phase = bounds.length ? 'scan' : 'finish';
  job.total = enterprises;
  await db
    .collection('jobs')
    .doc(job._id)
    .update({
      data: { phase: job.phase, bounds: db.command.set(bounds), total: enterprises, updatedAt: db.serverDate() },
    });
}

/** Scan phase, one batch: its rows and warnings written idempotently, then the cursor checkpointed. */
async function scanNextBatch(db: Database, job: EvaluateJobDoc): Promise<void> {
  const lo = job.cursor > 0 ? job.bounds[job.cursor - 1] : '';
  const batch = await evaluateBatch(db, job, lo, job.bounds[job.cursor]);
  await insertIdempotent(
    db,
    'redlist',
    batch.rows.map((r) => ({ ...r, createdAt: db.serverDate() })),
  );
  await insertIdempotent(
    db,
    'redlist_warnings',
    batch.warnings.map((w) => ({ ...w, createdAt: db.serverDate() })),
  );
  job.cursor++;
  job.done += batch.keys.length;
  job.stats = {
    records: job.stats.records + batch.records,
    enterprises: job.stats.enterprises + batch.keys.length,
    listed: job.stats.listed + batch.rows.length,
    warnings: job.stats.warnings + batch.warnings.length,
    notGuangdong: job.stats.notGuangdong + batch.notGuangdong,
  };
  if (job.cursor >= job.bounds.length) job.phase = 'finish';
  await db
    .collection('jobs')
    .doc(job._id)
    .update({
      data: {
        phase: job.phase,
        cursor: job.cursor,
        done: job.done,
        total: Math.max(job.total, job.done),
        stats: db.command.set(job.stats),
        updatedAt: db.serverDate(),
      },
    });
}

/** Finish phase: the version published, the job closed, and the publication audited. */
async function publishEvaluation(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  job: EvaluateJobDoc,
): Promise<EvaluateProgressView> {
  const { version, asOf } = job.params;
  const published = await publish(db, job);
  await releaseJob(db, job._id, { status: 'done', total: job.done });
  await audit(db, db, {
    actor: caller.actor,
    action: 'admin.redlist.evaluate.publish',
    targetType: 'redlist_version',
    targetId: version,
    before: { status: 'building' },
    after: {
      status: 'published',
      asOf,
      counts: published.counts?.byTier,
      total: published.counts?.total,
      changes: published.changes,
      warnings: published.warnings,
    },
  });
  return doneView(published, job._id, job.done);
}

/**
 * Evaluates and publishes one month's red list as a resumable job: plan → scan (one batch at a time,
 * within the call's budget) → publish. A call out of budget answers `running`; the next one resumes.
 */
export async function runEvaluation(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  options: EvaluateOptions,
): Promise<EvaluateProgressView> {
  const budget = new Budget(options.budgetMs ?? DEFAULT_BUDGET_MS);
  const maxEnterprises = Math.min(options.batchSize ?? BATCH_ENTERPRISES, BATCH_ENTERPRISES);
  const asOf = options.asOf ?? previousMonthEnd(options.now ?? new Date());
  const version = versionOf(asOf);
  const warningRule = options.warningRule ?? DEFAULT_WARNING_RULE;
  const jobId = `redlist-${version}`;

  const existing = await findById<RedlistVersionDoc>(db, 'redlist_versions', version);
  if (finishedOrConflict(existing, version, asOf, options.asOf !== undefined) === 'published') {
    const job = await findById<EvaluateJobDoc>(db, 'jobs', existing!.jobId);
    return doneView(existing!, existing!.jobId, job?.done ?? 0);
  }

  const acquired = await acquireJob<EvaluateJobDoc>(
    db,
    jobId,
    budget.ms,
    () => newEvaluateJob(jobId, version, asOf, warningRule),
    {
      check: (job) => {
        if (job.params.asOf !== asOf) {
          throw new AppError('CONFLICT', `${version} 期榜单已按 ${job.params.asOf} 开始评估，不能再按 ${asOf} 评估`);
        }
      },
    },
  );
  const running = (job: Pick<EvaluateJobDoc, 'done' | 'total'> | null): EvaluateProgressView => ({
    jobId,
    status: 'running',
    version,
    asOf,
    progress: { done: job?.done ?? 0, total: job?.total ?? 0 },
    summary: null,
    warnings: null,
  });
  if ('busy' in acquired || 'done' in acquired) {
    const job = 'done' in acquired ? acquired.done : await findById<EvaluateJobDoc>(db, 'jobs', jobId);
    const published = await findById<RedlistVersionDoc>(db, 'redlist_versions', version);
    if (published?.status === 'published') return doneView(published, jobId, job?.done ?? 0);
    return running(job);
  }
  const job = acquired.job;

  try {
    if (job.phase === 'plan') await planEvaluation(db, caller, job, !existing, maxEnterprises);
    for (let batches = 0; job.phase === 'scan'; batches++) {
      if (batches > 0 && budget.spent()) {
        await releaseJob(db, jobId);
        return running(job);
      }
      await scanNextBatch(db, job);
    }
    return await publishEvaluation(db, caller, job);
  } catch (error) {
    await releaseJob(db, jobId).catch(() => undefined);
    throw error;
  }
}
