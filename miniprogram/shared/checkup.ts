/**
 * The quality check-up (质量体检): its dimensions, the shape of a questionnaire (stored as versioned
 * data in `checkup_questionnaires`, seed/checkup-questionnaire.ts; never in code) and the pure scoring.
 * One copy for the `checkup` function (which scores a submission) and the pages (which check that every
 * question is answered before they send, and label the dimensions).
 *
 * Scoring: each option carries a score 0–100, or null for 不适用 (not applicable). A dimension scores the
 * mean of its applicable answers, rounded; a dimension whose every answer is 不适用 has no score. The
 * overall score is the mean of the dimensions that have one (each dimension weighs the same, however
 * many questions it holds). An answer scoring below FINDING_BELOW yields its option's finding sentence.
 */
import type { ProblemType } from './helpdesk';

export const CHECKUP_DIMENSIONS = {
  quality_system: '质量管理体系',
  standards: '标准',
  metrology: '计量',
  testing: '检验检测',
  certification: '认证',
  traceability: '标识与追溯',
  nonconformity: '不合格整改',
  export_compliance: '出口合规',
} as const;
export type CheckupDimension = keyof typeof CHECKUP_DIMENSIONS;
export const CHECKUP_DIMENSION_CODES = Object.keys(CHECKUP_DIMENSIONS) as [CheckupDimension, ...CheckupDimension[]];

/**
 * The help-desk problem type a case about a weak dimension opens with (the result page prefills the case
 * form with it): the type whose experts (shared/helpdesk.ts PROBLEM_DISCIPLINES) answer that dimension.
 */
export const DIMENSION_PROBLEM_TYPE: Readonly<Record<CheckupDimension, ProblemType>> = {
  quality_system: 'process',
  standards: 'standards',
  metrology: 'standards',
  testing: 'testing_certification',
  certification: 'testing_certification',
  traceability: 'standards',
  nonconformity: 'failed_sampling',
  export_compliance: 'export_barriers',
};

/** The case title the result page proposes for a weak dimension (4–40 characters, CASE_TEXT.title). */
export const caseTitleFor = (dimension: CheckupDimension): string =>
  `质量体检：${CHECKUP_DIMENSIONS[dimension]}方面需要帮扶`;

/** Answers scoring below this yield a finding. */
export const FINDING_BELOW = 60;
/** How many questions a questionnaire holds. */
export const QUESTION_COUNT = { min: 30, max: 50 } as const;
/** Options per question. */
export const OPTION_COUNT = { min: 2, max: 6 } as const;

/** Score bands as the result page names them. */
export function scoreLevel(score: number | null): { code: 'good' | 'fair' | 'weak' | 'na'; label: string } {
  if (score === null) return { code: 'na', label: '不适用' };
  if (score >= 85) return { code: 'good', label: '良好' };
  if (score >= FINDING_BELOW) return { code: 'fair', label: '一般' };
  return { code: 'weak', label: '薄弱' };
}

export interface CheckupOption {
  /** Unique within its question, e.g. 'a'. */
  code: string;
  label: string;
  /** 0–100; null = 不适用 (left out of the scores). */
  score: number | null;
  /** What the enterprise should know when it gives this answer; required when score < FINDING_BELOW. */
  finding?: string;
}

export interface CheckupQuestion {
  /** Unique within the questionnaire, e.g. 'QS01'; kept across versions when the question is the same. */
  code: string;
  dimension: CheckupDimension;
  /** The question in plain Chinese. */
  text: string;
  /** Optional explanation under the question (what a term means). */
  hint?: string;
  options: CheckupOption[];
}

export interface CheckupQuestionnaire {
  /** e.g. '2026.1'; a new version is a new document, results keep the version they answered. */
  version: string;
  title: string;
  questions: CheckupQuestion[];
}

/** questionCode → optionCode. */
export type CheckupAnswers = Readonly<Record<string, string>>;

export interface DimensionScore {
  dimension: CheckupDimension;
  label: string;
  /** null when every answer of the dimension is 不适用. */
  score: number | null;
  questions: number;
  /** Answers that count (not 不适用). */
  applicable: number;
}

export interface CheckupFinding {
  questionCode: string;
  dimension: CheckupDimension;
  /** The question, as asked. */
  question: string;
  /** The answer given. */
  answer: string;
  text: string;
}

export interface CheckupScore {
  /** null when nothing applies at all. */
  overall: number | null;
  /** In CHECKUP_DIMENSION_CODES order; dimensions without questions are left out. */
  dimensions: DimensionScore[];
  /** In questionnaire order. */
  findings: CheckupFinding[];
  /** The lowest-scoring dimension below 100 (ties: the earlier dimension); null when none is. */
  weakest: CheckupDimension | null;
}

const isDimension = (value: unknown): value is CheckupDimension =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(CHECKUP_DIMENSIONS, value);

