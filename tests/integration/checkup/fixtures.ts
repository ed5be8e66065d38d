import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { inspectionDocOf } from '../../../cloudfunctions/src/services/redlist';
import type { CheckupQuestionnaire } from '../../../miniprogram/shared/checkup';
import { QUESTIONNAIRE_2026_1, questionnaireDoc } from '../../../seed/checkup-questionnaire';
import { ok, USCCS, type TestCloud } from '../voucher/fixtures';

export {
  enterpriseUser,
  failure,
  ok,
  personUser,
  registerEnterprise,
  USCCS,
  type TestCloud,
} from '../voucher/fixtures';

let sequence = 0;
/** A fresh client request id (what the questionnaire page makes once per filled questionnaire). */
export const clientId = (label = 'chk') => `${label}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;

/** Stores a questionnaire version as the seed does. */
export async function publishQuestionnaire(
  cloud: TestCloud,
  questionnaire: CheckupQuestionnaire = QUESTIONNAIRE_2026_1,
  publishedAt = new Date(Date.now() - 3600_000),
): Promise<void> {
  await cloud.db.insertMany('checkup_questionnaires', [questionnaireDoc(questionnaire, publishedAt)]);
}

/** Every question answered with its option `pick` picks (default: the first, the best one). */
export function answersFor(
  questionnaire: CheckupQuestionnaire = QUESTIONNAIRE_2026_1,
  pick: (options: { code: string; score: number | null }[], code: string) => string = (o) => o[0].code,
): Record<string, string> {
  return Object.fromEntries(questionnaire.questions.map((q) => [q.code, pick(q.options, q.code)]));
}

export function submitCheckup(
  cloud: TestCloud,
  openid: string,
  overrides: Record<string, unknown> = {},
): Promise<unknown> {
  return cloud.call(
    'checkup',
    {
      action: 'submit',
      version: QUESTIONNAIRE_2026_1.version,
      answers: answersFor(),
      clientRequestId: clientId(),
      ...overrides,
    },
    openid,
  );
}

/** Inspection rows of one enterprise, stored as the import stores them. */
export async function addInspections(
  cloud: TestCloud,
  uscc: string,
  name: string,
  rows: [sampledAt: string, result: 'pass' | 'fail'][],
): Promise<void> {
  await cloud.db.insertMany(
    'inspections',
    rows.map(([sampledAt, result], i) =>
      inspectionDocOf(
        {
          uscc,
          enterpriseName: name,
          productName: '电饭锅',
          productCategory: '家用电器',
          specModel: 'MD-FB40A',
          batch: `${sampledAt.slice(0, 4)}0101`,
          sampledAt,
          level: 'provincial',
          authority: '广东省市场监督管理局',
          result,
          failedItems: result === 'fail' ? '输入功率和电流' : '',
          announcement: `广东省市场监督管理局关于${sampledAt.slice(0, 4)}年家用电器产品质量省级监督抽查情况的通告（第 ${i + 1} 期）`,
        },
        uscc,
        'test-import',
        i + 2,
      ),
    ),
  );
}

/** Evaluates and publishes a red-list version as of today (the admin action, run to its end). */
export async function publishRedlist(cloud: TestCloud): Promise<string> {
  const asOf = calendarDate(new Date());
  for (let call = 0; call < 20; call++) {
    const res = ok<{ status: string; version: string }>(
      await cloud.admin('admin', { action: 'evaluateRedlist', asOf }),
    );
    if (res.status === 'done') return res.version;
  }
  throw new Error('evaluateRedlist did not finish');
}

export { USCCS as CHECKUP_USCCS };
export const FIRST_USCC = USCCS[0];
