import { z } from 'zod';
import { ISSUE_PATTERN, NUMBERS_PATTERN, normalizeIssue, normalizeNumbers } from '../core/draw/lottery';
import {
  CAMPAIGN_DESCRIPTION_RULE,
  CAMPAIGN_MESSAGES,
  CAMPAIGN_TITLE_RULE,
  drawDateAfterClose,
  FACE_VALUE_MAX,
  POOL_ID_PATTERN,
  POOL_LABEL_RULE,
  POOL_QUANTITY_MAX,
  poolIdsUnique,
  POOLS_MAX,
  validAfterClose,
  windowInOrder,
} from '../../../miniprogram/shared/campaign-rules';
import { SERVICE_TYPE_CODES, type ServiceType } from '../../../miniprogram/shared/services';
import { APPLICANT_TYPE_CODES, type ApplicantType } from '../../../miniprogram/shared/vouchers';
import {
  calendarDateSchema,
  contactSchema,
  idSchema,
  instantSchema,
  pageSchema,
  textSchema,
  textUpTo,
  type Paged,
} from './common';

// What a voucher can offset and who may apply: codes and labels live once in miniprogram/shared.
export { SERVICE_TYPES, SERVICE_TYPE_CODES, type ServiceType } from '../../../miniprogram/shared/services';
export { APPLICANT_TYPES, type ApplicantType } from '../../../miniprogram/shared/vouchers';

export const serviceTypeSchema = z.enum(SERVICE_TYPE_CODES, { message: '服务类型不在检测券可抵扣范围内' });
export const applicantTypeSchema = z.enum(APPLICANT_TYPE_CODES, { message: '申领人类型应为企业或个人' });

export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed', 'drawn', 'published'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const poolSchema = z.object({
  poolId: z.string().regex(POOL_ID_PATTERN, CAMPAIGN_MESSAGES.poolId).meta({ title: '奖池编号' }),
  faceValue: z
    .number()
    .int(CAMPAIGN_MESSAGES.faceValueInteger)
    .positive(CAMPAIGN_MESSAGES.faceValuePositive)
    .max(FACE_VALUE_MAX, CAMPAIGN_MESSAGES.faceValueMax)
    .meta({ title: '面值' }),
  quantity: z
    .number()
    .int(CAMPAIGN_MESSAGES.quantityInteger)
    .positive(CAMPAIGN_MESSAGES.quantityPositive)
    .max(POOL_QUANTITY_MAX, CAMPAIGN_MESSAGES.quantityMax)
    .meta({ title: '数量' }),
  applicantTypes: z.array(applicantTypeSchema).min(1, CAMPAIGN_MESSAGES.applicantTypes).meta({ title: '申领人类型' }),
  label: textSchema(POOL_LABEL_RULE).meta({ title: '奖池名称' }).optional(),
});
export type Pool = z.infer<typeof poolSchema>;

const lotteryIssueSchema = z
  .string()
  .trim()
  .max(40, '开奖期号不超过 40 个字')
  .regex(ISSUE_PATTERN, '开奖期号应写成“福彩3D 第2026335期”的形式')
  .transform(normalizeIssue);

/**
 * Where the draw's public random value will come from, chosen for the draft and fixed at open
 * (default: drand quicknet): a drand chain, or an official lottery issue drawn after the closing day.
 */
export const beaconChoiceSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('drand'),
      chain: z
        .enum(['quicknet', 'default'], { message: 'drand 网络应为 quicknet 或 default' })
        .meta({ title: 'drand 网络' })
        .default('quicknet'),
    }),
    z.object({
      type: z.literal('announced'),
      issue: lotteryIssueSchema.meta({ title: '开奖期号' }),
      drawDate: calendarDateSchema.meta({ title: '彩票开奖日期' }),
    }),
  ],
  { message: '公开随机数来源应为 drand 或已公告的彩票期号' },
);
export type BeaconChoice = z.infer<typeof beaconChoiceSchema>;

