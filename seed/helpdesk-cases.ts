/**
 * Help-desk demo cases (问诊), after the experts seed (seed/helpdesk-experts.ts):
 * - the demo enterprise (verified binding) has one case of each kind a page shows: one waiting for an
 *   expert, one the demo expert accepted with a short thread, one resolved and rated, and one escalated —
 *   flagged by the real `escalateOverdue` action (the seed calls it as the console, as the timer would);
 * - a failed-sampling offer for the demo enterprise (see demoOffer for where it comes from);
 * - ~300 historical resolved or withdrawn cases of other enterprises across experts, categories and cities
 *   over the past year, so the admin statistics have something to show.
 * The seed client calls functions only as the console (seed/client.ts), never as a user, so the demo
 * enterprise's cases are written as openCase/acceptCase/… would leave them, with their holder list and the
 * experts' counters kept consistent.
 */
import { isProductCategory, PRODUCT_CATEGORIES, type ProductCategory } from '../miniprogram/shared/product-categories';
import { FIRST_ANSWER_WORKING_DAYS, type ProblemType } from '../miniprogram/shared/helpdesk';
import { calendarDate } from '../cloudfunctions/src/core/time';
import { firstAnswerDue } from '../cloudfunctions/src/core/working-days';
import {
  CASE_MESSAGES,
  CASE_OFFERS,
  CASES,
  EXPERTS,
  SERVED,
  UNTOUCHED_CASE,
  type CaseDoc,
  type CaseMessageDoc,
  type CaseOfferDoc,
  type ExpertDoc,
} from '../cloudfunctions/src/helpdesk/documents';
import { CASE_HOLDERS } from '../cloudfunctions/src/helpdesk/cases';
import { offerCutoff } from '../cloudfunctions/src/helpdesk/offers';
import type { InspectionDoc } from '../cloudfunctions/src/services/redlist';
import { insertMany, readAll, setFields, type SeedContext } from './client';
import { DEMO_ENTERPRISE } from './identities';

export const HISTORICAL_CASES = 300;
const DEMO_OWNER = 'demo-enterprise';
const DEMO_CONTACT = { name: '陈美达', phone: DEMO_ENTERPRISE.contactPhone };
const H = 3600_000;
const DAY = 24 * H;

/** A small deterministic generator (mulberry32): the same demo data on every seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}

const dueOf = (submittedAt: Date) => firstAnswerDue(submittedAt, FIRST_ANSWER_WORKING_DAYS).dueAt;

type SeedExpert = ExpertDoc;

/** A case as the case actions store it; `over` sets what differs. */
function caseOf(over: Partial<CaseDoc> & Pick<CaseDoc, '_id' | 'submittedAt'>): CaseDoc {
  const submittedAt = over.submittedAt;
  return {
    caseNo: `WZ${calendarDate(submittedAt).replace(/-/g, '')}-${over._id.slice(-6).toUpperCase()}`,
    status: 'open',
    uscc: DEMO_ENTERPRISE.uscc,
    enterpriseName: DEMO_ENTERPRISE.name,
    city: DEMO_ENTERPRISE.city,
    ownerOpenid: DEMO_OWNER,
    contact: DEMO_CONTACT,
    productCategory: '家用电器',
    problemType: 'other',
    title: '',
    description: '',
    failedItems: '',
    offerId: null,
    files: [],
    urgency: 'normal',
    preferredCity: null,
    clientRequestId: `seed-${over._id}`,
    ...UNTOUCHED_CASE,
    offeredTo: [],
    firstAnswerDueAt: dueOf(submittedAt),
    createdAt: submittedAt,
    updatedAt: submittedAt,
    ...over,
  };
}

function message(
  caseId: string,
  n: number,
  from: CaseMessageDoc['from'],
  text: string,
  at: Date,
  expertId: string | null = null,
): CaseMessageDoc {
  return {
    _id: `${caseId}-m${n}`,
    caseId,
    from,
    authorOpenid: from === 'enterprise' ? DEMO_OWNER : from === 'expert' ? 'demo-expert' : '',
    expertId,
    text,
    files: [],
    clientRequestId: `seed-${n}`,
    at,
  };
}

