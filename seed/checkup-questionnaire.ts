/**
 * The quality check-up questionnaire (质量体检问卷) as versioned data: the seed writes each version as one
 * document of `checkup_questionnaires` (_id = version) and the `checkup` function reads the newest
 * published one. A new version is a new document with a later `publishedAt`; check-ups keep the version
 * they answered. Questions are written for the owner of a small factory: plain words, one thing a question.
 */
import {
  scoreCheckup,
  questionnaireProblems,
  type CheckupDimension,
  type CheckupOption,
  type CheckupQuestion,
  type CheckupQuestionnaire,
} from '../miniprogram/shared/checkup';
import { SERVED } from '../cloudfunctions/src/helpdesk/documents';
import { CHECKUPS, QUESTIONNAIRES, type CheckupDoc } from '../cloudfunctions/src/checkup/documents';
import { insertMany, readAll, type SeedContext } from './client';
import { DEMO_ENTERPRISE } from './identities';

export { QUESTIONNAIRES };

/** [label, score 0–100 or null for 不适用, finding sentence for weak answers]. */
type OptionRow = [label: string, score: number | null, finding?: string];

function question(
  code: string,
  dimension: CheckupDimension,
  text: string,
  rows: OptionRow[],
  hint?: string,
): CheckupQuestion {
  const options: CheckupOption[] = rows.map(([label, score, finding], i) => ({
    code: String.fromCharCode(97 + i),
    label,
    score,
    ...(finding ? { finding } : {}),
  }));
  return { code, dimension, text, ...(hint ? { hint } : {}), options };
}

const NA: OptionRow = ['不适用（本企业没有这种情况）', null];