const campaignFields = {
  title: textSchema(CAMPAIGN_TITLE_RULE).meta({ title: '活动标题' }),
  description: textSchema(CAMPAIGN_DESCRIPTION_RULE).meta({ title: '活动说明' }).default(''),
  opensAt: instantSchema.meta({ title: '开始时间' }),
  closesAt: instantSchema.meta({ title: '截止时间' }),
  cap: z.number().int().positive(CAMPAIGN_MESSAGES.capPositive).meta({ title: '封顶金额' }),
  voucherValidUntil: calendarDateSchema.meta({ title: '检测券有效期' }),
  pools: z
    .array(poolSchema)
    .min(1, CAMPAIGN_MESSAGES.poolsMin)
    .max(POOLS_MAX, CAMPAIGN_MESSAGES.poolsMax)
    .refine((pools) => poolIdsUnique(pools.map((p) => p.poolId)), CAMPAIGN_MESSAGES.poolIdsUnique)
    .meta({ title: '奖池' }),
  services: z
    .array(serviceTypeSchema)
    .meta({ title: '可抵扣服务' })
    .default([...SERVICE_TYPE_CODES]),
  beaconSource: beaconChoiceSchema.meta({ title: '公开随机数来源' }).optional(),
};

export const createCampaignInput = z
  .object(campaignFields)
  .refine((c) => windowInOrder(c.opensAt, c.closesAt), { message: CAMPAIGN_MESSAGES.windowOrder, path: ['closesAt'] })
  .refine((c) => c.pools.every((p) => p.faceValue <= c.cap), {
    message: CAMPAIGN_MESSAGES.faceValueOverCap,
    path: ['pools'],
  })
  .refine((c) => validAfterClose(c.voucherValidUntil, c.closesAt), {
    message: CAMPAIGN_MESSAGES.validityAfterClose,
    path: ['voucherValidUntil'],
  })
  // The numbers must not exist while applications can still come in.
  .refine((c) => c.beaconSource?.type !== 'announced' || drawDateAfterClose(c.beaconSource.drawDate, c.closesAt), {
    message: CAMPAIGN_MESSAGES.drawDateAfterClose,
    path: ['beaconSource', 'drawDate'],
  });

/** The campaign an action is about. */
const campaignIdSchema = idSchema.meta({ title: '活动编号' });
const poolIdSchema = z.string().min(1).max(16).meta({ title: '奖池编号' });

export const updateCampaignInput = z.object({ campaignId: campaignIdSchema, ...campaignFields });
export const campaignIdInput = z.object({ campaignId: campaignIdSchema });
export const drawInput = z.object({
  campaignId: campaignIdSchema,
  /** Announced sources only: the pinned issue and its drawn numbers as the lottery announced them. */
  announced: z
    .object({
      issue: lotteryIssueSchema.meta({ title: '开奖期号' }),
      numbers: z
        .string()
        .max(60, '开奖号码过长')
        .transform(normalizeNumbers)
        .refine((n) => NUMBERS_PATTERN.test(n), '开奖号码应为以空格分隔的数字，例如“5 0 8”')
        .meta({ title: '开奖号码' }),
    })
    .meta({ title: '彩票开奖结果' })
    .optional(),
  // The beacon is the pinned source's value, never a string of the caller's choosing.
  beacon: z
    .never({ message: '公开随机数由活动开放时锁定的来源决定，不能手工指定' })
    .meta({ title: '公开随机数' })
    .optional(),
});
export const promoteWaitlistInput = z.object({ campaignId: campaignIdSchema, poolId: poolIdSchema });
export const jobStatusInput = z.object({ jobId: idSchema.meta({ title: '任务编号' }) });

