/** Answers the check-up pages' tests share: the seeded questionnaire as the server shows it, results, a canvas. */
import {
  CHECKUP_DIMENSION_CODES,
  CHECKUP_DIMENSIONS,
  scoreCheckup,
  scoreLevel,
  type CheckupQuestionnaire,
} from '../../../../miniprogram/shared/checkup';
import type { CheckupSummary, CheckupView, QuestionnaireView } from '../../../../typings/api';
import { QUESTIONNAIRE_2026_1 } from '../../../../seed/checkup-questionnaire';

export const ENTERPRISE = { uscc: '91440606722473344C', name: '佛山市顺德区美达电器有限公司' };

/** What checkup.questionnaire answers for a questionnaire. */
export function questionnaireView(
  q: CheckupQuestionnaire = QUESTIONNAIRE_2026_1,
  overrides: Partial<QuestionnaireView> = {},
): QuestionnaireView {
  return {
    version: q.version,
    title: q.title,
    questionCount: q.questions.length,
    dimensions: CHECKUP_DIMENSION_CODES.map((dimension) => ({
      dimension,
      label: CHECKUP_DIMENSIONS[dimension],
      questions: q.questions.filter((question) => question.dimension === dimension),
    })).filter((d) => d.questions.length),
    enterprise: ENTERPRISE,
    blockedReason: null,
    ...overrides,
  };
}

/** A result as checkup.get answers it: every question answered with option `pick` (default: the worst for 计量). */
export function checkupView(overrides: Partial<CheckupView> = {}): CheckupView {
  const answers = Object.fromEntries(
    QUESTIONNAIRE_2026_1.questions.map((q) => [
      q.code,
      q.dimension === 'metrology' ? q.options[q.options.length - 1].code : q.options[0].code,
    ]),
  );
  const score = scoreCheckup(QUESTIONNAIRE_2026_1, answers);
  return {
    checkupId: 'chk-1',
    version: '2026.1',
    questionnaireTitle: QUESTIONNAIRE_2026_1.title,
    uscc: ENTERPRISE.uscc,
    enterpriseName: ENTERPRISE.name,
    submittedAt: '2026-12-05T06:30:00.000Z',
    submittedAtText: '2026-12-05 14:30',
    overall: score.overall,
    overallLevelLabel: scoreLevel(score.overall).label,
    overallLevel: scoreLevel(score.overall).code,
    dimensions: score.dimensions.map((d) => ({
      ...d,
      level: scoreLevel(d.score).code,
      levelLabel: scoreLevel(d.score).label,
    })),
    findings: score.findings.map((f) => ({
      dimension: f.dimension,
      dimensionLabel: CHECKUP_DIMENSIONS[f.dimension],
      question: f.question,
      answer: f.answer,
      text: f.text,
    })),
    weakest: score.weakest,
    nextSteps: {
      openCase: {
        dimension: 'metrology',
        dimensionLabel: '计量',
        problemType: 'standards',
        title: '质量体检：计量方面需要帮扶',
        path: `/pages/help/case-form/index?problemType=standards&title=${encodeURIComponent('质量体检：计量方面需要帮扶')}`,
      },
      voucherCampaign: null,
      hospitalsPath: '/pages/home/hospitals/index',
      redlist: {
        status: 'waiting',
        tier: null,
        tierLabel: null,
        years: null,
        version: null,
        lastFailAt: '2024-05-12',
        eligibleFrom: '2027-05-12',
        text: '最近一次不合格 2024-05-12，2027-05-12 起可进入三年榜',
      },
    },
    ...overrides,
  };
}

export function summary(id: string, submittedAtText: string, overall: number | null, low = 40): CheckupSummary {
  return {
    checkupId: id,
    version: '2026.1',
    submittedAt: new Date(`${submittedAtText.replace(' ', 'T')}:00+08:00`).toISOString(),
    submittedAtText,
    overall,
    dimensions: CHECKUP_DIMENSION_CODES.map((dimension) => ({
      dimension,
      label: CHECKUP_DIMENSIONS[dimension],
      score: dimension === 'certification' ? low : 90,
    })),
    findingCount: 2,
  };
}

/**
 * WeChat's canvas 2d as the pages meet it: a node from the selector query whose context records every
 * call (uCharts draws through it); `available: false` answers the query without a node.
 */
export function mockCanvas(options: { available?: boolean } = {}) {
  const calls: { op: string; args: unknown[] }[] = [];
  const ctx: Record<string, unknown> = new Proxy(
    { measureText: (text: string) => ({ width: Array.from(String(text)).length * 12 }) } as Record<string, unknown>,
    {
      get: (target, prop: string) =>
        prop in target
          ? target[prop]
          : (...args: unknown[]) => {
              calls.push({ op: prop, args });
              return ctx; // gradients and the like chain on
            },
      set: (_t, prop: string, value) => {
        calls.push({ op: `set ${prop}`, args: [value] });
        return true;
      },
    },
  );
  const node = { width: 300, height: 150, getContext: jest.fn(() => ctx) };
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  Object.assign(wx, {
    createSelectorQuery: jest.fn(() => {
      const query: Record<string, unknown> = {
        select: () => query,
        fields: () => query,
        exec: (cb: (r: unknown[]) => void) =>
          queueMicrotask(() => cb([options.available === false ? null : { node, width: 343, height: 309 }])),
      };
      return query;
    }),
    getWindowInfo: jest.fn(() => ({ pixelRatio: 2, windowWidth: 375 })),
  });
  return { calls, node, texts: () => calls.filter((c) => c.op === 'fillText').map((c) => String(c.args[0])) };
}
