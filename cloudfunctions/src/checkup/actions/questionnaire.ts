import { CHECKUP_DIMENSION_CODES, CHECKUP_DIMENSIONS } from '../../../../miniprogram/shared/checkup';
import { questionnaireInput, type QuestionnaireView } from '../../contract/checkup';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { checkupEnterprise } from '../enterprise';
import { currentQuestionnaire } from '../questionnaires';

/**
 * The current questionnaire, grouped by dimension (the page's steps), and whether the caller may submit:
 * any user may read the questions, only a verified enterprise binding submits (the page says so up front,
 * before forty answers are given).
 */
export const questionnaire = action({
  access: 'user',
  input: questionnaireInput,
  async handler(_input, { caller, db, now }): Promise<QuestionnaireView> {
    const [doc, enterprise] = await Promise.all([
      currentQuestionnaire(db, now),
      checkupEnterprise(db, caller).then(
        (e) => ({ enterprise: { uscc: e._id, name: e.name }, blockedReason: null }),
        (error: unknown) => {
          if (error instanceof AppError) return { enterprise: null, blockedReason: error.message };
          throw error;
        },
      ),
    ]);
    return {
      version: doc.version,
      title: doc.title,
      questionCount: doc.questions.length,
      dimensions: CHECKUP_DIMENSION_CODES.map((dimension) => ({
        dimension,
        label: CHECKUP_DIMENSIONS[dimension],
        questions: doc.questions.filter((q) => q.dimension === dimension),
      })).filter((d) => d.questions.length > 0),
      ...enterprise,
    };
  },
});