export const applyInput = z.object({
  campaignId: campaignIdSchema,
  applicantType: applicantTypeSchema.meta({ title: '申领身份' }),
  poolIds: z
    .array(poolIdSchema)
    .min(1, '请至少选择一种面值')
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, '面值不能重复选择')
    .meta({ title: '申领面值' }),
  contact: contactSchema,
  services: z.array(serviceTypeSchema).max(8).meta({ title: '计划使用的服务' }).default([]),
  consent: z.literal(true, { message: '请阅读并同意申领须知' }).meta({ title: '申领须知' }),
});

export const applicationIdInput = z.object({ applicationId: idSchema.meta({ title: '申领编号' }) });
export const voucherIdInput = z.object({ voucherId: idSchema.meta({ title: '检测券编号' }) });
export const resultsInput = z.object({
  campaignId: campaignIdSchema,
  poolId: poolIdSchema.optional(),
  page: pageSchema,
});
export const listCampaignsInput = z.object({ page: pageSchema });

/** Control characters never belong in a search box (a NUL cannot even be put in a database regex). */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** "Did I win?": a published campaign's results, searched by an enterprise's name or its USCC. */
export const searchResultsInput = z.object({
  campaignId: campaignIdSchema,
  q: textSchema({
    min: 2,
    tooShort: '请输入至少 2 个字的企业名称，或 18 位统一社会信用代码',
    max: 60,
    tooLong: '搜索词不超过 60 个字',
  })
    .refine((q) => !CONTROL_CHARACTER.test(q), '搜索词不能包含控制字符')
    .meta({ title: '搜索词' }),
  page: pageSchema,
});

export const hospitalInput = z
  .object({
    hospitalId: z
      .string()
      .regex(/^[a-z0-9-]{2,32}$/, '医院编号只能是小写字母、数字和连字符')
      .meta({ title: '医院编号' }),
    name: textSchema({ min: 2, tooShort: '医院名称至少 2 个字', max: 60, tooLong: '医院名称不超过 60 个字' }).meta({
      title: '医院名称',
    }),
    city: textSchema({ min: 2, tooShort: '所在城市至少 2 个字', max: 10, tooLong: '所在城市不超过 10 个字' }).meta({
      title: '所在城市',
    }),
    address: textUpTo('地址', 120).meta({ title: '地址' }).default(''),
    phone: textUpTo('电话', 30).meta({ title: '电话' }).default(''),
    specialties: z.array(textUpTo('专长', 20)).max(20).meta({ title: '专长' }).default([]),
    services: z
      .array(serviceTypeSchema)
      .meta({ title: '服务项目' })
      .default([...SERVICE_TYPE_CODES]),
    active: z.boolean().meta({ title: '是否启用' }).default(true),
    /** Where wx.openLocation points (GCJ-02, as WeChat's map); both or neither. */
    latitude: z
      .number()
      .min(-90, '纬度应在 -90 到 90 之间')
      .max(90, '纬度应在 -90 到 90 之间')
      .meta({ title: '纬度' })
      .nullable()
      .default(null),
    longitude: z
      .number()
      .min(-180, '经度应在 -180 到 180 之间')
      .max(180, '经度应在 -180 到 180 之间')
      .meta({ title: '经度' })
      .nullable()
      .default(null),
  })
  .refine((h) => (h.latitude === null) === (h.longitude === null), {
    message: '经度和纬度须同时填写',
    path: ['longitude'],
  });
export const grantRoleInput = z
  .object({
    openid: idSchema.meta({ title: '用户' }),
    role: z
      .enum(['admin', 'staff', 'expert', 'trainer'], { message: '角色应为管理员、医院工作人员、帮扶专家或培训签到员' })
      .meta({ title: '角色' }),
    hospitalId: z.string().min(2).max(32).meta({ title: '医院' }).optional(),
  })
  .refine((r) => r.role !== 'staff' || !!r.hospitalId, {
    message: '授予医院工作人员角色时必须指定医院',
    path: ['hospitalId'],
  })
  // An expert answers for one record of the 专家库: the role comes with the binding (helpdesk.bindExpert).
  .refine((r) => r.role !== 'expert', {
    message: '帮扶专家角色不能直接授予，请在专家库中“绑定专家”（为该用户绑定一条专家记录）',
    path: ['role'],
  })
  // A trainer checks in for one organiser: the role comes with the binding (training.bindTrainer).
  .refine((r) => r.role !== 'trainer', {
    message: '培训签到员角色不能直接授予，请在培训管理中为主办单位“绑定签到员”',
    path: ['role'],
  });
