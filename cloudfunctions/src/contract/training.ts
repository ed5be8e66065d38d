import { z } from 'zod';
import {
  CERTIFICATE_CODE_PATTERN,
  FEE_KIND_CODES,
  normalizeCertificateCode,
  sessionTimesProblem,
  SIGNUP_KIND_CODES,
  TRAINING_FORMAT_CODES,
  TRAINING_LIMITS,
  TRAINING_TEXT,
  type CheckInMethod,
  type FeeKind,
  type SessionPhase,
  type SignupKind,
  type SignupStatus,
  type TrainingFormat,
} from '../../../miniprogram/shared/training';
import { guangdongCitySchema } from './cable';
import { idSchema, instantSchema, mobileSchema, pageSchema, personNameSchema, textSchema, type Paged } from './common';

export type { CheckInMethod, FeeKind, SessionPhase, SignupKind, SignupStatus, TrainingFormat };

// ---- field schemas ----

export const trainingFormatSchema = z.enum(TRAINING_FORMAT_CODES, { message: '培训形式应为现场培训或线上直播' });
export const feeKindSchema = z.enum(FEE_KIND_CODES, { message: '费用应为免费或可用检测券抵扣' });
export const signupKindSchema = z.enum(SIGNUP_KIND_CODES, { message: '报名方式应为企业报名或个人报名' });

