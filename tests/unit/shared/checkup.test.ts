/** The check-up's scoring (miniprogram/shared/checkup.ts): per dimension, overall, 不适用, findings, the weakest. */
import {
  answersProblem,
  CHECKUP_DIMENSION_CODES,
  DIMENSION_PROBLEM_TYPE,
  caseTitleFor,
  questionnaireProblems,
  scoreCheckup,
  scoreLevel,
  type CheckupDimension,
  type CheckupQuestion,
  type CheckupQuestionnaire,
} from '../../../miniprogram/shared/checkup';
import { CASE_TEXT, PROBLEM_TYPE_CODES } from '../../../miniprogram/shared/helpdesk';
import { textProblem } from '../../../miniprogram/shared/text';
import { QUESTIONNAIRE_2026_1 } from '../../../seed/checkup-questionnaire';

/** A question with options a (100), b (50), c (0, with a finding) and, when asked, d (不适用). */
function q(code: string, dimension: CheckupDimension, withNa = false): CheckupQuestion {
  return {
    code,
    dimension,
    text: `问题 ${code}`,
    options: [
      { code: 'a', label: '做到了', score: 100 },
      { code: 'b', label: '部分做到', score: 50, finding: `${code} 部分做到` },
      { code: 'c', label: '没有做', score: 0, finding: `${code} 没有做` },
      ...(withNa ? [{ code: 'd', label: '不适用', score: null }] : []),
    ],
  };
}

const small: CheckupQuestionnaire = {
  version: 't1',
  title: '测试问卷',
  questions: [
    q('S1', 'standards'),
    q('S2', 'standards'),
    q('M1', 'metrology'),
    q('E1', 'export_compliance', true),
    q('E2', 'export_compliance', true),
  ],
};

describe('scoreCheckup', () => {
  it('scores each dimension as the mean of its answers and overall as the mean of the dimensions', () => {
    const score = scoreCheckup(small, { S1: 'a', S2: 'b', M1: 'c', E1: 'a', E2: 'a' });
    expect(score.dimensions.map((d) => [d.dimension, d.score])).toEqual([
      ['standards', 75],
      ['metrology', 0],
      ['export_compliance', 100],
    ]);
    // Dimensions weigh the same: (75 + 0 + 100) / 3, not the mean of five answers (250 / 5 = 50).
    expect(score.overall).toBe(58);
  });

  it('leaves 不适用 answers out, and a dimension answered 不适用 throughout has no score and no weight', () => {
    const partly = scoreCheckup(small, { S1: 'a', S2: 'a', M1: 'a', E1: 'd', E2: 'c' });
    expect(partly.dimensions.find((d) => d.dimension === 'export_compliance')).toMatchObject({
      score: 0,
      questions: 2,
      applicable: 1,
    });
    const none = scoreCheckup(small, { S1: 'a', S2: 'b', M1: 'a', E1: 'd', E2: 'd' });
    expect(none.dimensions.find((d) => d.dimension === 'export_compliance')).toMatchObject({
      score: null,
      applicable: 0,
    });
    expect(none.overall).toBe(88); // (75 + 100) / 2, rounded
    expect(none.weakest).toBe('standards');
  });

  it('answers everything 不适用 where possible: still scored on the rest; nothing applicable → null overall', () => {
    const onlyNa: CheckupQuestionnaire = { ...small, questions: [q('E1', 'export_compliance', true)] };
    expect(scoreCheckup(onlyNa, { E1: 'd' })).toEqual({
      overall: null,
      dimensions: [{ dimension: 'export_compliance', label: '出口合规', score: null, questions: 1, applicable: 0 }],
      findings: [],
      weakest: null,
    });
  });

  it('gives a finding for each answer below 60, in questionnaire order, with question and answer', () => {
    const score = scoreCheckup(small, { S1: 'c', S2: 'b', M1: 'a', E1: 'c', E2: 'd' });
    expect(score.findings).toEqual([
      { questionCode: 'S1', dimension: 'standards', question: '问题 S1', answer: '没有做', text: 'S1 没有做' },
      { questionCode: 'S2', dimension: 'standards', question: '问题 S2', answer: '部分做到', text: 'S2 部分做到' },
      { questionCode: 'E1', dimension: 'export_compliance', question: '问题 E1', answer: '没有做', text: 'E1 没有做' },
    ]);
  });

  it('a finding is for answers below 60 exactly: 60 is not one, 59 is', () => {
    const edge: CheckupQuestionnaire = {
      ...small,
      questions: [
        {
          code: 'T1',
          dimension: 'testing',
          text: '问题 T1',
          options: [
            { code: 'a', label: '六十', score: 60, finding: '不该出现' },
            { code: 'b', label: '五十九', score: 59, finding: '五十九分的发现' },
          ],
        },
      ],
    };
    expect(scoreCheckup(edge, { T1: 'a' }).findings).toEqual([]);
    expect(scoreCheckup(edge, { T1: 'b' }).findings.map((f) => f.text)).toEqual(['五十九分的发现']);
  });

  it('names the lowest dimension below 100 as the weakest; a tie goes to the earlier dimension; all 100 → none', () => {
    expect(scoreCheckup(small, { S1: 'a', S2: 'a', M1: 'b', E1: 'a', E2: 'a' }).weakest).toBe('metrology');
    expect(scoreCheckup(small, { S1: 'b', S2: 'b', M1: 'b', E1: 'a', E2: 'a' }).weakest).toBe('standards');
    expect(scoreCheckup(small, { S1: 'a', S2: 'a', M1: 'a', E1: 'a', E2: 'b' }).weakest).toBe('export_compliance');
    expect(scoreCheckup(small, { S1: 'a', S2: 'a', M1: 'a', E1: 'a', E2: 'd' }).weakest).toBeNull();
  });

  it('lists dimensions in the fixed order, whatever the question order', () => {
    const shuffled = { ...small, questions: [...small.questions].reverse() };
    const score = scoreCheckup(shuffled, { S1: 'a', S2: 'a', M1: 'a', E1: 'a', E2: 'a' });
    expect(score.dimensions.map((d) => d.dimension)).toEqual(['standards', 'metrology', 'export_compliance']);
  });
});