export const revokeRoleInput = z.object({
  openid: idSchema.meta({ title: '用户' }),
  /** 'expert' also unbinds the user's expert record (services/expert-binding.ts); 'trainer' clears users.organiserId. */
  role: z
    .enum(['admin', 'staff', 'expert', 'trainer'], { message: '角色应为管理员、医院工作人员、帮扶专家或培训签到员' })
    .meta({ title: '角色' }),
});

// ---- views (what the client receives) ----

export interface CampaignView {
  campaignId: string;
  title: string;
  description: string;
  status: CampaignStatus;
  opensAt: string;
  closesAt: string;
  cap: number;
  voucherValidUntil: string;
  pools: Pool[];
  services: ServiceType[];
  commitment: string | null;
  snapshotHash: string | null;
  snapshotCount: number | null;
  beacon: string | null;
  /** The beacon source pinned at open (null for drafts); its value only once the results are published. */
  beaconSource: BeaconSourceView | null;
  seed: string | null;
  resultDigest: string | null;
  publishedAt: string | null;
}

export type BeaconSourceView =
  | {
      type: 'drand';
      chain: 'quicknet' | 'default' | 'test';
      /** A local cloud's test chain, not a public drand network. */
      test: boolean;
      chainHash: string;
      round: number;
      /** When the round is produced (ISO). */
      roundTime: string;
      randomness: string | null;
    }
  | { type: 'announced'; issue: string; drawDate: string; numbers: string | null };

export type ApplicationStatus = 'submitted' | 'won' | 'waitlisted' | 'lost';

export interface ApplicationView {
  applicationId: string;
  campaignId: string;
  campaignTitle: string;
  applicantType: ApplicantType;
  applicantName: string;
  poolIds: string[];
  services: ServiceType[];
  contact: { name: string; phone: string };
  status: ApplicationStatus;
  /** Visible once results are published. */
  wonPoolIds: string[];
  waitlist: { poolId: string; rank: number }[];
  submittedAt: string;
}

export type VoucherStatus = 'issued' | 'redeemed' | 'expired' | 'void';

export interface RedemptionView {
  hospitalId: string;
  hospitalName: string;
  serviceType: ServiceType;
  fee: number;
  offset: number;
  redeemedAt: string;
}

export interface VoucherView {
  voucherId: string;
  campaignId: string;
  campaignTitle: string;
  poolId: string;
  faceValue: number;
  status: VoucherStatus;
  validUntil: string;
  holderName: string;
  services: ServiceType[];
  redemption: RedemptionView | null;
  /** Only for the holder and only while the voucher can be used. */
  qrPayload: string | null;
  qrImage: string | null;
}

export interface HospitalView {
  hospitalId: string;
  name: string;
  city: string;
  address: string;
  phone: string;
  specialties: string[];
  services: ServiceType[];
  /** GCJ-02 coordinates for wx.openLocation and distance sorting; null when not recorded. */
  latitude: number | null;
  longitude: number | null;
}

export interface ResultRow {
  rank: number;
  applicationId: string;
  displayName: string;
  applicantType: ApplicantType;
}

/**
 * Where one application stands in one pool after the draw, as the published record says it: the
 * pool's entries in ticket order (those skipped for the cap left out), winners first.
 */