const clientRequestIdSchema = z
  .string({ message: '缺少请求编号' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号应为 8–64 位字母、数字、下划线或连字符')
  .meta({ title: '请求编号' });

const sessionIdSchema = idSchema.meta({ title: '培训场次' });
const signupIdSchema = idSchema.meta({ title: '报名记录' });

/** A live-stream link: https only (WeChat opens no other), at most 500 characters. */
export const liveUrlSchema = z
  .string({ message: '请填写直播链接' })
  .trim()
  .max(500, '直播链接最多 500 个字符')
  .regex(/^https:\/\/[^\s]+$/, '直播链接应以 https:// 开头');

/** A certificate code as people type it (ZS-7K3M-9QXA-2BCD, lower case, spaces): stored form after. */
export const certificateCodeSchema = z
  .string({ message: '请输入证书编号' })
  .trim()
  .max(40, '证书编号应为 ZS 开头的 14 位编号')
  .overwrite(normalizeCertificateCode)
  .regex(CERTIFICATE_CODE_PATTERN, '证书编号应为 ZS 开头的 14 位编号，例如 ZS-7K3M-9QXA-2BCD');

// ---- inputs: anyone ----

export const listSessionsInput = z.object({
  city: guangdongCitySchema.meta({ title: '城市' }).optional(),
  format: trainingFormatSchema.meta({ title: '培训形式' }).optional(),
  /** true (default): sessions not yet ended, soonest first; false: all, newest first. */
  upcoming: z.boolean({ message: '“只看未结束”应为是或否' }).meta({ title: '只看未结束' }).default(true),
  programmeId: idSchema.meta({ title: '培训计划' }).optional(),
  page: pageSchema,
});
export const sessionIdInput = z.object({ sessionId: sessionIdSchema });
export const programmeIdInput = z.object({ programmeId: idSchema.meta({ title: '培训计划' }) });
export const verifyCertificateInput = z.object({ code: certificateCodeSchema.meta({ title: '证书编号' }) });

// ---- inputs: users ----

export const attendeeSchema = z
  .object({
    name: personNameSchema.meta({ title: '参训人员姓名' }),
    phone: mobileSchema.meta({ title: '参训人员手机号' }),
  })
  .meta({ title: '参训人员' });

export const signUpInput = z.object({
  sessionId: sessionIdSchema,
  /** enterprise: named staff of the caller's verified enterprise; person: the caller, with their verified phone. */
  kind: signupKindSchema.meta({ title: '报名方式' }),
  attendees: z
    .array(attendeeSchema, { message: '请填写参训人员' })
    .min(1, '请至少填写 1 名参训人员')
    .max(TRAINING_LIMITS.maxAttendeesPerRequest, `一次最多报名 ${TRAINING_LIMITS.maxAttendeesPerRequest} 人`)
    .refine((list) => new Set(list.map((a) => a.phone)).size === list.length, '参训人员手机号不能重复')
    .meta({ title: '参训人员' }),
  clientRequestId: clientRequestIdSchema,
});

export const mySignupsInput = z.object({
  /** active: confirmed or waitlisted for a session not yet ended; past: everything else. */
  scope: z.enum(['active', 'past'], { message: '请选择进行中或已结束' }).meta({ title: '范围' }).default('active'),
  page: pageSchema,
});
export const signupIdInput = z.object({ signupId: signupIdSchema });
export const rateSessionInput = z.object({
  signupId: signupIdSchema,
  score: z.coerce
    .number({ message: '请选择评分' })
    .int('评分应为 1 到 5 星')
    .min(1, '评分应为 1 到 5 星')
    .max(5, '评分应为 1 到 5 星')
    .meta({ title: '评分' }),
  comment: textSchema(TRAINING_TEXT.comment).meta({ title: '评价' }).default(''),
});

// ---- inputs: trainers (organiser staff) ----

export const trainerSessionsInput = z.object({ page: pageSchema });
export const rosterInput = z.object({
  sessionId: sessionIdSchema,
  /** Filters the roster by attendee or enterprise name (plain text, not a pattern). */
  keyword: z
    .string({ message: '关键词应为文本' })
    .trim()
    .max(30, '关键词最多 30 个字')
    .meta({ title: '关键词' })
    .default(''),
  page: pageSchema,
});
export const checkInInput = z.object({
  sessionId: sessionIdSchema,
  /** The text of the attendee's check-in QR code (wx.scanCode result). */
  code: z
    .string({ message: '请扫描签到码' })
    .trim()
    .min(1, '请扫描签到码')
    .max(200, '签到码无效')
    .meta({ title: '签到码' }),
});
export const checkInByNameInput = z.object({ sessionId: sessionIdSchema, signupId: signupIdSchema });

// ---- inputs: admins ----

export const saveProgrammeInput = z
  .object({
    programmeId: idSchema.meta({ title: '培训计划' }).optional(),
    name: textSchema(TRAINING_TEXT.programme, '请填写培训计划名称').meta({ title: '培训计划名称' }),
    year: z.coerce
      .number({ message: '请填写年度' })
      .int('年度应为 4 位年份')
      .min(2020, '年度应在 2020 年以后')
      .max(2100, '年度不正确')
      .meta({ title: '年度' }),
    description: textSchema(TRAINING_TEXT.programmeDescription).meta({ title: '计划说明' }).default(''),
    plannedSessions: z.coerce
      .number({ message: '请填写计划场次' })
      .int('计划场次应为整数')
      .min(1, '计划场次至少 1 场')
      .max(1000, '计划场次最多 1000 场')
      .meta({ title: '计划场次' }),
    plannedOnSite: z.coerce
      .number({ message: '请填写其中现场培训场次' })
      .int('现场培训场次应为整数')
      .min(0, '现场培训场次不能为负数')
      .max(1000, '现场培训场次最多 1000 场')
      .meta({ title: '其中现场培训场次' }),
  })
  .refine((p) => p.plannedOnSite <= p.plannedSessions, {
    message: '其中现场培训场次不能多于计划场次',
    path: ['plannedOnSite'],
  });

export const saveOrganiserInput = z.object({
  organiserId: idSchema.meta({ title: '主办单位' }).optional(),
  name: textSchema(TRAINING_TEXT.organiser, '请填写主办单位名称').meta({ title: '主办单位名称' }),
});

export const bindTrainerInput = z.object({
  organiserId: idSchema.meta({ title: '主办单位' }),
  /** The user's OPENID (they have opened the mini-program once). */
  openid: idSchema.meta({ title: '用户 OPENID' }),
});

const sessionFields = {
  programmeId: idSchema.meta({ title: '培训计划' }).nullable().default(null),
  organiserId: idSchema.meta({ title: '主办单位' }),
  title: textSchema(TRAINING_TEXT.title, '请填写课程名称').meta({ title: '课程名称' }),
  syllabus: textSchema(TRAINING_TEXT.syllabus, '请填写课程大纲').meta({ title: '课程大纲' }),
  format: trainingFormatSchema.meta({ title: '培训形式' }),
  /** On site: required. */
  venue: textSchema(TRAINING_TEXT.venue).meta({ title: '培训地点' }).optional(),
  /** On site: required; online: optional (the organiser's city). */
  city: guangdongCitySchema.meta({ title: '所在城市' }).optional(),
  cluster: textSchema(TRAINING_TEXT.cluster).meta({ title: '产业集聚区' }).default(''),
  /** Online: required; shown only to attendees with a confirmed seat. */
  liveUrl: liveUrlSchema.meta({ title: '直播链接' }).optional(),
  startAt: instantSchema.meta({ title: '开始时间' }),
  endAt: instantSchema.meta({ title: '结束时间' }),
  signupOpensAt: instantSchema.meta({ title: '报名开始时间' }),
  signupClosesAt: instantSchema.meta({ title: '报名截止时间' }),
  capacity: z.coerce
    .number({ message: '请填写名额' })
    .int('名额应为整数')
    .min(1, '名额至少 1 人')
    .max(TRAINING_LIMITS.maxCapacity, `名额最多 ${TRAINING_LIMITS.maxCapacity} 人`)
    .meta({ title: '名额' }),
  perEnterpriseLimit: z.coerce
    .number({ message: '请填写每家企业限报人数' })
    .int('每家企业限报人数应为整数')
    .min(1, '每家企业至少可报 1 人')
    .max(TRAINING_LIMITS.maxPerEnterprise, `每家企业最多限报 ${TRAINING_LIMITS.maxPerEnterprise} 人`)
    .meta({ title: '每家企业限报人数' }),
  fee: feeKindSchema.meta({ title: '费用' }).default('free'),
};

type SessionFields = z.infer<z.ZodObject<typeof sessionFields>>;

/** What the format needs (venue and city on site, a live link online) and whether the times fit together. */
function checkSession(s: SessionFields, ctx: z.RefinementCtx<SessionFields>): void {
  if (s.format === 'onsite') {
    if (!s.venue) ctx.addIssue({ code: 'custom', path: ['venue'], message: '现场培训请填写培训地点' });
    if (!s.city) ctx.addIssue({ code: 'custom', path: ['city'], message: '现场培训请选择所在城市' });
  } else if (!s.liveUrl) {
    ctx.addIssue({ code: 'custom', path: ['liveUrl'], message: '线上直播请填写直播链接' });
  }
  const problem = sessionTimesProblem(s);
  if (problem) {
    const path = problem.startsWith('结束') ? 'endAt' : 'signupClosesAt';
    ctx.addIssue({ code: 'custom', path: [path], message: problem });
  }
}

export const saveSessionInput = z
  .object({ sessionId: sessionIdSchema.optional(), ...sessionFields })
  .superRefine(checkSession);

/** One row of a session import, the same fields as the form (importSessions reads CSV/XLSX rows into this). */
export const importedSessionSchema = z
  .object({
    /** 场次编号: the row's key; importing it again updates that session rather than adding one. */
    code: z
      .string({ message: '请填写场次编号' })
      .trim()
      .regex(/^[A-Za-z0-9_-]{2,32}$/, '场次编号应为 2–32 位字母、数字、下划线或连字符')
      .meta({ title: '场次编号' }),
    ...sessionFields,
  })
  .superRefine(checkSession);

export const cancelSessionInput = z.object({
  sessionId: sessionIdSchema,
  reason: textSchema(TRAINING_TEXT.cancelReason, '请填写取消原因').meta({ title: '取消原因' }),
});

export const adminSessionsInput = z.object({
  programmeId: idSchema.meta({ title: '培训计划' }).optional(),
  /** One session (the edit form). */
  sessionId: sessionIdSchema.optional(),
  page: pageSchema,
});

export const importSessionsInput = z.object({
  fileID: z.string({ message: '请上传培训场次文件' }).min(8, '请上传培训场次文件').meta({ title: '培训场次文件' }),
  organiserId: idSchema.meta({ title: '主办单位' }).optional(),
});

export const trainingStatsInput = z.object({ programmeId: idSchema.meta({ title: '培训计划' }).optional() });

// ---- views ----

export interface SessionSummary {
  sessionId: string;
  title: string;
  organiserName: string;
  programmeId: string | null;
  programmeName: string | null;
  format: TrainingFormat;
  formatLabel: string;
  city: string | null;
  cluster: string | null;
  venue: string | null;
  /** ISO instants. */
  startAt: string;
  endAt: string;
  signupOpensAt: string;
  signupClosesAt: string;
  phase: SessionPhase;
  phaseLabel: string;
  capacity: number;
  confirmedCount: number;
  waitlistCount: number;
  seatsLeft: number;
  fee: FeeKind;
  feeLabel: string;
}

export interface SessionView extends SessionSummary {
  syllabus: string;
  perEnterpriseLimit: number;
  /** Set only for a caller holding a confirmed seat (online sessions). */
  liveUrl: string | null;
  cancelReason: string | null;
  /** The caller's sign-ups for this session that are not cancelled ([] when not logged in). */
  mySignups: SignupView[];
  /** Which ways the caller could sign up now: 'enterprise' when bound to a verified enterprise, 'person' when the phone is verified. */
  signupKinds: SignupKind[];
}

export interface SignupView {
  signupId: string;
  sessionId: string;
  session: SessionSummary;
  kind: SignupKind;
  kindLabel: string;
  enterpriseName: string | null;
  /** In full for the owner (the enterprise or person who signed up). */
  attendee: { name: string; phone: string };
  status: SignupStatus;
  statusLabel: string;
  /** 1 for the first on the waitlist; null unless waitlisted. */
  waitlistPosition: number | null;
  /** The check-in QR code's text; set while confirmed and not yet checked in, until the session ends. */
  checkInCode: string | null;
  /** That code as a PNG data URL (qrcode), for the page to show: getSignup only (null elsewhere). */
  checkInQrImage: string | null;
  checkedInAt: string | null;
  checkInMethodLabel: string | null;
  /** Formatted (ZS-XXXX-XXXX-XXXX), once the session has ended for an attendee who checked in. */
  certificateCode: string | null;
  rating: { score: number; comment: string } | null;
  canCancel: boolean;
  canCheckInOnline: boolean;
  canRate: boolean;
  createdAt: string;
}

export interface RosterEntry {
  signupId: string;
  /** In full: the organiser calls and greets attendees. */
  attendeeName: string;
  attendeePhone: string;
  enterpriseName: string | null;
  status: SignupStatus;
  statusLabel: string;
  waitlistPosition: number | null;
  checkedInAt: string | null;
  checkInMethodLabel: string | null;
}

export interface RosterView extends Paged<RosterEntry> {
  session: SessionSummary;
  counts: { confirmed: number; waitlisted: number; checkedIn: number };
}

export interface CertificateView {
  code: string;
  holderName: string;
  enterpriseName: string | null;
  sessionTitle: string;
  organiserName: string;
  programmeName: string | null;
  formatLabel: string;
  city: string | null;
  startAt: string;
  endAt: string;
  /** Class hours, rounded to half an hour. */
  hours: number;
  issuedAt: string;
  /** The public page that checks this certificate: pages/training/verify/index?code=… */
  verifyPath: string;
}

export type CertificateCheckView =
  ({ valid: true } & Omit<CertificateView, 'verifyPath'>) | { valid: false; code: string; reason: string };

export interface ProgrammeView {
  programmeId: string;
  name: string;
  year: number;
  description: string;
  plannedSessions: number;
  plannedOnSite: number;
  /** Sessions that have ended (not cancelled), and of them on site. */
  heldSessions: number;
  heldOnSite: number;
  /** Sessions not cancelled, held or to come. */
  scheduledSessions: number;
  scheduledOnSite: number;
  sessions: SessionSummary[];
}

export interface OrganiserView {
  organiserId: string;
  name: string;
  /** Users bound as the organiser's trainers. */
  trainerCount: number;
}

export interface SessionAdminView extends SessionSummary {
  syllabus: string;
  perEnterpriseLimit: number;
  liveUrl: string | null;
  organiserId: string;
  code: string | null;
  cancelReason: string | null;
  checkedInCount: number;
}

export interface TrainingStatsRow {
  key: string;
  label: string;
  sessionsHeld: number;
  seats: number;
  signups: number;
  checkedIn: number;
  /** checkedIn / confirmed seats of the held sessions, 0–1, null when nothing was held. */
  attendanceRate: number | null;
  enterprisesTrained: number;
  ratingCount: number;
  ratingAverage: number | null;
}

export interface TrainingStatsView {
  totals: TrainingStatsRow;
  byProgramme: TrainingStatsRow[];
  byCity: TrainingStatsRow[];
  byCluster: TrainingStatsRow[];
  generatedAt: string;
}

export interface ImportSessionsView {
  created: number;
  updated: number;
  errors: { line: number; reason: string }[];
}

export interface TrainingApi {
  // anyone
  listSessions: { input: z.input<typeof listSessionsInput>; output: Paged<SessionSummary> };
  getSession: { input: z.input<typeof sessionIdInput>; output: SessionView };
  listProgrammes: { input: Record<string, never>; output: { items: ProgrammeView[] } };
  getProgramme: { input: z.input<typeof programmeIdInput>; output: ProgrammeView };
  verifyCertificate: { input: z.input<typeof verifyCertificateInput>; output: CertificateCheckView };
  // users
  signUp: { input: z.input<typeof signUpInput>; output: { created: boolean; signups: SignupView[] } };
  mySignups: { input: z.input<typeof mySignupsInput>; output: Paged<SignupView> };
  getSignup: { input: z.input<typeof signupIdInput>; output: SignupView };
  cancelSignup: { input: z.input<typeof signupIdInput>; output: SignupView };
  checkInOnline: { input: z.input<typeof signupIdInput>; output: SignupView };
  certificate: { input: z.input<typeof signupIdInput>; output: CertificateView };
  rateSession: { input: z.input<typeof rateSessionInput>; output: SignupView };
  // trainers
  trainerSessions: {
    input: z.input<typeof trainerSessionsInput>;
    output: Paged<SessionSummary> & { organiserName: string };
  };
  roster: { input: z.input<typeof rosterInput>; output: RosterView };
  checkIn: { input: z.input<typeof checkInInput>; output: RosterEntry };
  checkInByName: { input: z.input<typeof checkInByNameInput>; output: RosterEntry };
  // admins
  saveProgramme: { input: z.input<typeof saveProgrammeInput>; output: ProgrammeView };
  saveOrganiser: { input: z.input<typeof saveOrganiserInput>; output: OrganiserView };
  listOrganisers: { input: Record<string, never>; output: { items: OrganiserView[] } };
  bindTrainer: { input: z.input<typeof bindTrainerInput>; output: OrganiserView };
  saveSession: { input: z.input<typeof saveSessionInput>; output: SessionAdminView };
  cancelSession: { input: z.input<typeof cancelSessionInput>; output: SessionAdminView };
  adminSessions: { input: z.input<typeof adminSessionsInput>; output: Paged<SessionAdminView> };
  importSessions: { input: z.input<typeof importSessionsInput>; output: ImportSessionsView };
  trainingStats: { input: z.input<typeof trainingStatsInput>; output: TrainingStatsView };
  trainingStatsCsv: {
    input: z.input<typeof trainingStatsInput>;
    output: { fileID: string; url: string; rows: number };
  };
  // timers
  remindAttendees: { input: Record<string, never>; output: { queued: number } };
}