/**
 * The demo enterprise's failed-sampling offer. Its own sampling history has one failure, in 2018 —
 * too old to offer (OFFER_MONTHS) — and a recent failed inspection of its own would cost it the 五年榜
 * tier the red-list demo and its tests rely on (any failure restarts the streak). So the offer is made
 * from another recent failed 家用电器 sampling of the generated data: its product, failed items and
 * announcement, under an id of its own (demo-offer-…), for the demo enterprise. inspections is not
 * touched.
 */
async function demoOffer(db: SeedContext['db'], now: Date): Promise<CaseOfferDoc | null> {
  const _ = db.command;
  const res = (await db
    .collection('inspections')
    .where({ result: 'fail', productCategory: '家用电器', sampledAt: _.gte(offerCutoff(now)) })
    .orderBy('sampledAt', 'desc')
    .limit(1)
    .get()) as unknown as { data: InspectionDoc[] };
  const source = res.data[0];
  const sampledAt = source?.sampledAt ?? calendarDate(new Date(now.getTime() - 30 * DAY));
  return {
    _id: `demo-offer-${source?._id.slice(0, 16) ?? 'fallback'}`,
    uscc: DEMO_ENTERPRISE.uscc,
    inspectionId: source?._id ?? 'demo-offer',
    productCategory:
      source && isProductCategory(source.productCategory) ? (source.productCategory as ProductCategory) : '家用电器',
    productName: '电压力锅',
    sampledAt,
    failedItems: source?.failedItems || '输入功率和电流；标志和说明',
    announcement:
      source?.announcement ??
      `广东省市场监督管理局关于${sampledAt.slice(0, 4)}年家用电器产品质量省级监督抽查情况的通告`,
    caseId: null,
    createdAt: now,
  };
}

