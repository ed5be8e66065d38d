import { z } from 'zod';
import {
  CABLE_CONCERN_CODES,
  CABLE_TYPE_CODES,
  CROSS_SECTION_SERIES_MESSAGE,
  CROSS_SECTIONS,
  constructionProblem,
  FINDING_OUTCOMES,
  isFileIdWithExtension,
  MAX_PHOTOS,
  PHOTO_EXTENSIONS,
  PURCHASE_CHANNEL_CODES,
  REPORT_EXTENSIONS,
  type CableConcern,
  type CableFamily,
  type CableType,
  type FindingOutcome,
  type PurchaseChannel,
  type RequesterType,
  type SampleDelivery,
} from '../core/cable/catalog';
import type { CableStats } from '../core/cable/stats';
import {
  CABLE_STATUSES,
  FINDING_DETAIL_MAX,
  MAX_FINDINGS,
  SCREENING_MESSAGES,
  SCREENING_NOTE_MAX,
  VERDICT_CODES,
  type CableStatus,
  type Verdict,
} from '../core/cable/workflow';
import { calendarDate } from '../core/time';
import { findCity, usccSchema } from '../core/uscc';
import {
  lengthProblem,
  PHONE_REQUIRED_MESSAGE,
  purchaseDateProblem,
  REQUEST_MESSAGES,
  REQUEST_TEXT,
} from '../../../miniprogram/shared/cable-request';
import {
  calendarDateSchema,
  contactSchema,
  idSchema,
  pageSchema,
  problemCheck,
  textSchema,
  type Paged,
} from './common';
import { textLength } from '../../../miniprogram/shared/text';

export { PHONE_REQUIRED_MESSAGE };
export type {
  CableConcern,
  CableStats,
  CableStatus,
  CableType,
  PurchaseChannel,
  RequesterType,
  SampleDelivery,
  Verdict,
};

// ---- field schemas ----

export const requesterTypeSchema = z.enum(['consumer', 'enterprise', 'contractor'], {
  message: '申请人类型应为消费者、企业或施工单位',
});
export const cableTypeSchema = z.enum(CABLE_TYPE_CODES, {
  message: `型号应为国家标准型号之一：${CABLE_TYPE_CODES.join('、')}`,
});
export const crossSectionSchema = z
  .number({ message: '标称截面应为数字（mm²）' })
  .refine((v) => (CROSS_SECTIONS as readonly number[]).includes(v), {
    message: CROSS_SECTION_SERIES_MESSAGE,
  });
export const concernSchema = z.enum(CABLE_CONCERN_CODES, { message: '疑似问题不在可选范围内' });
export const purchaseChannelSchema = z.enum(PURCHASE_CHANNEL_CODES, { message: '购买渠道不在可选范围内' });
export const cableStatusSchema = z.enum(CABLE_STATUSES, { message: '状态不正确' });
export const verdictSchema = z.enum(VERDICT_CODES, { message: '筛查结论应为未发现问题、疑似不合格或不合格' });

/** Cities are accepted by full or short name (广州市 / 广州) and stored by full name. */
export const guangdongCitySchema = z
  .string({ message: '请选择所在城市' })
  .trim()
  .transform((value, ctx) => {
    const city = findCity(value);
    if (!city) {
      ctx.addIssue({ code: 'custom', message: '所在城市应为广东省 21 个地级以上市之一' });
      return z.NEVER;
    }
    return city.name;
  });

/** An optional USCC: empty means "not given" (forms send ''), anything else must be a valid code. */
export const optionalUsccSchema = z
  .string({ message: '统一社会信用代码应为文本' })
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return undefined;
    const parsed = usccSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return parsed.data;
  });

/** A purchase date: a real calendar day, not after today (Asia/Shanghai). */
export const purchaseDateSchema = calendarDateSchema.superRefine(
  problemCheck((d: string) => purchaseDateProblem(d, calendarDate(new Date()))),
);

export const photoFileIdSchema = z
  .string({ message: '照片应为云存储文件 ID' })
  .refine((v) => isFileIdWithExtension(v, PHOTO_EXTENSIONS), {
    message: `照片必须是已上传到云存储的图片（cloud://…，格式 ${PHOTO_EXTENSIONS.join('、')}）`,
  });
