/**
 * Statuses, verdicts and what a completed screening must carry (miniprogram/shared/cable-workflow.ts):
 * the staff form checks with resultProblem as the user fills it, and checkTransition refuses with it.
 */
import { checkTransition } from '../../../cloudfunctions/src/core/cable/workflow';
import type { FindingOutcome } from '../../../miniprogram/shared/cable-catalog';
import {
  CABLE_STATUS_LABELS,
  CABLE_STATUSES,
  isOpenStatus,
  OPEN_STATUSES,
  resultProblem,
  VERDICT_CODES,
  VERDICTS,
  type Verdict,
} from '../../../miniprogram/shared/cable-workflow';

const REPORT = 'cloud://local.local-1300000000/cable-reports/r.pdf';
const judged = (...outcomes: (FindingOutcome | '')[]) =>
  outcomes.map((outcome) => ({ item: 'thin_conductor' as const, outcome, detail: '' }));

describe('statuses and verdicts', () => {
  test('the usual path first, then the two ways a request ends early', () => {
    const listed = CABLE_STATUSES.map((s) => `${s}=${CABLE_STATUS_LABELS[s]}`).join(' ');
    expect(listed).toBe(
      'submitted=已提交 accepted=已受理 sample_received=已收样 screening=筛查中 completed=已完成 rejected=未受理 cancelled=已撤销',
    );
    expect(CABLE_STATUSES.filter(isOpenStatus)).toEqual([...OPEN_STATUSES]);
    expect(OPEN_STATUSES.join(' ')).toBe('submitted accepted sample_received screening');
    expect(VERDICT_CODES.map((v) => VERDICTS[v])).toEqual(['未发现问题', '疑似不合格', '不合格']);
  });
});

describe('resultProblem', () => {
  test.each<[string, Verdict | '', (FindingOutcome | '')[], string, string]>([
    ['no verdict', '', ['fail'], REPORT, '完成筛查时请选择筛查结论'],
    ['no report', 'suspected', ['doubtful'], '', '完成筛查时请上传筛查报告'],
    ['nothing found, nothing listed', 'conforming', [], REPORT, ''],
    ['nothing found, all passed', 'conforming', ['pass', 'pass'], REPORT, ''],
    [
      'nothing found, one doubtful',
      'conforming',
      ['pass', 'doubtful'],
      REPORT,
      '有“不符合”或“存疑”的检查项目时，结论不能是“未发现问题”',
    ],
    [
      'nothing found, one failed',
      'conforming',
      ['fail'],
      REPORT,
      '有“不符合”或“存疑”的检查项目时，结论不能是“未发现问题”',
    ],
    [
      'suspected, nothing doubtful',
      'suspected',
      ['pass'],
      REPORT,
      '结论为“疑似不合格”时，请至少列出一个“存疑”或“不符合”的检查项目',
    ],
    ['suspected, one doubtful', 'suspected', ['doubtful'], REPORT, ''],
    ['suspected, one failed', 'suspected', ['fail'], REPORT, ''],
    [
      'non-conforming, only doubtful',
      'non_conforming',
      ['doubtful'],
      REPORT,
      '结论为“不合格”时，请至少列出一个“不符合”的检查项目',
    ],
    ['non-conforming, none', 'non_conforming', [], REPORT, '结论为“不合格”时，请至少列出一个“不符合”的检查项目'],
    ['non-conforming, one failed', 'non_conforming', ['fail', 'pass'], REPORT, ''],
    ['drafts (no outcome yet) do not count', 'conforming', ['', ''], REPORT, ''],
    ['a draft is not a failure', 'non_conforming', [''], REPORT, '结论为“不合格”时，请至少列出一个“不符合”的检查项目'],
  ])('%s', (_name, verdict, outcomes, reportFileID, problem) => {
    expect(resultProblem({ verdict, findings: judged(...outcomes), reportFileID })).toBe(problem);
  });

  test('a judged finding explains itself in at most 200 characters (trimmed); drafts are not checked', () => {
    const finding = (outcome: FindingOutcome | '', detail: string) => ({ item: 'marking' as const, outcome, detail });
    expect(
      resultProblem({ verdict: 'suspected', findings: [finding('fail', '说'.repeat(201))], reportFileID: REPORT }),
    ).toBe('检查说明不超过 200 字');
    expect(
      resultProblem({
        verdict: 'suspected',
        findings: [finding('fail', ` ${'说'.repeat(200)} `)],
        reportFileID: REPORT,
      }),
    ).toBe('');
    expect(
      resultProblem({ verdict: 'conforming', findings: [finding('', '说'.repeat(201))], reportFileID: REPORT }),
    ).toBe('');
  });

  test('the workflow refuses a completion with the same sentence', () => {
    const fail = { item: 'thin_conductor' as const, outcome: 'fail' as const, detail: '' };
    expect(
      checkTransition(
        'screening',
        { to: 'completed', verdict: 'conforming', findings: [fail], reportFileID: REPORT },
        'staff',
      ),
    ).toEqual({
      ok: false,
      code: 'VALIDATION_FAILED',
      message: resultProblem({ verdict: 'conforming', findings: [fail], reportFileID: REPORT }),
    });
    expect(
      checkTransition(
        'screening',
        { to: 'completed', verdict: 'suspected', findings: [fail], reportFileID: REPORT },
        'staff',
      ),
    ).toEqual({ ok: true });
  });
});