export async function seedHelpdeskCases({ db, callFunction }: SeedContext): Promise<void> {
  const now = new Date();
  const experts = (await readAll<SeedExpert>(db, EXPERTS)).filter((e) => e.active);
  if (!experts.length) {
    console.warn('seed: no experts yet (seed/helpdesk-experts.ts runs first); help-desk cases skipped');
    return;
  }
  const demoUser = (await readAll<{ _id: string; expertId?: string }>(db, 'users', { _id: 'demo-expert' }))[0];
  const demoExpert =
    experts.find((e) => e._id === demoUser?.expertId) ??
    experts.find((e) => e.productCategories.includes('家用电器')) ??
    experts[0];
  const appliance = experts.filter((e) => e._id !== demoExpert._id && e.productCategories.includes('家用电器'));
  const others = (appliance.length ? appliance : experts.filter((e) => e._id !== demoExpert._id)).slice(0, 4);
  const otherExpert = others[0] ?? demoExpert;

  // ---- the demo enterprise's cases ----
  const t = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * H);
  const waiting = caseOf({
    _id: 'demo-case-open',
    submittedAt: t(3),
    problemType: 'standards',
    title: '电饭锅内胆涂层适用哪项标准',
    description: '我司新款电饭锅内胆改用陶瓷涂层，想确认应按 GB 4806 哪一部分做迁移试验，以及出口欧盟还需哪些检测。',
    offeredTo: [demoExpert._id, ...others.map((e) => e._id)],
  });
  const acceptedAt = t(30);
  const accepted = caseOf({
    _id: 'demo-case-accepted',
    submittedAt: t(48),
    status: 'accepted',
    problemType: 'process',
    title: '电热水壶温控器批次动作温度偏高',
    description: '近两批电热水壶温控器动作温度比设计值高 3–5℃，怀疑来料一致性问题，希望专家指导进货检验和过程控制。',
    urgency: 'urgent',
    offeredTo: [demoExpert._id],
    expertId: demoExpert._id,
    expertName: demoExpert.name,
    acceptedAt,
    firstAnsweredAt: t(26),
    updatedAt: t(20),
  });
  const resolvedAt = t(24 * 20);
  const resolved = caseOf({
    _id: 'demo-case-resolved',
    submittedAt: t(24 * 40),
    status: 'resolved',
    problemType: 'failed_sampling',
    title: '电饭锅输入功率抽检不合格整改',
    description: '市级抽检电饭锅输入功率偏差超标，需要查明原因并制定整改计划，准备复检。',
    failedItems: '输入功率和电流',
    offeredTo: [otherExpert._id],
    expertId: otherExpert._id,
    expertName: otherExpert.name,
    acceptedAt: t(24 * 40 - 5),
    firstAnsweredAt: t(24 * 40 - 6),
    diagnosis: {
      text: '发热盘功率分档与铭牌标称值不一致，出厂检验未覆盖额定电压下的功率测试。',
      plan: [
        {
          measure: '按 GB 4706.1 第 10 章复测全部在库批次',
          target: '偏差在 +5%/−10% 内',
          dueDate: calendarDate(t(24 * 35)),
        },
        { measure: '出厂检验增加额定电压功率测试', target: '每批抽 5 台', dueDate: calendarDate(t(24 * 30)) },
      ],
      at: t(24 * 38),
    },
    closingNote: '复检合格，出厂检验规程已修订。',
    closingProposedAt: t(24 * 21),
    resolvedAt,
    rating: { stars: 5, comment: '专家响应快，整改计划具体可行。', at: t(24 * 20 - 2) },
    updatedAt: t(24 * 20 - 2),
  });
  // Submitted a week ago, never answered: the escalation timer flags it (called below).
  const overdue = caseOf({
    _id: 'demo-case-escalated',
    submittedAt: t(24 * 7),
    problemType: 'export_barriers',
    title: '电风扇出口欧盟 ErP 能效要求咨询',
    description: '计划出口欧盟的落地扇需要满足哪些 ErP 能效和待机功耗要求，检测应在哪里做？',
    offeredTo: others.map((e) => e._id),
  });
  const demoCases = [waiting, accepted, resolved, overdue];
  const messages: CaseMessageDoc[] = [
    message(
      accepted._id,
      1,
      'expert',
      '您好，请提供温控器来料检验记录和两批产品的动作温度实测数据。',
      t(26),
      demoExpert._id,
    ),
    message(accepted._id, 2, 'enterprise', '已整理两批各 20 只的实测数据，动作温度 98–101℃。', t(22)),
    message(
      accepted._id,
      3,
      'expert',
      '偏差集中在同一供应商批次，建议先对该批次 100% 复测并要求供应商提供出厂报告。',
      t(20),
      demoExpert._id,
    ),
    message(resolved._id, 1, 'expert', '请上传抽检报告和该型号的出厂检验记录。', t(24 * 40 - 6), otherExpert._id),
    message(resolved._id, 2, 'enterprise', '已上传，请查看。', t(24 * 39)),
  ];
  await insertMany(db, CASES, demoCases);
  await insertMany(db, CASE_MESSAGES, messages);
  await insertMany(db, CASE_HOLDERS, [
    { _id: DEMO_ENTERPRISE.uscc, openCaseIds: [waiting._id, accepted._id, overdue._id], updatedAt: now },
  ]);
  await setFields(db, EXPERTS, demoExpert._id, { openCases: (demoExpert.openCases ?? 0) + 1, updatedAt: now });

  const offer = await demoOffer(db, now);
  if (offer) await insertMany(db, CASE_OFFERS, [offer]);

  const escalated = (await callFunction('helpdesk', { action: 'escalateOverdue' })) as {
    ok: boolean;
    data?: { escalated: number };
    code?: string;
    message?: string;
  };
  if (!escalated?.ok) throw new Error(`seed: escalateOverdue failed: ${escalated?.code} ${escalated?.message}`);

  // ---- history: other enterprises' resolved and withdrawn cases over the past year ----
  const rng = random(20261205);
  const res = (await db
    .collection('enterprises')
    .where({ _id: db.command.neq(DEMO_ENTERPRISE.uscc) })
    .field({ _id: true, name: true, city: true })
    .limit(400)
    .get()) as unknown as { data: { _id: string; name: string; city?: string | null }[] };
  const enterprises = res.data.filter((e) => e.city);
  if (!enterprises.length) return;
  const pool = experts.slice(0, 80);
  const problemTypes: ProblemType[] = [
    'failed_sampling',
    'standards',
    'testing_certification',
    'process',
    'export_barriers',
    'other',
  ];
  const titles: Record<ProblemType, string> = {
    failed_sampling: '抽检不合格项目整改',
    standards: '产品执行标准理解',
    testing_certification: '型式检验与认证咨询',
    process: '生产工艺稳定性改进',
    export_barriers: '出口目标市场技术要求',
    other: '质量管理体系咨询',
  };
  const counters = new Map<string, { resolvedCases: number; starsTotal: number; ratings: number }>();
  const history: CaseDoc[] = [];
  for (let i = 0; i < HISTORICAL_CASES; i++) {
    const enterprise = enterprises[i % enterprises.length];
    const expert = rng.pick(pool);
    const category = expert.productCategories.find((c) => PRODUCT_CATEGORIES.includes(c)) ?? '家用电器';
    const problemType = rng.pick(problemTypes);
    const submittedAt = new Date(now.getTime() - rng.int(10, 360) * DAY - rng.int(0, 10) * H);
    const withdrawn = rng.next() < 0.12;
    // Most first answers come within a day; about one in ten misses the 2-working-day deadline.
    const firstAnswerH = rng.next() < 0.1 ? rng.int(60, 120) : rng.int(1, 30);
    const base = {
      _id: `hist-${String(i + 1).padStart(4, '0')}`,
      submittedAt,
      uscc: enterprise._id,
      enterpriseName: enterprise.name,
      city: enterprise.city!,
      ownerOpenid: `seed-owner-${enterprise._id}`,
      contact: { name: '联系人', phone: `1390000${String(i).padStart(4, '0')}` },
      productCategory: category,
      problemType,
      title: `${category}${titles[problemType]}`,
      description: `${enterprise.name}就${category}的${titles[problemType]}问题申请质量帮扶。`,
      offeredTo: [expert._id],
    };
    if (withdrawn) {
      const answered = rng.next() < 0.5;
      history.push(
        caseOf({
          ...base,
          status: 'withdrawn',
          ...(answered
            ? { expertId: expert._id, expertName: expert.name, acceptedAt: new Date(submittedAt.getTime() + H) }
            : {}),
          firstAnsweredAt: answered ? new Date(submittedAt.getTime() + firstAnswerH * H) : null,
          withdrawnAt: new Date(submittedAt.getTime() + rng.int(2, 96) * H),
        }),
      );
      continue;
    }
    const firstAnsweredAt = new Date(submittedAt.getTime() + firstAnswerH * H);
    const resolvedAtH = firstAnswerH + rng.int(24, 24 * 30);
    const rated = rng.next() < 0.8;
    const stars = rated ? rng.pick([5, 5, 5, 5, 4, 4, 4, 3, 2, 1]) : 0;
    const done = new Date(submittedAt.getTime() + resolvedAtH * H);
    history.push(
      caseOf({
        ...base,
        status: 'resolved',
        expertId: expert._id,
        expertName: expert.name,
        acceptedAt: new Date(submittedAt.getTime() + Math.max(1, firstAnswerH - 1) * H),
        firstAnsweredAt,
        closingProposedAt: new Date(done.getTime() - 2 * H),
        closingNote: '问题已解决。',
        resolvedAt: done,
        rating: rated ? { stars, comment: stars >= 4 ? '专家很专业。' : '', at: new Date(done.getTime() + H) } : null,
        updatedAt: done,
      }),
    );
    const c = counters.get(expert._id) ?? { resolvedCases: 0, starsTotal: 0, ratings: 0 };
    c.resolvedCases++;
    if (rated) {
      c.starsTotal += stars;
      c.ratings++;
    }
    counters.set(expert._id, c);
  }
  await insertMany(db, CASES, history);
  const byId = new Map(experts.map((e) => [e._id, e]));
  for (const [expertId, c] of counters) {
    const e = byId.get(expertId)!;
    await setFields(db, EXPERTS, expertId, {
      resolvedCases: (e.resolvedCases ?? 0) + c.resolvedCases,
      starsTotal: (e.starsTotal ?? 0) + c.starsTotal,
      ratings: (e.ratings ?? 0) + c.ratings,
      updatedAt: now,
    });
  }

  // Every enterprise with a case was served (the public count); keep documents another seed wrote.
  const served = new Set((await readAll<{ _id: string }>(db, SERVED)).map((s) => s._id));
  const fresh = [...new Set([DEMO_ENTERPRISE.uscc, ...history.map((h) => h.uscc)])].filter((u) => !served.has(u));
  await insertMany(
    db,
    SERVED,
    fresh.map((uscc) => ({ _id: uscc, via: 'case', createdAt: now })),
  );
}