export const reportFileIdSchema = z
  .string({ message: '报告应为云存储文件 ID' })
  .refine((v) => isFileIdWithExtension(v, REPORT_EXTENSIONS), {
    message: `筛查报告必须是已上传到云存储的文件（cloud://…，格式 ${REPORT_EXTENSIONS.join('、')}）`,
  });

const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const cableSpecSchema = z
  .object({
    type: cableTypeSchema.meta({ title: '型号' }),
    crossSection: crossSectionSchema.meta({ title: '标称截面' }),
    cores: z
      .number({ message: '芯数应为数字' })
      .int('芯数必须是整数')
      .min(1, '芯数为 1–5')
      .max(5, '芯数为 1–5')
      .meta({ title: '芯数' }),
    brand: textSchema(REQUEST_TEXT.brand, '请填写品牌').meta({ title: '品牌' }),
    /** null: 不清楚 (the label is lost, the cable came with the house). */
    manufacturer: textSchema(REQUEST_TEXT.manufacturer, REQUEST_MESSAGES.manufacturerMissing)
      .meta({ title: '生产厂家' })
      .nullable(),
    manufacturerUscc: optionalUsccSchema.meta({ title: '生产厂家的统一社会信用代码' }),
    purchaseChannel: purchaseChannelSchema.meta({ title: '购买渠道' }),
    /** Shop name, platform store or contractor, free text. */
    purchaseChannelDetail: textSchema(REQUEST_TEXT.purchaseChannelDetail).meta({ title: '渠道说明' }).default(''),
    /** null: 不清楚. */
    purchaseDate: purchaseDateSchema.meta({ title: '购买日期' }).nullable(),
    /** Metres bought (or installed); null: 不清楚. */
    length: z
      .number({ message: REQUEST_MESSAGES.lengthNotNumber })
      .superRefine(problemCheck(lengthProblem))
      .meta({ title: '长度' })
      .nullable(),
  })
  .superRefine((cable, ctx) => {
    const problem = constructionProblem(cable.type, cable.cores, cable.crossSection);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['cores'] });
  });

export const submitCableRequestInput = z
  .object({
    requesterType: requesterTypeSchema.meta({ title: '申请人类型' }),
    /** Company or contractor name (optional, for enterprise and contractor requesters). */
    organization: textSchema(REQUEST_TEXT.organization).meta({ title: '单位名称' }).default(''),
    contact: contactSchema,
    city: guangdongCitySchema.meta({ title: '所在城市' }),
    cable: cableSpecSchema.meta({ title: '电线电缆信息' }),
    concerns: z
      .array(concernSchema, { message: '请选择疑似问题' })
      .min(1, REQUEST_MESSAGES.concernsMissing)
      .max(CABLE_CONCERN_CODES.length)
      .refine(unique, '疑似问题不能重复选择')
      .meta({ title: '疑似问题' }),
    description: textSchema(REQUEST_TEXT.description).meta({ title: '问题描述' }).default(''),
    photos: z
      .array(photoFileIdSchema, { message: '照片应为文件 ID 列表' })
      .max(MAX_PHOTOS, REQUEST_MESSAGES.photosTooMany)
      .refine(unique, '照片不能重复')
      .meta({ title: '照片' })
      .default([]),
    preferredHospitalId: idSchema.meta({ title: '产品医院' }).nullish(),
    sampleDelivery: z
      .enum(['drop-off', 'pickup'], { message: '送样方式应为自行送样或上门取样' })
      .meta({ title: '送样方式' }),
    // Required only for a pickup (below), so only its maximum applies here.
    pickupAddress: textSchema({ ...REQUEST_TEXT.pickupAddress, min: 0 })
      .meta({ title: '取样地址' })
      .default(''),
    /** Generated once per form by the client; a repeat returns the first request instead of a new one. */
    clientRequestId: z
      .string({ message: '缺少请求编号' })
      .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号应为 8–64 位字母、数字、下划线或连字符')
      .meta({ title: '请求编号' }),
  })
  .refine((r) => r.sampleDelivery !== 'pickup' || textLength(r.pickupAddress) >= REQUEST_TEXT.pickupAddress.min, {
    message: REQUEST_TEXT.pickupAddress.tooShort,
    path: ['pickupAddress'],
  });

