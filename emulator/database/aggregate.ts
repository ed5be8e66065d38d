/**
 * Aggregation pipelines, answered as mingo would answer them over the whole collection, with the stages
 * an index can serve taken off mingo's hands:
 * - a leading $match, with the $sort, $skip, $limit and a $project of top-level fields right after it,
 *   selects through the collection's indexes and kept lookups (copying only the documents that come out);
 * - a $count right after that $match counts without copying anything;
 * - a $lookup by localField/foreignField reads the joined collection with one `$in` query for all its
 *   input documents, and a $lookup whose pipeline uses no variables runs that pipeline once, the same way.
 * A $lookup with `let` variables still runs in mingo over the whole joined collection.
 */
import { Aggregator } from 'mingo';
import { resolve } from 'mingo/util';
import { cloneValue, isPlainObject, type Doc } from './codec';
import { MINGO_OPTIONS, type Engine, type SelectOptions, type SortSpec } from './engine';
import { DbError } from './errors';
import { project, simpleExclusion, simpleInclusion } from './projection';

function invalid(message: string): DbError {
  return new DbError('INVALID_PARAM', message);
}

/** The stage's operator, after checking it is one `{ $op: value }` the service accepts. */
function stageKeyOf(stage: Doc, where: string): string {
  const keys = Object.keys(stage);
  if (keys.length !== 1 || !keys[0].startsWith('$')) throw invalid(`${where} 格式无效`);
  if (keys[0] === '$out' || keys[0] === '$merge') {
    throw new DbError('DATABASE_INVALID_OPERRATOR', `不支持的聚合阶段：${keys[0]}`);
  }
  return keys[0];
}

function sortSpecOf(value: unknown): SortSpec | undefined {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return undefined;
  for (const direction of Object.values(value)) if (direction !== 1 && direction !== -1) return undefined;
  return value as SortSpec;
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** A $lookup this module answers itself: by equality, or with a pipeline that does not see its input. */
type OwnLookup =
  | { kind: 'equality'; from: string; localField: string; foreignField: string; as: string }
  | { kind: 'uncorrelated'; from: string; pipeline: Doc[]; as: string };

function ownLookupOf(value: unknown, where: string): OwnLookup | undefined {
  if (!isPlainObject(value)) throw invalid(`${where} 格式无效`);
  const { from, as, localField, foreignField, pipeline } = value;
  if (typeof from !== 'string' || typeof as !== 'string' || as === '') {
    throw invalid(`${where} 需要 from 与 as`);
  }
  const variables = value.let;
  const usesVariables = variables !== undefined && !(isPlainObject(variables) && Object.keys(variables).length === 0);
  if (typeof localField === 'string' && typeof foreignField === 'string' && pipeline === undefined && !usesVariables) {
    return { kind: 'equality', from, localField, foreignField, as };
  }
  if (Array.isArray(pipeline) && localField === undefined && foreignField === undefined && !usesVariables) {
    return {
      kind: 'uncorrelated',
      from,
      as,
      pipeline: pipeline.map((stage, i) => {
        if (!isPlainObject(stage)) throw invalid(`${where}.pipeline[${i}] 格式无效`);
        stageKeyOf(stage, `${where}.pipeline[${i}]`);
        return stage;
      }),
    };
  }
  return undefined;
}

export class PipelineRunner {
  constructor(private readonly engine: Engine) {}

  /** The documents `stages` make of collection `name`'s (copies: nothing returned is stored). */
  run(name: string, stages: Doc[], where = 'stages'): Doc[] {
    stages.forEach((stage, i) => stageKeyOf(stage, `${where}[${i}]`));
    let at = 0;
    let docs: Doc[];
    const first = stages[0];
    const filter = first && isPlainObject(first.$match) ? (first.$match as Doc) : undefined;
    if (filter) at = 1;
    if (stages[at] && '$count' in stages[at] && typeof stages[at].$count === 'string' && stages[at].$count !== '') {
      // MongoDB answers a count of nothing with no document at all.
      const total = this.engine.count(name, filter);
      docs = total > 0 ? [{ [stages[at].$count as string]: total }] : [];
      at += 1;
    } else {
      // $sort, then $skip, then $limit: the order select applies them in; any other order is left to mingo.
      const options: SelectOptions = {};
      const sort = stages[at] && sortSpecOf(stages[at].$sort);
      if (sort) {
        options.sort = sort;
        at += 1;
      }
      if (stages[at] && isCount(stages[at].$skip)) {
        options.skip = stages[at].$skip as number;
        at += 1;
      }
      if (stages[at] && isCount(stages[at].$limit) && (stages[at].$limit as number) > 0) {
        options.limit = stages[at].$limit as number;
        at += 1;
      }
      let selected = this.engine.select(name, filter, options);
      // A $project of top-level fields right after: as a find's field() projects.
      const projection = stages[at]?.$project;
      if (isPlainObject(projection) && (simpleInclusion(projection) || simpleExclusion(projection))) {
        selected = project(selected, projection);
        at += 1;
      }
      docs = selected.map((doc) => cloneValue(doc));
    }
    let segment: Doc[] = [];
    const flush = () => {
      if (segment.length === 0) return;
      docs = new Aggregator(segment, {
        ...MINGO_OPTIONS,
        // Stages may modify their input in place: give them copies, never the stored documents.
        collectionResolver: (from: string) =>
          this.engine.has(from) ? this.engine.select(from, undefined).map((doc) => cloneValue(doc)) : [],
      }).run(docs);
      segment = [];
    };
    for (let i = at; i < stages.length; i++) {
      const stage = stages[i];
      const lookup = '$lookup' in stage ? ownLookupOf(stage.$lookup, `${where}[${i}].$lookup`) : undefined;
      if (!lookup) {
        segment.push(stage);
        continue;
      }
      flush();
      docs = lookup.kind === 'equality' ? this.joinByEquality(docs, lookup) : this.joinPipeline(docs, lookup, i, where);
    }
    flush();
    return docs;
  }

  /** mingo's equality join, over only the joined documents that can match (one `$in` read). */
  private joinByEquality(docs: Doc[], lookup: Extract<OwnLookup, { kind: 'equality' }>): Doc[] {
    if (docs.length === 0) return docs;
    const values: unknown[] = [];
    for (const doc of docs) {
      const local = resolve(doc, lookup.localField) ?? null;
      if (Array.isArray(local)) values.push(...local);
      else values.push(local);
    }
    const candidates = this.engine.has(lookup.from)
      ? this.engine.select(lookup.from, { [lookup.foreignField]: { $in: values } }).map((doc) => cloneValue(doc))
      : [];
    const { localField, foreignField, as } = lookup;
    return new Aggregator([{ $lookup: { from: candidates, localField, foreignField, as } }], MINGO_OPTIONS).run(
      docs,
    ) as Doc[];
  }

  /** A pipeline that cannot see its input answers the same for every document: run it once. */
  private joinPipeline(
    docs: Doc[],
    lookup: Extract<OwnLookup, { kind: 'uncorrelated' }>,
    i: number,
    where: string,
  ): Doc[] {
    if (docs.length === 0) return docs;
    const joined = this.engine.has(lookup.from)
      ? this.run(lookup.from, lookup.pipeline, `${where}[${i}].$lookup.pipeline`)
      : [];
    return docs.map((doc, n) => ({ ...doc, [lookup.as]: n === 0 ? joined : cloneValue(joined) }));
  }
}
