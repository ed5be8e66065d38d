/**
 * Quality-training demo data (质量培训), times relative to the seed's own time:
 * - two organisers and this year's programme after seed 004 (8 sessions planned, 4 on site in industrial
 *   clusters), made through the admin actions (training.saveOrganiser / saveProgramme / saveSession,
 *   called as the console); demo-trainer bound to the first organiser through training.bindTrainer;
 * - sessions held in the past weeks with attendance, ratings and certificates; sessions open for sign-up
 *   in several cities and one online; one full with a waitlist; one whose sign-up has not opened; and one
 *   starting within the hour (sign-up open until the start, check-in open) for the organiser's demo;
 * - the demo enterprise: two staff signed up for an upcoming session, and a certificate from a held one.
 * Sign-ups are written as signUp and the check-in leave them, with each session's counters equal to its
 * sign-ups and waitlist numbers 1…n.
 */
import { randomBytes } from 'node:crypto';
import { makeUscc } from '../cloudfunctions/src/core/uscc';
import { Random } from '../scripts/generate-inspections';
import { phoneKeyOf } from '../cloudfunctions/src/runtime/secrets';
import { certificateCodeFor } from '../cloudfunctions/src/training/codes';
import {
  SESSIONS,
  SIGNUP_HOLDERS,
  SIGNUPS,
  type SessionDoc,
  type SignupDoc,
  type SignupHolderDoc,
} from '../cloudfunctions/src/training/documents';
import { functionsSecret, insertMany, setFields, type SeedContext } from './client';
import { DEMO_ENTERPRISE } from './identities';

const H = 3600_000;
const DAY = 24 * H;

/**
 * When a plan starts: `startIn` from now, moved to `clock` o'clock (Shanghai) on that day when it is a
 * day or more away, so the demo shows sessions at the hours real ones keep (not 18:01–00:01).
 */
function startOf(now: number, plan: Pick<Plan, 'startIn' | 'clock'>): number {
  const at = now + plan.startIn;
  if (Math.abs(plan.startIn) < DAY) return at;
  const shanghaiMidnight = Math.floor((at + 8 * H) / DAY) * DAY - 8 * H;
  return shanghaiMidnight + (plan.clock ?? 9) * H;
}

const SURNAMES = '陈李王张刘黄林吴郑梁何罗谢许冯邓曾彭';
const GIVEN = '建国秀英志强丽娟海燕伟明晓东雪梅文杰嘉欣俊宏美玲';

async function must(ctx: SeedContext, event: Record<string, unknown>): Promise<any> {
  const res = (await ctx.callFunction('training', event)) as { ok: boolean; data?: unknown; message?: string };
  if (!res?.ok) throw new Error(`seed: training.${String(event.action)} failed: ${JSON.stringify(res)}`);
  return res.data;
}

interface Plan {
  key: string;
  title: string;
  syllabus: string;
  format: 'onsite' | 'online';
  city?: string;
  cluster?: string;
  venue?: string;
  liveUrl?: string;
  /** Start, from now; a whole number of days puts it on that day at `clock` (Asia/Shanghai). */
  startIn: number;
  /** Hour of the day it starts when `startIn` is in days (default 9:00); sessions start on the hour. */
  clock?: number;
  hours: number;
  capacity: number;
  perEnterpriseLimit?: number;
  fee?: 'free' | 'voucher';
  /** Sign-up opens this long before the start (default 30 days) and closes this long before (default 1 day). */
  opensBefore?: number;
  closesBefore?: number;
  inProgramme: boolean;
  organiser: 0 | 1;
  /** Sign-ups made by others, in arrival order; of them, how many checked in, and rated. */
  signups: number;
  checkedIn?: number;
  rated?: number;
}