const requestIdSchema = idSchema.meta({ title: '申请编号' });
const statusFilterSchema = cableStatusSchema.meta({ title: '状态' });

export const requestIdInput = z.object({ requestId: requestIdSchema });
export const cancelCableRequestInput = z.object({
  requestId: requestIdSchema,
  reason: textSchema(REQUEST_TEXT.cancelReason).meta({ title: '撤销原因' }).default(''),
});
export const myCableRequestsInput = z.object({ status: statusFilterSchema.optional(), page: pageSchema });

export const findingSchema = z.object({
  item: concernSchema.meta({ title: '检查项目' }),
  outcome: z
    .enum(Object.keys(FINDING_OUTCOMES) as [FindingOutcome, ...FindingOutcome[]], {
      message: '检查结果应为符合、存疑或不符合',
    })
    .meta({ title: '检查结果' }),
  detail: textSchema({
    min: 0,
    tooShort: '',
    max: FINDING_DETAIL_MAX,
    tooLong: SCREENING_MESSAGES.findingDetailTooLong,
  })
    .meta({ title: '检查说明' })
    .default(''),
});

export const screeningQueueInput = z.object({ status: statusFilterSchema.optional(), page: pageSchema });
export const updateScreeningInput = z.object({
  requestId: requestIdSchema,
  to: cableStatusSchema.meta({ title: '下一步' }),
  note: textSchema({ min: 0, tooShort: '', max: SCREENING_NOTE_MAX, tooLong: SCREENING_MESSAGES.noteTooLong })
    .meta({ title: '说明' })
    .optional(),
  verdict: verdictSchema.meta({ title: '筛查结论' }).optional(),
  findings: z
    .array(findingSchema)
    .max(MAX_FINDINGS, SCREENING_MESSAGES.tooManyFindings)
    .meta({ title: '检查项目' })
    .optional(),
  reportFileID: reportFileIdSchema.meta({ title: '筛查报告' }).optional(),
});

export const cableStatsInput = z
  .object({ from: calendarDateSchema.meta({ title: '开始日期' }), to: calendarDateSchema.meta({ title: '结束日期' }) })
  .refine((r) => r.from <= r.to, { message: '开始日期不能晚于结束日期', path: ['to'] });

// ---- views ----

export interface CableSpecView {
  type: CableType;
  typeLabel: string;
  family: CableFamily;
  crossSection: number;
  cores: number;
  brand: string;
  /** null: the requester answered 不清楚 (so for purchaseDate and length); the *Text fields read 不清楚 then. */
  manufacturer: string | null;
  manufacturerText: string;
  manufacturerUscc: string | null;
  purchaseChannel: PurchaseChannel;
  purchaseChannelLabel: string;
  purchaseChannelDetail: string;
  purchaseDate: string | null;
  purchaseDateText: string;
  length: number | null;
  /** "100 米" or 不清楚. */
  lengthText: string;
}

export interface CableHistoryView {
  from: CableStatus | null;
  to: CableStatus;
  toLabel: string;
  at: string;
  by: 'requester' | 'staff';
  /** The acting hospital for staff moves. */
  hospitalName: string | null;
  note: string;
}

export interface FindingView {
  item: CableConcern;
  itemLabel: string;
  outcome: FindingOutcome;
  outcomeLabel: string;
  detail: string;
}

/** The manufacturer's standing in the latest published red list (null when no list is published). */
export interface RedlistStatusView {
  uscc: string;
  version: string;
  publishedAt: string | null;
  listed: boolean;
  tier: 'ten' | 'five' | 'three' | null;
  tierLabel: string | null;
  years: number | null;
  name: string | null;
}

/** Where a requester can go next after a suspected or non-conforming verdict. */
export interface CableFollowUpView {
  /** The open campaign with a pool for persons (the cable voucher), if one is open now. */
  voucherCampaign: {
    campaignId: string;
    title: string;
    poolId: string;
    poolLabel: string;
    faceValue: number;
    closesAt: string;
  } | null;
  complaint: { hotline: string; platform: string; url: string; miniProgram: string; hint: string };
}