export const QUESTIONNAIRE_2026_1: CheckupQuestionnaire = {
  version: '2026.1',
  title: '广东省工业产品生产企业质量体检问卷（2026 年版）',
  questions: [
    // 质量管理体系
    question('QS01', 'quality_system', '企业是否有书面的质量管理制度（如质量手册、程序文件）？', [
      ['有，并且按制度执行、定期修订', 100],
      [
        '有，但多年未修订或执行不到位',
        50,
        '质量管理制度多年未修订或执行不到位，建议对照实际生产重新梳理并落实到岗位。',
      ],
      ['没有书面制度', 0, '企业没有书面的质量管理制度，建议先建立最基本的进货检验、过程控制和出厂检验制度。'],
    ]),
    question('QS02', 'quality_system', '是否有专人（质量负责人）对产品质量负责，并有明确的职责和权限？', [
      ['有，职责写入岗位说明，可以叫停不合格产品出厂', 100],
      ['有人兼管，但职责不清', 40, '质量负责人职责不清，建议书面明确其职责，并赋予叫停不合格产品出厂的权限。'],
      ['没有', 0, '没有专人对产品质量负责，建议指定质量负责人（可兼任），明确职责和权限。'],
    ]),
    question(
      'QS03',
      'quality_system',
      '企业是否通过了 ISO 9001 等质量管理体系认证？',
      [
        ['已通过，证书有效', 100],
        ['正在准备或证书已过期', 50, '质量管理体系认证尚未取得或已过期，建议按计划推进认证或及时复审。'],
        ['没有，也没有计划', 20, '尚未建立质量管理体系认证，规模较小的企业可先按 ISO 9001 的要求自查关键环节。'],
      ],
      '质量管理体系认证不是强制的，但能帮助企业把质量工作做系统。',
    ),
    question('QS04', 'quality_system', '每年是否开展内部质量检查（内审）和管理评审，并跟踪问题整改？', [
      ['每年都做，问题有记录并整改关闭', 100],
      ['偶尔做，整改没有跟踪', 40, '内部质量检查不定期、问题整改无人跟踪，建议每年至少开展一次并记录整改结果。'],
      ['从未做过', 0, '从未开展内部质量检查，建议每年对照制度自查一次，发现问题限期整改。'],
    ]),
    question('QS05', 'quality_system', '一线员工上岗前是否接受质量和操作培训，并有培训记录？', [
      ['全部培训并考核，有记录', 100],
      ['有培训，但没有记录或考核', 60],
      ['没有培训', 10, '一线员工上岗前未接受培训，建议对关键岗位进行操作和质量培训并保存记录。'],
    ]),
    // 标准
    question(
      'ST01',
      'standards',
      '企业生产的产品，是否清楚应执行哪些国家标准、行业标准？',
      [
        ['清楚，并持有现行有效的标准文本', 100],
        [
          '大致清楚，但没有标准文本或不确定是否现行',
          40,
          '对产品执行的标准掌握不全，建议收集现行有效的国家标准和行业标准文本。',
        ],
        ['不清楚', 0, '不清楚产品应执行的标准，这是抽检不合格的常见原因，建议尽快咨询标准专家。'],
      ],
      '可在“全国标准信息公共服务平台”免费查询标准是否现行。',
    ),
    question('ST02', 'standards', '标准更新（新版发布、旧版作废）时，企业是否能及时知道并调整生产？', [
      ['有专人跟踪，及时调整', 100],
      ['靠客户或检测机构提醒', 50, '标准更新靠他人提醒，容易错过过渡期，建议指定专人定期查询标准变化。'],
      ['不关注', 0, '不关注标准更新，产品可能按作废标准生产，建议订阅标准更新信息。'],
    ]),
    question(
      'ST03',
      'standards',
      '企业标准（或团体标准）是否已在“企业标准信息公共服务平台”自我声明公开？',
      [
        ['已公开，且内容与实际产品一致', 100],
        ['已公开，但与实际产品不完全一致', 40, '公开的企业标准与实际产品不一致，建议及时修订并重新声明。'],
        ['应公开而未公开', 0, '企业标准未按规定自我声明公开，建议在企业标准信息公共服务平台公开。'],
        NA,
      ],
      '只执行国家标准、行业标准的企业可选“不适用”。',
    ),
    question('ST04', 'standards', '产品设计或变更时，是否逐条核对标准要求（如安全、性能、标签）？', [
      ['每次都逐条核对并留记录', 100],
      ['只核对主要指标', 50, '产品变更时只核对主要指标，建议逐条核对标准要求，尤其是安全项目。'],
      ['不核对', 0, '产品设计和变更不核对标准要求，建议建立变更评审，逐条对照标准。'],
    ]),
    question('ST05', 'standards', '技术和质量人员是否理解标准中的关键检验项目和判定方法？', [
      ['理解，能讲清楚每个关键项目', 100],
      ['部分理解', 50, '技术人员对标准关键项目理解不全，建议参加标准宣贯培训或请专家讲解。'],
      ['不理解', 0, '技术人员不理解标准检验项目，建议请标准专家进行一对一辅导。'],
    ]),
    // 计量
    question('ME01', 'metrology', '生产和检验用的测量设备（如卡尺、电子秤、仪表）是否按期检定或校准？', [
      ['全部按期检定或校准，有证书', 100],
      ['部分设备超期', 40, '部分测量设备检定或校准超期，测量结果可能不准，建议立即安排送检。'],
      ['从未检定或校准', 0, '测量设备从未检定或校准，检验数据不可信，建议尽快送计量机构检定或校准。'],
    ]),
    question('ME02', 'metrology', '是否有测量设备台账，写明每台设备的检定日期和下次到期日？', [
      ['有，并有到期提醒', 100],
      ['有台账，但不及时更新', 50, '测量设备台账更新不及时，建议标明下次到期日并设提醒。'],
      ['没有台账', 0, '没有测量设备台账，建议建立台账管理检定和校准到期日。'],
    ]),
    question('ME03', 'metrology', '测量设备的精度是否满足产品检验的要求？', [
      ['满足，选型时核对过', 100],
      ['不确定', 40, '不确定测量设备精度是否满足检验要求，建议请计量专家核对设备选型。'],
      ['不满足', 0, '测量设备精度不满足检验要求，检验结论可能错误，建议更换合适的设备。'],
    ]),
    question(
      'ME04',
      'metrology',
      '定量包装商品的净含量是否按要求控制和抽查？',
      [
        ['每批抽查，有记录', 100],
        ['偶尔抽查', 50, '定量包装净含量抽查不规律，建议每批抽查并记录，避免短缺量超标。'],
        ['不抽查', 0, '未抽查定量包装商品净含量，存在计量违法风险，建议建立每批抽查制度。'],
        NA,
      ],
      '没有定量包装商品的企业可选“不适用”。',
    ),
    question('ME05', 'metrology', '测量设备出现故障或读数异常时，是否停用并追查已测产品？', [
      ['立即停用、标识，并复核已测产品', 100],
      ['修好继续用，不追查', 40, '测量设备异常后未追查已测产品，建议复核异常期间检验过的产品。'],
      ['没有处理规定', 10, '测量设备异常没有处理规定，建议规定停用、标识和追查的做法。'],
    ]),
    // 检验检测
    question('TE01', 'testing', '原材料和零部件进厂时是否检验或验证（如查看合格证明、抽检）？', [
      ['每批检验或验证，有记录', 100],
      ['只查看供应商的合格证', 60],
      ['不检验', 0, '原材料进厂不检验，不合格原料可能直接进入生产，建议建立进货检验制度。'],
    ]),
    question('TE02', 'testing', '生产过程中是否有关键工序的检验（首件检验、巡检）？', [
      ['有，并有记录', 100],
      ['有，但没有记录', 50, '过程检验没有记录，出现问题时无法追查，建议保存首件和巡检记录。'],
      ['没有', 0, '生产过程没有检验，问题只能在出厂时发现，建议在关键工序设置检验点。'],
    ]),
    question('TE03', 'testing', '产品出厂前是否按标准进行出厂检验，检验合格才出厂？', [
      ['每批按标准出厂检验', 100],
      ['只做外观和简单功能检查', 40, '出厂检验项目不全，建议按标准规定的出厂检验项目逐批检验。'],
      ['不做出厂检验', 0, '产品出厂不检验，这是抽检不合格的主要原因之一，建议立即建立出厂检验。'],
    ]),
    question(
      'TE04',
      'testing',
      '是否定期把产品送有资质的检测机构做型式检验或全项检验？',
      [
        ['每年至少一次', 100],
        ['两三年一次', 60],
        ['从未送检', 10, '产品从未送检做全项检验，建议申领产品检测券，到产品医院做一次全项检验。'],
      ],
      '检测机构应有 CMA 资质；广东省产品检测券可抵扣部分检测费用。',
    ),
    question('TE05', 'testing', '企业是否有满足出厂检验需要的检验设备和检验人员？', [
      ['设备齐全，检验员经过培训', 100],
      ['设备不全，部分项目委托检验', 60],
      ['没有检验设备和人员', 10, '缺少出厂检验的设备和人员，建议配备基本检验设备或与检测机构签订委托检验协议。'],
    ]),
    // 认证
    question(
      'CE01',
      'certification',
      '属于强制性产品认证（CCC）目录的产品，是否都取得了有效的 3C 证书？',
      [
        ['都有，证书有效', 100],
        ['部分型号没有或证书已过期', 0, '部分 3C 目录产品没有有效证书，未获认证不得出厂销售，请立即停止并补办认证。'],
        NA,
      ],
      '产品不在 3C 目录内的企业可选“不适用”。',
    ),
    question('CE02', 'certification', '获证产品的关键元器件、材料或结构变更时，是否先向认证机构申请变更？', [
      ['先申请，获批后再变更', 100],
      ['先变更，事后补报', 30, '获证产品先变更后补报，变更期间的产品可能与认证不一致，建议先申请再变更。'],
      ['不申请', 0, '获证产品变更未向认证机构申请，产品可能失去认证效力，建议尽快办理变更。'],
      NA,
    ]),
    question('CE03', 'certification', '认证证书、认证标志的使用是否规范（不超范围、不冒用）？', [
      ['规范，有专人管理', 100],
      ['不太清楚使用规定', 40, '对认证标志使用规定不清楚，建议对照规定自查，避免超范围使用。'],
      NA,
    ]),
    question('CE04', 'certification', '是否按时接受认证机构的年度监督检查，并整改其提出的问题？', [
      ['按时接受并整改', 100],
      ['有拖延或整改不完全', 30, '认证监督检查有拖延或整改不完全，证书可能被暂停，建议按期完成整改。'],
      NA,
    ]),
    question('CE05', 'certification', '企业是否了解与产品相关的自愿性认证（如节能、环保认证）？', [
      ['了解，并已申请需要的认证', 100],
      ['了解但未申请', 70],
      ['不了解', 40, '对自愿性认证不了解，部分采购和招投标会要求，建议咨询认证专家。'],
    ]),
    // 标识与追溯
    question('TR01', 'traceability', '产品或包装上的标识（厂名厂址、规格型号、执行标准、生产日期等）是否齐全正确？', [
      ['齐全正确，定期核对', 100],
      ['有遗漏或与实际不符', 20, '产品标识有遗漏或与实际不符，标识不合格是抽检常见问题，建议对照标准逐项核对。'],
      ['不清楚要求', 0, '不清楚产品标识的要求，建议对照产品标准和《产品质量法》第二十七条逐项检查。'],
    ]),
    question('TR02', 'traceability', '说明书和警示说明是否符合标准要求（如家电、电动工具的安全警示）？', [
      ['符合，有专人审核', 100],
      ['没有核对过', 40, '说明书和警示说明未按标准核对，建议请专家审核，安全警示缺失可能被判不合格。'],
      NA,
    ]),
    question('TR03', 'traceability', '每批产品是否有批号，能查到所用原料批次、生产日期和检验记录？', [
      ['能完整追溯', 100],
      ['只能查到部分信息', 50, '产品只能部分追溯，出现问题时难以确定影响范围，建议批号关联原料和检验记录。'],
      ['不能追溯', 0, '产品不能追溯，出现问题只能扩大召回范围，建议建立批号管理。'],
    ]),
    question('TR04', 'traceability', '产品卖出后，能否查到卖给了谁（销售去向）？', [
      ['能查到每批的去向', 100],
      ['只能查到大客户', 60],
      ['查不到', 10, '查不到产品销售去向，需要召回时无法通知到客户，建议保存每批的销售记录。'],
    ]),
    question('TR05', 'traceability', '质量记录（检验、生产、销售）保存多长时间？', [
      ['不少于产品使用期限或 2 年', 100],
      ['1 年左右', 50, '质量记录保存时间偏短，建议至少保存 2 年或产品使用期限。'],
      ['不保存', 0, '质量记录不保存，无法证明产品合格，建议规定保存期限并妥善保管。'],
    ]),
    // 不合格整改
    question('NC01', 'nonconformity', '发现不合格的原材料、半成品或成品时，是否隔离、标识并记录？', [
      ['立即隔离、标识并记录', 100],
      ['放在一边，没有标识', 40, '不合格品没有标识隔离，容易混入合格品，建议设专区并标识。'],
      ['没有处理', 0, '不合格品没有处理规定，可能被当作合格品出厂，建议建立不合格品控制制度。'],
    ]),
    question('NC02', 'nonconformity', '出现质量问题后，是否分析原因并采取纠正措施，防止再次发生？', [
      ['分析原因、采取措施并验证效果', 100],
      ['只处理当次的问题', 40, '质量问题只处理当次、不分析原因，问题容易重复出现，建议做原因分析并验证措施效果。'],
      ['不处理', 0, '质量问题不处理，建议建立纠正措施制度，必要时申请专家问诊。'],
    ]),
    question(
      'NC03',
      'nonconformity',
      '近 3 年产品在监督抽查中被判不合格后，是否在规定期限内完成整改并复查合格？',
      [
        ['按期整改，复查合格', 100],
        [
          '整改未完成或复查仍不合格',
          0,
          '抽查不合格后整改未完成，建议立即申请“抽检不合格整改”问诊，由专家帮助查找原因。',
        ],
        ['近 3 年没有不合格', null],
      ],
      '近 3 年没有抽查不合格的企业选“近 3 年没有不合格”，不计分。',
    ),
    question('NC04', 'nonconformity', '收到顾客投诉或退货时，是否登记、调查并答复？', [
      ['每起都登记、调查并答复', 100],
      ['只处理大客户的投诉', 50, '只处理部分投诉，可能漏掉质量隐患，建议所有投诉都登记并调查原因。'],
      ['没有处理流程', 0, '投诉没有处理流程，建议建立投诉登记、调查和答复制度。'],
    ]),
    question('NC05', 'nonconformity', '发现已售产品存在安全隐患时，企业是否知道如何停售、召回并报告？', [
      ['有召回预案，知道报告途径', 100],
      ['大致知道', 50, '召回流程不清楚，建议制定召回预案并了解向市场监管部门报告的途径。'],
      ['不知道', 0, '不知道如何召回缺陷产品，建议学习消费品召回规定并制定预案。'],
    ]),
    // 出口合规
    question(
      'EX01',
      'export_compliance',
      '产品是否出口？出口前是否了解目的国的技术法规和标准（如欧盟 CE、美国 UL）？',
      [
        ['出口，并全面了解目的国要求', 100],
        ['出口，但只靠客户告知', 40, '出口只靠客户告知技术要求，容易被退运或召回，建议主动了解目的国法规和标准。'],
        ['产品不出口', null],
      ],
    ),
    question('EX02', 'export_compliance', '出口产品是否取得目的国要求的认证或检测报告？', [
      ['都已取得，有效', 100],
      ['部分没有', 20, '部分出口产品缺少目的国要求的认证或报告，建议补办，避免通关受阻。'],
      ['产品不出口', null],
    ]),
    question(
      'EX03',
      'export_compliance',
      '是否关注 WTO/TBT 通报和目的国的技术性贸易措施变化？',
      [
        ['有专人跟踪，及时应对', 100],
        ['偶尔关注', 50, '对技术性贸易措施关注不够，建议订阅 WTO/TBT 通报预警信息。'],
        ['不关注', 10, '不关注技术性贸易措施变化，可能突然无法出口，建议申请出口技术壁垒问诊。'],
        ['产品不出口', null],
      ],
      'TBT 通报是各国在修改产品技术法规前向世贸组织的通报。',
    ),
    question('EX04', 'export_compliance', '出口产品是否遇到过退运、通报召回或海关扣留？之后是否查明原因并改进？', [
      ['没有遇到过', 100],
      ['遇到过，已查明原因并改进', 80],
      ['遇到过，原因不明', 0, '出口退运或召回的原因不明，同类问题可能再次发生，建议请出口技术专家分析。'],
      ['产品不出口', null],
    ]),
    question('EX05', 'export_compliance', '出口产品的标签、说明书是否使用目的国语言并符合当地要求？', [
      ['符合，有专人审核', 100],
      ['按客户要求做，没有核对', 40, '出口产品的标签和说明书未按目的国要求核对，建议请专家审核。'],
      ['产品不出口', null],
    ]),
  ],
};

