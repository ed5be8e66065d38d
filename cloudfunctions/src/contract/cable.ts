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
  purchaseDateProblem,
  REQUEST_MESSAGES,
  REQUEST_TEXT,
  type TextRule,
} from '../../../miniprogram/shared/cable-request';
import { calendarDateSchema, contactSchema, idSchema, pageSchema, problemCheck, type Paged } from './common';

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

/** A free-text field by its shared rule: trimmed, at least `min` characters (when above 0), at most `max`. */
function textSchema(rule: TextRule, typeMessage?: string) {
  const text = z.string(typeMessage === undefined ? undefined : { message: typeMessage }).trim();
  return (rule.min > 0 ? text.min(rule.min, rule.tooShort) : text).max(rule.max, rule.tooLong);
}

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
    type: cableTypeSchema,
    crossSection: crossSectionSchema,
    cores: z.number({ message: '芯数应为数字' }).int('芯数必须是整数').min(1, '芯数为 1–5').max(5, '芯数为 1–5'),
    brand: textSchema(REQUEST_TEXT.brand, '请填写品牌'),
    manufacturer: textSchema(REQUEST_TEXT.manufacturer, '请填写生产厂家'),
    manufacturerUscc: optionalUsccSchema,
    purchaseChannel: purchaseChannelSchema,
    /** Shop name, platform store or contractor, free text. */
    purchaseChannelDetail: textSchema(REQUEST_TEXT.purchaseChannelDetail).default(''),
    purchaseDate: purchaseDateSchema,
    /** Metres bought (or installed). */
    length: z.number({ message: REQUEST_MESSAGES.lengthNotNumber }).superRefine(problemCheck(lengthProblem)),
  })
  .superRefine((cable, ctx) => {
    const problem = constructionProblem(cable.type, cable.cores, cable.crossSection);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['cores'] });
  });

export const submitCableRequestInput = z
  .object({
    requesterType: requesterTypeSchema,
    /** Company or contractor name (optional, for enterprise and contractor requesters). */
    organization: textSchema(REQUEST_TEXT.organization).default(''),
    contact: contactSchema,
    city: guangdongCitySchema,
    cable: cableSpecSchema,
    concerns: z
      .array(concernSchema, { message: '请选择疑似问题' })
      .min(1, REQUEST_MESSAGES.concernsMissing)
      .max(CABLE_CONCERN_CODES.length)
      .refine(unique, '疑似问题不能重复选择'),
    description: textSchema(REQUEST_TEXT.description).default(''),
    photos: z
      .array(photoFileIdSchema, { message: '照片应为文件 ID 列表' })
      .max(MAX_PHOTOS, REQUEST_MESSAGES.photosTooMany)
      .refine(unique, '照片不能重复')
      .default([]),
    preferredHospitalId: idSchema.nullish(),
    sampleDelivery: z.enum(['drop-off', 'pickup'], { message: '送样方式应为自行送样或上门取样' }),
    // Required only for a pickup (below), so only its maximum applies here.
    pickupAddress: textSchema({ ...REQUEST_TEXT.pickupAddress, min: 0 }).default(''),
    /** Generated once per form by the client; a repeat returns the first request instead of a new one. */
    clientRequestId: z
      .string({ message: '缺少请求编号' })
      .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号应为 8–64 位字母、数字、下划线或连字符'),
  })
  .refine((r) => r.sampleDelivery !== 'pickup' || r.pickupAddress.length >= REQUEST_TEXT.pickupAddress.min, {
    message: REQUEST_TEXT.pickupAddress.tooShort,
    path: ['pickupAddress'],
  });

export const requestIdInput = z.object({ requestId: idSchema });
export const cancelCableRequestInput = z.object({
  requestId: idSchema,
  reason: textSchema(REQUEST_TEXT.cancelReason).default(''),
});
export const myCableRequestsInput = z.object({ status: cableStatusSchema.optional(), page: pageSchema });

export const findingSchema = z.object({
  item: concernSchema,
  outcome: z.enum(Object.keys(FINDING_OUTCOMES) as [FindingOutcome, ...FindingOutcome[]], {
    message: '检查结果应为符合、存疑或不符合',
  }),
  detail: z.string().trim().max(FINDING_DETAIL_MAX, SCREENING_MESSAGES.findingDetailTooLong).default(''),
});

export const screeningQueueInput = z.object({ status: cableStatusSchema.optional(), page: pageSchema });
export const updateScreeningInput = z.object({
  requestId: idSchema,
  to: cableStatusSchema,
  note: z.string().trim().max(SCREENING_NOTE_MAX, SCREENING_MESSAGES.noteTooLong).optional(),
  verdict: verdictSchema.optional(),
  findings: z.array(findingSchema).max(MAX_FINDINGS, SCREENING_MESSAGES.tooManyFindings).optional(),
  reportFileID: reportFileIdSchema.optional(),
});

export const cableStatsInput = z
  .object({ from: calendarDateSchema, to: calendarDateSchema })
  .refine((r) => r.from <= r.to, { message: '开始日期不能晚于结束日期', path: ['to'] });

// ---- views ----

export interface CableSpecView {
  type: CableType;
  typeLabel: string;
  family: CableFamily;
  crossSection: number;
  cores: number;
  brand: string;
  manufacturer: string;
  manufacturerUscc: string | null;
  purchaseChannel: PurchaseChannel;
  purchaseChannelLabel: string;
  purchaseChannelDetail: string;
  purchaseDate: string;
  length: number;
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