/** A request in a list: contact always masked. */
export interface CableRequestSummary {
  requestId: string;
  requestNo: string;
  status: CableStatus;
  statusLabel: string;
  requesterType: RequesterType;
  contact: { name: string; phone: string };
  city: string;
  cable: { type: CableType; crossSection: number; cores: number; brand: string };
  concerns: CableConcern[];
  hospitalId: string | null;
  hospitalName: string | null;
  preferredHospitalId: string | null;
  verdict: Verdict | null;
  verdictLabel: string | null;
  submittedAt: string;
  statusChangedAt: string;
  /** Calendar days since submission (until it closed, for closed requests). */
  daysWaiting: number;
}

/**
 * A stored file as a viewer may open it. Storage is private: other users' files are reachable only
 * through the signed temporary URL the server asks for on each answer (never the fileID).
 */
export interface CableFileView {
  /** Signed temporary download URL; null when the file is gone from storage (or storage did not answer). */
  url: string | null;
  /** How the pages open it: images in the image viewer, PDFs downloaded and opened. */
  kind: 'image' | 'pdf';
}

export interface CableRequestView extends CableRequestSummary {
  /** True when contact (and pickup address) are masked for this viewer. */
  contactMasked: boolean;
  organization: string;
  cable: CableSpecView;
  concernLabels: string[];
  description: string;
  /**
   * The photos, for the requester and for staff of the hospital the request is assigned to; empty for
   * hospitals that have not accepted it (photoCount still says how many there are).
   */
  photos: CableFileView[];
  photoCount: number;
  preferredHospitalName: string | null;
  sampleDelivery: SampleDelivery;
  sampleDeliveryLabel: string;
  pickupAddress: string | null;
  history: CableHistoryView[];
  findings: FindingView[];
  /** The screening report, once completed (same viewers as the photos). */
  report: CableFileView | null;
  /** Seconds the URLs in photos and report stay valid after this answer (0 when there are none). */
  filesExpireIn: number;
  /**
   * Where this viewer uploads the screening report (staff of the assigned hospital): updateScreening
   * accepts a reportFileID only from `cloud://…/<reportFolder>/`. Null for everybody else.
   */
  reportFolder: string | null;
  rejectionReason: string | null;
  redlist: RedlistStatusView | null;
  followUp: CableFollowUpView | null;
  /** Moves this viewer may make now (buttons). */
  actions: CableStatus[];
}

export interface CableFormOptions {
  requesterTypes: { code: RequesterType; label: string }[];
  cableTypes: {
    code: CableType;
    label: string;
    family: CableFamily;
    cores: [number, number];
    crossSections: number[];
  }[];
  crossSections: number[];
  concerns: { code: CableConcern; label: string }[];
  purchaseChannels: { code: PurchaseChannel; label: string }[];
  cities: string[];
  hospitals: { hospitalId: string; name: string; city: string; cableSpecialist: boolean }[];
  sampleDelivery: { code: SampleDelivery; label: string }[];
  maxPhotos: number;
  maxOpenRequests: number;
  /**
   * Where this user uploads photos: submit accepts only photos from `cloud://…/<photoFolder>/` that
   * exist. Null for a caller without an OPENID (who cannot submit).
   */
  photoFolder: string | null;
}

export interface CableStatsView extends CableStats {
  from: string;
  to: string;
}

/** The `cable` function (requesters). */
export interface CableApi {
  formOptions: { input: Record<string, never>; output: CableFormOptions };
  submit: {
    input: z.input<typeof submitCableRequestInput>;
    /** created=false: the clientRequestId was seen before and this is the first request. */
    output: { created: boolean; request: CableRequestView };
  };
  myRequests: {
    input: z.input<typeof myCableRequestsInput>;
    output: Paged<CableRequestSummary> & { openCount: number; maxOpen: number };
  };
  getRequest: { input: z.input<typeof requestIdInput>; output: CableRequestView };
  cancel: { input: z.input<typeof cancelCableRequestInput>; output: CableRequestView };
}

/** Screening actions of the `hospital` function (staff). */
export interface ScreeningApi {
  screeningQueue: {
    input: z.input<typeof screeningQueueInput>;
    output: Paged<CableRequestSummary> & { hospitalId: string; counts: Record<CableStatus, number> };
  };
  getScreening: { input: z.input<typeof requestIdInput>; output: CableRequestView };
  updateScreening: { input: z.input<typeof updateScreeningInput>; output: CableRequestView };
}
