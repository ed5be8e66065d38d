import type { Database } from '../runtime/cloud';
import { list } from '../runtime/db';
import { AppError } from '../runtime/errors';
import type { RedlistVersionDoc } from './redlist';

/** Version documents without their (possibly long) change lists. */
export const SUMMARY_FIELDS = { entries: false, exits: false, tierChanges: false } as const;

/** A projection of version documents: SUMMARY_FIELDS, or only the fields a caller reads. */
export type VersionFields = Readonly<Record<string, boolean>>;

/** Published summaries, newest evaluation first (versions come monthly: a handful of documents). */
export async function publishedVersions(
  db: Database,
  fields: VersionFields = SUMMARY_FIELDS,
): Promise<RedlistVersionDoc[]> {
  return list<RedlistVersionDoc>(
    db.collection('redlist_versions').where({ status: 'published' }).orderBy('asOf', 'desc').field(fields).limit(100),
  );
}

/** The requested published version, or the latest one; NOT_FOUND otherwise. */
export async function resolveVersion(
  db: Database,
  version?: string,
  fields: VersionFields = SUMMARY_FIELDS,
): Promise<RedlistVersionDoc> {
  const docs = await publishedVersions(db, fields);
  const doc = version ? docs.find((d) => d.version === version) : docs[0];
  if (!doc) throw new AppError('NOT_FOUND', version ? `${version} 期红榜不存在或尚未发布` : '红榜尚未发布');
  return doc;
}

/** The latest published version's summary, or null before the first publication. */
export async function latestPublishedVersion(db: Database): Promise<RedlistVersionDoc | null> {
  const [doc] = await list<RedlistVersionDoc>(
    db
      .collection('redlist_versions')
      .where({ status: 'published' })
      .orderBy('asOf', 'desc')
      .field(SUMMARY_FIELDS)
      .limit(1),
  );
  return doc ?? null;
}