const SYLLABUS = {
  qms: '一、GB/T 19001 质量管理体系要求解读；二、内部审核与管理评审实务；三、认证准备与常见不符合项；四、案例交流与答疑。',
  export: '一、欧盟、美国电子电器产品认证与技术法规；二、近期 WTO/TBT 通报解读；三、检测报告与合规文件准备；四、答疑。',
  toys: '一、GB 6675 玩具安全系列标准解读；二、近年监督抽查不合格项目分析；三、企业自检与过程控制要点。',
  lamps: '一、灯具安全与电磁兼容标准要点；二、监督抽查常见不合格项目与整改；三、CCC 认证实施规则解读。',
  testing: '一、检验检测基础知识；二、常用检测项目与判定；三、如何读懂检测报告；四、产品检测券的申领与使用。',
  basics: '一、质量管理基础与质量成本；二、PDCA 与持续改进方法；三、小微企业质量管理常见问题答疑。',
  cable: '一、GB/T 5023 电线电缆标准解读；二、导体电阻、绝缘厚度等关键项目；三、快速筛查与质量风险防控。',
};

export async function seedTraining(ctx: SeedContext): Promise<void> {
  const { db } = ctx;
  const secret = functionsSecret();
  const now = Date.now();
  const r = new Random('ypt-demo-training');

  const organisers = [
    await must(ctx, { action: 'saveOrganiser', name: '广东省质量技术培训中心' }),
    await must(ctx, { action: 'saveOrganiser', name: '广东省电线电缆产品医院' }),
  ];
  await insertMany(db, 'users', [{ _id: 'demo-trainer', roles: [], phoneVerified: false, createdAt: new Date() }]);
  await must(ctx, { action: 'bindTrainer', organiserId: organisers[0].organiserId, openid: 'demo-trainer' });
  const year = new Date(now + 8 * H).getUTCFullYear();
  const programme = await must(ctx, {
    action: 'saveProgramme',
    name: `${year} 年中小微企业质量管理体系认证提升行动`,
    year,
    description: '不少于 8 场次专题培训，其中 4 场次在产业集聚区现场培训，线上直播同步开展。',
    plannedSessions: 8,
    plannedOnSite: 4,
  });

  const plans: Plan[] = [
    {
      key: 'shunde',
      title: '顺德家电企业质量管理体系认证实务',
      syllabus: SYLLABUS.qms,
      format: 'onsite',
      city: '佛山市',
      cluster: '顺德家电产业集聚区',
      venue: '佛山市顺德区大良街道德和路 1 号质量服务中心',
      startIn: -40 * DAY,
      hours: 3,
      capacity: 60,
      inProgramme: true,
      organiser: 0,
      signups: 34,
      checkedIn: 29,
      rated: 18,
    },
    {
      key: 'online-basics',
      title: '小微企业质量管理基础（线上公开课）',
      syllabus: SYLLABUS.basics,
      format: 'online',
      liveUrl: 'https://live.example.com/ypt/basics',
      startIn: -20 * DAY,
      clock: 14,
      hours: 2,
      capacity: 500,
      perEnterpriseLimit: 10,
      inProgramme: true,
      organiser: 0,
      signups: 120,
      checkedIn: 96,
      rated: 40,
    },
    {
      key: 'dongguan',
      title: '东莞电子信息企业出口认证与技术性贸易措施',
      syllabus: SYLLABUS.export,
      format: 'onsite',
      city: '东莞市',
      cluster: '东莞电子信息产业集聚区',
      venue: '东莞市松山湖大道 3 号创新服务中心',
      startIn: -9 * DAY,
      hours: 3,
      capacity: 80,
      inProgramme: true,
      organiser: 0,
      signups: 52,
      checkedIn: 41,
      rated: 25,
    },
    {
      key: 'today',
      title: '电线电缆质量风险防控（今日开课）',
      syllabus: SYLLABUS.cable,
      format: 'onsite',
      city: '广州市',
      venue: '广州市天河区黄埔大道西 188 号',
      startIn: 40 * 60_000,
      hours: 2.5,
      capacity: 40,
      closesBefore: 0,
      opensBefore: 7 * DAY,
      inProgramme: false,
      organiser: 0,
      signups: 12,
    },
    {
      key: 'zhongshan',
      title: '中山灯饰产业集聚区现场培训：灯具安全与 CCC 认证',
      syllabus: SYLLABUS.lamps,
      format: 'onsite',
      city: '中山市',
      cluster: '中山古镇灯饰产业集聚区',
      venue: '中山市古镇镇灯都大道 8 号',
      startIn: 6 * DAY,
      hours: 3,
      capacity: 60,
      inProgramme: true,
      organiser: 0,
      signups: 14,
    },
    {
      key: 'online-tbt',
      title: '出口技术性贸易措施解读（线上直播）',
      syllabus: SYLLABUS.export,
      format: 'online',
      liveUrl: 'https://live.example.com/ypt/tbt',
      startIn: 4 * DAY,
      clock: 14,
      hours: 2,
      capacity: 300,
      perEnterpriseLimit: 5,
      inProgramme: true,
      organiser: 0,
      signups: 45,
    },
    {
      key: 'guangzhou-full',
      title: '检验检测技术培训（可用产品检测券抵扣）',
      syllabus: SYLLABUS.testing,
      format: 'onsite',
      city: '广州市',
      venue: '广州市番禺区石楼镇产品质量监督检验研究院',
      startIn: 8 * DAY,
      hours: 6,
      capacity: 20,
      fee: 'voucher',
      inProgramme: false,
      organiser: 1,
      signups: 25,
    },
    {
      key: 'shantou',
      title: '汕头玩具产业集聚区现场培训：玩具安全标准',
      syllabus: SYLLABUS.toys,
      format: 'onsite',
      city: '汕头市',
      cluster: '汕头澄海玩具产业集聚区',
      venue: '汕头市澄海区玩具城路 2 号',
      startIn: 12 * DAY,
      hours: 3,
      capacity: 50,
      inProgramme: true,
      organiser: 0,
      signups: 6,
    },
    {
      key: 'jiangmen',
      title: '江门五金卫浴企业质量提升',
      syllabus: SYLLABUS.qms,
      format: 'onsite',
      city: '江门市',
      cluster: '江门水口水暖卫浴产业集聚区',
      venue: '江门市开平市水口镇工业大道 6 号',
      startIn: 30 * DAY,
      hours: 3,
      capacity: 60,
      opensBefore: 20 * DAY,
      inProgramme: true,
      organiser: 0,
      signups: 0,
    },
  ];

  const signups: SignupDoc[] = [];
  const holders = new Map<string, SignupHolderDoc>();
  let person = 0;
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const plan of plans) {
    const start = startOf(now, plan);
    const saved = await must(ctx, {
      action: 'saveSession',
      organiserId: organisers[plan.organiser].organiserId,
      programmeId: plan.inProgramme ? programme.programmeId : null,
      title: plan.title,
      syllabus: plan.syllabus,
      format: plan.format,
      ...(plan.venue ? { venue: plan.venue } : {}),
      ...(plan.city ? { city: plan.city } : {}),
      cluster: plan.cluster ?? '',
      ...(plan.liveUrl ? { liveUrl: plan.liveUrl } : {}),
      startAt: iso(start),
      endAt: iso(start + plan.hours * H),
      signupOpensAt: iso(start - (plan.opensBefore ?? 30 * DAY)),
      signupClosesAt: iso(start - (plan.closesBefore ?? DAY)),
      capacity: plan.capacity,
      perEnterpriseLimit: plan.perEnterpriseLimit ?? 3,
      fee: plan.fee ?? 'free',
    });
    const sessionId: string = saved.sessionId;
    const held = start + plan.hours * H < now;
    const made: SignupDoc[] = [];
    const add = (
      owner: string,
      attendee: { name: string; phone: string },
      enterprise: { uscc: string; name: string } | null,
      at: number,
    ) => {
      const id = randomBytes(12).toString('hex');
      const phoneKey = phoneKeyOf(attendee.phone, secret);
      const holderId = `${sessionId}|${enterprise?.uscc ?? owner}`;
      const doc: SignupDoc = {
        _id: id,
        sessionId,
        ownerOpenid: owner,
        kind: enterprise ? 'enterprise' : 'person',
        uscc: enterprise?.uscc ?? null,
        enterpriseName: enterprise?.name ?? null,
        attendee,
        phoneKey,
        activeKey: `${sessionId}|${phoneKey}`,
        holderId,
        clientRequestId: `seed-${id}`,
        status: 'pending',
        queueNo: null,
        arrivedAt: new Date(at),
        confirmedAt: null,
        cancelledAt: null,
        checkedInAt: null,
        checkInMethod: null,
        checkedInBy: null,
        certificateCode: null,
        rating: null,
        createdAt: new Date(at),
        updatedAt: new Date(at),
      };
      made.push(doc);
      const holder = holders.get(holderId) ?? {
        _id: holderId,
        sessionId,
        signupIds: [],
        requests: {},
        updatedAt: new Date(at),
      };
      holder.signupIds.push(id);
      holder.requests[doc.clientRequestId] = [id];
      holders.set(holderId, holder);
    };
    const opened = start - (plan.opensBefore ?? 30 * DAY);
    // The demo enterprise: two staff for 中山, and 陈美达 at the 顺德 session (a certificate).
    const demo = { uscc: DEMO_ENTERPRISE.uscc, name: DEMO_ENTERPRISE.name };
    if (plan.key === 'shunde')
      add('demo-enterprise', { name: '陈美达', phone: DEMO_ENTERPRISE.contactPhone }, demo, opened + DAY);
    for (let i = 0; i < plan.signups; i++) {
      person++;
      const k = r.int(0, GIVEN.length / 2 - 1);
      const name = SURNAMES[r.int(0, SURNAMES.length - 1)] + GIVEN.slice(k * 2, k * 2 + 2);
      const phone = `139${String(20000000 + person).padStart(8, '0')}`;
      const enterprise = r.chance(0.8)
        ? {
            uscc: makeUscc({ division: '440606', orgCode: String(70000000 + (person % 400)) }),
            name: `广东示范企业${person % 400}有限公司`,
          }
        : null;
      add(
        enterprise ? `seed-ent-${person % 400}` : `seed-person-${person}`,
        { name, phone },
        enterprise,
        opened + (i + 2) * H,
      );
    }
    if (plan.key === 'zhongshan') {
      add('demo-enterprise', { name: '陈美达', phone: DEMO_ENTERPRISE.contactPhone }, demo, now - 2 * H);
      add('demo-enterprise', { name: '黄志强', phone: '13712345679' }, demo, now - 2 * H);
    }
    // Seats in arrival order, then check-ins and ratings for the held sessions.
    let confirmed = 0;
    let queue = 0;
    made.sort((a, b) => a.arrivedAt.getTime() - b.arrivedAt.getTime());
    for (const s of made) {
      if (confirmed < plan.capacity) {
        s.status = 'confirmed';
        s.confirmedAt = s.arrivedAt;
        confirmed++;
      } else {
        s.status = 'waitlisted';
        s.queueNo = ++queue;
      }
    }
    if (held) {
      const attended = made.filter((s) => s.status === 'confirmed').slice(0, (plan.checkedIn ?? 0) + 1);
      attended.forEach((s, i) => {
        s.checkedInAt = new Date(start - 20 * 60_000 + i * 20_000);
        s.checkInMethod = plan.format === 'online' ? 'online' : i % 5 === 0 ? 'roster' : 'scan';
        s.checkedInBy = plan.format === 'online' ? `user:${s.ownerOpenid}` : 'user:demo-trainer';
        s.certificateCode = certificateCodeFor(s._id, secret);
        if (i < (plan.rated ?? 0)) {
          const score = r.chance(0.6) ? 5 : r.chance(0.8) ? 4 : 3;
          s.rating = {
            score,
            comment: score === 5 ? '内容实用，案例贴近企业实际' : '',
            at: new Date(start + plan.hours * H + DAY),
          };
        }
      });
    }
    signups.push(...made);
    await setFields(db, SESSIONS, sessionId, {
      confirmedCount: confirmed,
      waitlistCount: queue,
      nextQueueNo: queue + 1,
    } satisfies Partial<SessionDoc>);
  }
  for (let i = 0; i < signups.length; i += 500) await insertMany(db, SIGNUPS, signups.slice(i, i + 500));
  await insertMany(db, SIGNUP_HOLDERS, [...holders.values()]);
}