/** Why a questionnaire cannot be used (for the seed and for a new version), or [] when it can. */
export function questionnaireProblems(q: CheckupQuestionnaire): string[] {
  const problems: string[] = [];
  if (!q.version?.trim()) problems.push('缺少版本号');
  if (!q.title?.trim()) problems.push('缺少标题');
  const count = q.questions?.length ?? 0;
  if (count < QUESTION_COUNT.min || count > QUESTION_COUNT.max) {
    problems.push(`题目应为 ${QUESTION_COUNT.min}–${QUESTION_COUNT.max} 道，现有 ${count} 道`);
  }
  const codes = new Set<string>();
  for (const [i, question] of (q.questions ?? []).entries()) {
    const at = `第 ${i + 1} 题（${question.code}）`;
    if (!question.code || codes.has(question.code)) problems.push(`${at}编号为空或重复`);
    codes.add(question.code);
    if (!isDimension(question.dimension)) problems.push(`${at}维度不正确`);
    if (!question.text?.trim()) problems.push(`${at}缺少题目`);
    const options = question.options ?? [];
    if (options.length < OPTION_COUNT.min || options.length > OPTION_COUNT.max) {
      problems.push(`${at}选项应为 ${OPTION_COUNT.min}–${OPTION_COUNT.max} 个`);
    }
    if (new Set(options.map((o) => o.code)).size !== options.length) problems.push(`${at}选项编号重复`);
    if (options.filter((o) => o.score === null).length > 1) problems.push(`${at}“不适用”选项多于一个`);
    if (!options.some((o) => o.score !== null)) problems.push(`${at}没有计分的选项`);
    for (const option of options) {
      if (!option.label?.trim()) problems.push(`${at}选项 ${option.code} 缺少文字`);
      if (option.score !== null && !(Number.isInteger(option.score) && option.score >= 0 && option.score <= 100)) {
        problems.push(`${at}选项 ${option.code} 的分值应为 0–100 的整数或不适用`);
      }
      if (option.score !== null && option.score < FINDING_BELOW && !option.finding?.trim()) {
        problems.push(`${at}选项 ${option.code} 得分低，需要一句发现问题的说明`);
      }
    }
  }
  for (const dimension of CHECKUP_DIMENSION_CODES) {
    if (!(q.questions ?? []).some((question) => question.dimension === dimension)) {
      problems.push(`维度“${CHECKUP_DIMENSIONS[dimension]}”没有题目`);
    }
  }
  return problems;
}

/**
 * Why a set of answers cannot be scored against this questionnaire, or '' when every question is
 * answered with one of its options and nothing else is answered.
 */
export function answersProblem(q: CheckupQuestionnaire, answers: CheckupAnswers): string {
  const known = new Map(q.questions.map((question, i) => [question.code, { question, i }]));
  for (const code of Object.keys(answers)) {
    if (!known.has(code)) return '答案中有不属于本问卷的题目，请刷新问卷后重新作答';
  }
  const unanswered = q.questions.filter((question) => !answers[question.code]);
  if (unanswered.length) {
    const first = q.questions.indexOf(unanswered[0]);
    return `还有 ${unanswered.length} 道题未作答（第 ${first + 1} 题：${unanswered[0].text}）`;
  }
  for (const [i, question] of q.questions.entries()) {
    if (!question.options.some((o) => o.code === answers[question.code])) {
      return `第 ${i + 1} 题的答案不在选项中，请重新选择`;
    }
  }
  return '';
}

/** Scores complete answers (check answersProblem first; an unknown option counts as unanswered). */
export function scoreCheckup(q: CheckupQuestionnaire, answers: CheckupAnswers): CheckupScore {
  const sums = new Map<CheckupDimension, { total: number; applicable: number; questions: number }>();
  const findings: CheckupFinding[] = [];
  for (const question of q.questions) {
    const entry = sums.get(question.dimension) ?? { total: 0, applicable: 0, questions: 0 };
    entry.questions++;
    sums.set(question.dimension, entry);
    const option = question.options.find((o) => o.code === answers[question.code]);
    if (!option || option.score === null) continue;
    entry.total += option.score;
    entry.applicable++;
    if (option.score < FINDING_BELOW && option.finding) {
      findings.push({
        questionCode: question.code,
        dimension: question.dimension,
        question: question.text,
        answer: option.label,
        text: option.finding,
      });
    }
  }
  const dimensions: DimensionScore[] = CHECKUP_DIMENSION_CODES.filter((d) => sums.has(d)).map((dimension) => {
    const { total, applicable, questions } = sums.get(dimension)!;
    return {
      dimension,
      label: CHECKUP_DIMENSIONS[dimension],
      score: applicable ? Math.round(total / applicable) : null,
      questions,
      applicable,
    };
  });
  const scored = dimensions.filter((d): d is DimensionScore & { score: number } => d.score !== null);
  const overall = scored.length ? Math.round(scored.reduce((s, d) => s + d.score, 0) / scored.length) : null;
  let weakest: DimensionScore | null = null;
  for (const d of scored) if (d.score < 100 && (!weakest || d.score < weakest.score!)) weakest = d;
  return { overall, dimensions, findings, weakest: weakest?.dimension ?? null };
}
