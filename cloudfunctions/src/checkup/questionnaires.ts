import type { Database } from '../runtime/cloud';
import { findById, list } from '../runtime/db';
import { AppError } from '../runtime/errors';
import { QUESTIONNAIRES, type QuestionnaireDoc } from './documents';

/** The questionnaire users answer now: the version published last (a new version is a new document). */
export async function currentQuestionnaire(db: Database, now: Date): Promise<QuestionnaireDoc> {
  const [doc] = await list<QuestionnaireDoc>(
    db
      .collection(QUESTIONNAIRES)
      .where({ publishedAt: db.command.lte(now) })
      .orderBy('publishedAt', 'desc')
      .limit(1),
  );
  if (!doc) throw new AppError('NOT_FOUND', '质量体检问卷尚未发布，请稍后再来');
  return doc;
}

/** A stored version, or null. */
export function questionnaireVersion(db: Database, version: string): Promise<QuestionnaireDoc | null> {
  return findById<QuestionnaireDoc>(db, QUESTIONNAIRES, version);
}