export interface PoolStandingView {
  poolId: string;
  /** won: among the draw's winners; promoted: won later from the waitlist (owner only); skipped: the cap left it out. */
  outcome: 'won' | 'promoted' | 'waitlisted' | 'skipped';
  /** Place in the pool's draw order, 1 = lowest ticket; null when skipped. */
  rank: number | null;
  /** The draw's winners of the pool took places 1 to this. */
  lastWinningRank: number;
  /** Place on the waitlist (rank − lastWinningRank), null unless waitlisted or promoted. */
  waitlistRank: number | null;
}

/** A search hit: an enterprise's application and its standing per pool (nothing the record does not show). */
export interface ResultSearchRow {
  applicationId: string;
  applicantName: string;
  uscc: string;
  pools: PoolStandingView[];
}

/** My standing in one pool, with the ticket that decided it and the HMAC message it was computed from. */
export interface MyTicketView extends PoolStandingView {
  /** HMAC-SHA256(key = the seed as 32 bytes, message), hex: draw-v1's ticket; lower is better. */
  ticket: string;
  /** `poolId|applicationId`. */
  message: string;
}

export interface MyResultView {
  applicationId: string;
  applicantType: ApplicantType;
  applicantName: string;
  /** Pools in the draw's order. */
  pools: MyTicketView[];
}

export interface DrawRecordView {
  algorithm: 'draw-v1';
  campaignId: string;
  cap: number;
  pools: { poolId: string; faceValue: number; quantity: number }[];
  commitment: string;
  secret: string;
  beacon: string;
  snapshotHash: string;
  seed: string;
  resultDigest: string;
  entryCount: number;
  /** The full record (entries and result) as a downloadable JSON file. */
  recordFileID: string;
  recordUrl: string;
}

export interface JobView {
  jobId: string;
  kind: string;
  status: 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  message: string | null;
}

/**
 * How many have applied to a campaign, per pool (voucher/live-figures.ts): counts only, never who. `final`
 * once applications are closed (the counts no longer change; pages show no odds then).
 */
export interface LiveFiguresView {
  campaignId: string;
  final: boolean;
  /** Applicants (applications: one per enterprise or person) and the pools they named, in the campaign's order. */
  applicants: number;
  pools: { poolId: string; quantity: number; applicants: number }[];
  /** When the counts were read (ISO); a server instance reuses them for `maxAgeSeconds`. */
  countedAt: string;
  maxAgeSeconds: number;
}

export interface VoucherApi {
  /** `applied`: the calling user has an application in the campaign (false for anonymous callers). */
  listCampaigns: { input: z.input<typeof listCampaignsInput>; output: Paged<CampaignView & { applied: boolean }> };
  getCampaign: {
    input: z.input<typeof campaignIdInput>;
    output: { campaign: CampaignView; hospitals: HospitalView[]; myApplication: ApplicationView | null };
  };
  apply: { input: z.input<typeof applyInput>; output: ApplicationView };
  withdraw: { input: z.input<typeof applicationIdInput>; output: { withdrawn: true } };
  myApplications: { input: z.input<typeof listCampaignsInput>; output: Paged<ApplicationView> };
  myVouchers: { input: z.input<typeof listCampaignsInput>; output: Paged<VoucherView> };
  getVoucher: { input: z.input<typeof voucherIdInput>; output: VoucherView };
  declineVoucher: { input: z.input<typeof voucherIdInput>; output: VoucherView };
  results: { input: z.input<typeof resultsInput>; output: Paged<ResultRow> & { poolId: string; pools: string[] } };
  drawRecord: { input: z.input<typeof campaignIdInput>; output: DrawRecordView };
  searchResults: { input: z.input<typeof searchResultsInput>; output: Paged<ResultSearchRow> };
  myResults: { input: z.input<typeof campaignIdInput>; output: { seed: string; items: MyResultView[] } };
  listHospitals: { input: Record<string, never>; output: HospitalView[] };
  /** Public: applicants per pool, counted at most every LIVE_FIGURES_TTL_MS per function instance. */
  liveFigures: { input: z.input<typeof campaignIdInput>; output: LiveFiguresView };
}