/** Every version, oldest first; each is written once, a later one becomes the current questionnaire. */
export const QUESTIONNAIRE_VERSIONS: { questionnaire: CheckupQuestionnaire; publishedAt: string }[] = [
  { questionnaire: QUESTIONNAIRE_2026_1, publishedAt: '2026-01-01T00:00:00+08:00' },
];

/** The stored document of a questionnaire version (what the `checkup` function reads). */
export function questionnaireDoc(questionnaire: CheckupQuestionnaire, publishedAt: Date) {
  return { _id: questionnaire.version, ...questionnaire, publishedAt };
}

/**
 * The demo enterprise's two earlier check-ups (so its history shows a trend): half a year ago weak in
 * 计量 and 出口合规 (the worst scored answer there, the best or the second elsewhere), last month better.
 */
export function demoCheckups(now: Date): CheckupDoc[] {
  const q = QUESTIONNAIRE_2026_1;
  const pickWorst = (o: CheckupOption[]) =>
    [...o].filter((x) => x.score !== null).sort((a, b) => a.score! - b.score!)[0];
  const first = Object.fromEntries(
    q.questions.map((question, i) => [
      question.code,
      ['metrology', 'export_compliance'].includes(question.dimension)
        ? pickWorst(question.options).code
        : question.options[i % 2].code,
    ]),
  );
  const second = Object.fromEntries(
    q.questions.map((question, i) => [
      question.code,
      question.dimension === 'export_compliance' && i % 2 === 0 ? question.options[1].code : question.options[0].code,
    ]),
  );
  const day = 24 * 3600_000;
  return [
    { id: 'demo-checkup-1', answers: first, at: new Date(now.getTime() - 180 * day) },
    { id: 'demo-checkup-2', answers: second, at: new Date(now.getTime() - 30 * day) },
  ].map(({ id, answers, at }) => ({
    _id: id,
    uscc: DEMO_ENTERPRISE.uscc,
    enterpriseName: DEMO_ENTERPRISE.name,
    ownerOpenid: 'demo-enterprise',
    version: q.version,
    questionnaireTitle: q.title,
    answers,
    result: scoreCheckup(q, answers),
    clientRequestId: `seed-${id}`,
    submittedAt: at,
  }));
}

