import { z } from 'zod';
import { QUESTION_COUNT, type CheckupDimension, type CheckupQuestion } from '../../../miniprogram/shared/checkup';
import type { ProblemType } from '../../../miniprogram/shared/helpdesk';
import { idSchema, pageSchema, type Paged } from './common';

export type { CheckupDimension };

// ---- inputs ----

const clientRequestIdSchema = z
  .string({ message: '缺少请求编号' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号应为 8–64 位字母、数字、下划线或连字符')
  .meta({ title: '请求编号' });

export const questionnaireInput = z.object({});

/** questionCode → optionCode, as the questionnaire names them. */
export const answersSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, '题目编号不正确'),
    z
      .string({ message: '请选择一个选项' })
      .regex(/^[a-z0-9]{1,8}$/, '选项不正确')
      .meta({ title: '答案' }),
    { message: '答案应为每道题选中的选项' },
  )
  .refine((answers) => Object.keys(answers).length <= QUESTION_COUNT.max, `答案最多 ${QUESTION_COUNT.max} 道题`)
  .meta({ title: '答案' });

export const submitCheckupInput = z.object({
  /** The questionnaire version the answers were given to (questionnaire.version). */
  version: z
    .string({ message: '缺少问卷版本' })
    .regex(/^[0-9A-Za-z.-]{1,20}$/, '问卷版本不正确')
    .meta({ title: '问卷版本' }),
  answers: answersSchema,
  clientRequestId: clientRequestIdSchema,
});

export const myCheckupsInput = z.object({ page: pageSchema });

export const checkupIdInput = z.object({ checkupId: idSchema.meta({ title: '体检编号' }) });

// ---- views ----

export interface QuestionnaireDimensionView {
  dimension: CheckupDimension;
  label: string;
  questions: CheckupQuestion[];
}

/** Who the check-up would be for, and whether the caller may submit one now. */
export interface CheckupEnterpriseView {
  uscc: string;
  name: string;
}

export interface QuestionnaireView {
  version: string;
  title: string;
  questionCount: number;
  /** In CHECKUP_DIMENSION_CODES order: the questionnaire's steps. */
  dimensions: QuestionnaireDimensionView[];
  /** The caller's verified enterprise; null when the caller cannot submit (see `blockedReason`). */
  enterprise: CheckupEnterpriseView | null;
  /** Why the caller cannot submit (not bound, not verified), in Chinese; null when they can. */
  blockedReason: string | null;
}

export interface DimensionScoreView {
  dimension: CheckupDimension;
  label: string;
  score: number | null;
  /** 良好 / 一般 / 薄弱 / 不适用. */
  levelLabel: string;
  level: 'good' | 'fair' | 'weak' | 'na';
  questions: number;
  applicable: number;
}

export interface CheckupFindingView {
  dimension: CheckupDimension;
  dimensionLabel: string;
  question: string;
  answer: string;
  text: string;
}

/** The enterprise's standing in the red list, from its own inspections and the latest published version. */
export interface RedlistStandingView {
  /**
   * listed: in the latest published version; qualifies: the rule lists it today but the published
   * version does not yet; waiting: not yet 3 clean years; no_record: no sampling on record.
   */
  status: 'listed' | 'qualifies' | 'waiting' | 'no_record';
  tier: 'ten' | 'five' | 'three' | null;
  tierLabel: string | null;
  years: number | null;
  /** The published version the listing is from (e.g. 2026-12). */
  version: string | null;
  lastFailAt: string | null;
  /** The first day the rule would list it in the 三年榜 (waiting only). */
  eligibleFrom: string | null;
  /** One sentence: 最近一次不合格 2024-05-12，2027-05-12 起可进入三年榜. */
  text: string;
}

export interface CheckupNextStepsView {
  /** Open a case on the weakest dimension, prefilled; null when no dimension is below 100. */
  openCase: {
    dimension: CheckupDimension;
    dimensionLabel: string;
    problemType: ProblemType;
    title: string;
    /** /pages/help/case-form/index?problemType=…&title=… */
    path: string;
  } | null;
  /** A testing-voucher campaign open now for enterprises, if any. */
  voucherCampaign: { campaignId: string; title: string; closesAt: string; path: string } | null;
  hospitalsPath: string;
  redlist: RedlistStandingView;
}

export interface CheckupView {
  checkupId: string;
  version: string;
  questionnaireTitle: string;
  uscc: string;
  enterpriseName: string;
  submittedAt: string;
  /** 2026-12-05 14:30 (Asia/Shanghai). */
  submittedAtText: string;
  overall: number | null;
  overallLevelLabel: string;
  overallLevel: 'good' | 'fair' | 'weak' | 'na';
  dimensions: DimensionScoreView[];
  findings: CheckupFindingView[];
  weakest: CheckupDimension | null;
  nextSteps: CheckupNextStepsView;
}

export interface CheckupSummary {
  checkupId: string;
  version: string;
  submittedAt: string;
  submittedAtText: string;
  overall: number | null;
  dimensions: { dimension: CheckupDimension; label: string; score: number | null }[];
  findingCount: number;
}

export interface CheckupApi {
  questionnaire: { input: z.input<typeof questionnaireInput>; output: QuestionnaireView };
  submit: { input: z.input<typeof submitCheckupInput>; output: { created: boolean; checkupId: string } };
  mine: { input: z.input<typeof myCheckupsInput>; output: Paged<CheckupSummary> & { enterpriseName: string } };
  get: { input: z.input<typeof checkupIdInput>; output: CheckupView };
}