describe('answersProblem', () => {
  const all = { S1: 'a', S2: 'a', M1: 'a', E1: 'a', E2: 'd' };
  it('accepts every question answered with one of its options', () => {
    expect(answersProblem(small, all)).toBe('');
  });
  it('names the first unanswered question and how many are left', () => {
    expect(answersProblem(small, { S1: 'a', M1: 'a', E1: 'a' })).toBe('还有 2 道题未作答（第 2 题：问题 S2）');
  });
  it('refuses an option the question does not have (不适用 only where offered)', () => {
    expect(answersProblem(small, { ...all, S1: 'd' })).toBe('第 1 题的答案不在选项中，请重新选择');
  });
  it('refuses answers to questions of another questionnaire', () => {
    expect(answersProblem(small, { ...all, X9: 'a' })).toMatch(/不属于本问卷/);
  });
});

describe('levels and the case a weak dimension opens', () => {
  it('bands scores', () => {
    expect([100, 85, 84, 60, 59, 0, null].map((s) => scoreLevel(s).label)).toEqual([
      '良好',
      '良好',
      '一般',
      '一般',
      '薄弱',
      '薄弱',
      '不适用',
    ]);
  });
  it('maps every dimension to a help-desk problem type and a title the case form accepts', () => {
    for (const d of CHECKUP_DIMENSION_CODES) {
      expect(PROBLEM_TYPE_CODES).toContain(DIMENSION_PROBLEM_TYPE[d]);
      expect(textProblem(CASE_TEXT.title, caseTitleFor(d))).toBe('');
    }
  });
});

describe('questionnaireProblems', () => {
  it('accepts the seeded questionnaire: 30–50 questions, every dimension, findings for weak answers', () => {
    expect(questionnaireProblems(QUESTIONNAIRE_2026_1)).toEqual([]);
    expect(QUESTIONNAIRE_2026_1.questions.length).toBeGreaterThanOrEqual(30);
  });
  it('names what is wrong with a broken one', () => {
    const broken: CheckupQuestionnaire = {
      version: 'x',
      title: '坏问卷',
      questions: [
        { ...q('A1', 'standards'), options: [{ code: 'a', label: '没有', score: 0 }] },
        {
          ...q('A1', 'metrology', true),
          options: [...q('A1', 'metrology', true).options, { code: 'e', label: '也不适用', score: null }],
        },
      ],
    };
    const problems = questionnaireProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        '题目应为 30–50 道，现有 2 道',
        '第 1 题（A1）选项应为 2–6 个',
        '第 1 题（A1）选项 a 得分低，需要一句发现问题的说明',
        '第 2 题（A1）编号为空或重复',
        '第 2 题（A1）“不适用”选项多于一个',
        '维度“质量管理体系”没有题目',
      ]),
    );
  });
});
