/**
 * What the check-up's collections hold. Both are closed to clients (database rules: ADMINONLY); the
 * pages read through the `checkup` function only.
 */
import type { CheckupAnswers, CheckupQuestionnaire, CheckupScore } from '../../../miniprogram/shared/checkup';

/** One document per questionnaire version (_id = version); the current one has the latest `publishedAt`. */
export const QUESTIONNAIRES = 'checkup_questionnaires';
/** One document per submitted check-up; (uscc, clientRequestId) is unique. */
export const CHECKUPS = 'checkups';

export interface QuestionnaireDoc extends CheckupQuestionnaire {
  _id: string;
  publishedAt: Date;
}

export interface CheckupDoc {
  _id: string;
  uscc: string;
  enterpriseName: string;
  /** The verified owner who submitted it. */
  ownerOpenid: string;
  /** The questionnaire version answered (results keep it when a new version is published). */
  version: string;
  questionnaireTitle: string;
  answers: CheckupAnswers;
  /** The score as computed at submission, with the version's questions (shared/checkup.ts scoreCheckup). */
  result: CheckupScore;
  clientRequestId: string;
  submittedAt: Date;
  createdAt?: Date;
}