/**
 * Writes the questionnaire versions (checked first: a broken one is not written) and the demo enterprise's
 * earlier check-ups, with its `help_served` document unless another seed wrote it already.
 */
export async function seedCheckupQuestionnaire({ db }: SeedContext): Promise<void> {
  for (const { questionnaire, publishedAt } of QUESTIONNAIRE_VERSIONS) {
    const problems = questionnaireProblems(questionnaire);
    if (problems.length) throw new Error(`seed: questionnaire ${questionnaire.version}: ${problems.join('; ')}`);
    const { _id, ...data } = questionnaireDoc(questionnaire, new Date(publishedAt));
    const res = (await db
      .collection(QUESTIONNAIRES)
      .doc(_id)
      .set({ data: data as never })) as { code?: string; message?: string };
    if (res?.code) throw new Error(`seed: writing questionnaire ${_id} failed: ${res.code} ${res.message ?? ''}`);
  }
  const now = new Date();
  const stored = new Set(
    (await readAll<{ _id: string }>(db, CHECKUPS, { uscc: DEMO_ENTERPRISE.uscc })).map((c) => c._id),
  );
  await insertMany(
    db,
    CHECKUPS,
    demoCheckups(now).filter((c) => !stored.has(c._id)),
  );
  const served = await readAll<{ _id: string }>(db, SERVED, { _id: DEMO_ENTERPRISE.uscc });
  if (!served.length) await insertMany(db, SERVED, [{ _id: DEMO_ENTERPRISE.uscc, via: 'checkup', createdAt: now }]);
}
