import { z } from 'zod';
import {
  BATCH_NO_PATTERN,
  CCC_PATTERN,
  CODE_KIND_CODES,
  CREDIT_CODE_PATTERN,
  CREDIT_LIMITS,
  CREDIT_TEXT,
  normalizeCreditCode,
  STANDARD_PATTERN,
  type CodeKind,
  type ScanWarningCode,
} from '../../../miniprogram/shared/credit';
import { guangdongCitySchema } from './cable';
import { calendarDateSchema, idSchema, pageSchema, textSchema, type Paged } from './common';
import { productCategorySchema } from './helpdesk';

export type { CodeKind, ScanWarningCode };

// ---- field schemas ----

/** A credit code as people type it (7k3m-9qxa-2bcd, spaces, O for 0): its stored form after. */
export const creditCodeSchema = z
  .string({ message: '请输入产品信用码' })
  .trim()
  .max(40, '产品信用码应为 12 位，例如 7K3M-9QXA-2BCD')
  .overwrite(normalizeCreditCode)
  .regex(CREDIT_CODE_PATTERN, '产品信用码应为 12 位字母和数字，例如 7K3M-9QXA-2BCD');

const productIdSchema = idSchema.meta({ title: '产品' });
const issuanceIdSchema = idSchema.meta({ title: '赋码批次' });

const clientRequestIdSchema = z
  .string({ message: '缺少请求编号' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号应为 8–64 位字母、数字、下划线或连字符')
  .meta({ title: '请求编号' });

/** Where the scanner is (wx.getLocation), only to count scans by city: never stored. */
const locationSchema = z
  .object({
    latitude: z
      .number({ message: '纬度应为数字' })
      .min(-90, '纬度不正确')
      .max(90, '纬度不正确')
      .meta({ title: '纬度' }),
    longitude: z
      .number({ message: '经度应为数字' })
      .min(-180, '经度不正确')
      .max(180, '经度不正确')
      .meta({ title: '经度' }),
  })
  .meta({ title: '扫码位置' });

/** A product photo uploaded by the caller into their own folder (credit-photos/<pseudonym>/…). */
const photoSchema = z.string({ message: '产品照片无效' }).min(8, '产品照片无效').max(300, '产品照片无效');

// ---- inputs ----

export const scanInput = z.object({
  code: creditCodeSchema.meta({ title: '产品信用码' }),
  location: locationSchema.optional(),
});

export const productIdInput = z.object({ productId: productIdSchema });
export const issuanceIdInput = z.object({ issuanceId: issuanceIdSchema });
export const pageInput = z.object({ page: pageSchema });

export const saveProductInput = z.object({
  productId: productIdSchema.optional(),
  name: textSchema(CREDIT_TEXT.productName, '请填写产品名称').meta({ title: '产品名称' }),
  brand: textSchema(CREDIT_TEXT.brand, '请填写品牌').meta({ title: '品牌' }),
  model: textSchema(CREDIT_TEXT.model, '请填写规格型号').meta({ title: '规格型号' }),
  category: productCategorySchema.meta({ title: '产品类别' }),
  standard: z
    .string({ message: '请填写执行标准' })
    .trim()
    .transform((s) => s.toUpperCase().replace(/\s+/g, ' '))
    .pipe(z.string().regex(STANDARD_PATTERN, '执行标准应为标准编号，例如 GB/T 5023.3-2008'))
    .meta({ title: '执行标准' }),
  cccNumber: z
    .string({ message: 'CCC 证书编号应为 16 位数字' })
    .trim()
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(z.string().regex(CCC_PATTERN, 'CCC 证书编号应为 16 位数字'))
    .meta({ title: 'CCC 证书编号' })
    .nullable()
    .default(null),
  photos: z
    .array(photoSchema, { message: '产品照片无效' })
    .max(CREDIT_LIMITS.maxPhotos, `产品照片最多 ${CREDIT_LIMITS.maxPhotos} 张`)
    .meta({ title: '产品照片' })
    .default([]),
});

export const issueCodesInput = z
  .object({
    productId: productIdSchema,
    kind: z.enum(CODE_KIND_CODES, { message: '赋码方式应为批次码或一物一码' }).meta({ title: '赋码方式' }),
    batchNo: textSchema(CREDIT_TEXT.batchNo, '请填写生产批号')
      .pipe(z.string().regex(BATCH_NO_PATTERN, '生产批号只能包含字母、数字和 - _ / .'))
      .meta({ title: '生产批号' }),
    productionDate: calendarDateSchema.meta({ title: '生产日期' }),
    /** batch: the units the batch holds; serial: the number of codes (one per unit). */
    quantity: z.coerce
      .number({ message: '请填写数量' })
      .int('数量应为整数')
      .min(1, '数量至少为 1')
      .max(CREDIT_LIMITS.maxBatchQuantity, `数量最多 ${CREDIT_LIMITS.maxBatchQuantity}`)
      .meta({ title: '数量' }),
    clientRequestId: clientRequestIdSchema,
  })
  .refine((i) => i.kind !== 'serial' || i.quantity <= CREDIT_LIMITS.maxSerialCodes, {
    message: `一物一码每次最多生成 ${CREDIT_LIMITS.maxSerialCodes.toLocaleString('en-US')} 个`,
    path: ['quantity'],
  });

export const labelsInput = z.object({
  issuanceId: issuanceIdSchema,
  /** 1-based file number: file k holds codes (k-1)·1000+1 … k·1000. */
  part: z.coerce
    .number({ message: '请选择标签文件' })
    .int('标签文件序号应为整数')
    .min(1, '标签文件序号从 1 开始')
    .max(Math.ceil(CREDIT_LIMITS.maxSerialCodes / CREDIT_LIMITS.labelsPerFile), '标签文件序号超出范围')
    .meta({ title: '标签文件' })
    .default(1),
});

export const scanStatsInput = z.object({ productId: productIdSchema.optional() });

export const adminProductsInput = z.object({
  category: productCategorySchema.meta({ title: '产品类别' }).optional(),
  city: guangdongCitySchema.meta({ title: '城市' }).optional(),
  status: z.enum(['active', 'revoked'], { message: '状态应为正常或已撤销' }).meta({ title: '状态' }).optional(),
  keyword: z
    .string({ message: '关键词应为文本' })
    .trim()
    .max(40, '关键词最多 40 个字')
    .meta({ title: '关键词' })
    .default(''),
  page: pageSchema,
});

export const revokeProductInput = z.object({
  productId: productIdSchema,
  reason: textSchema(CREDIT_TEXT.revokeReason, '请填写撤销原因').meta({ title: '撤销原因' }),
});

// ---- views ----

export interface ProductView {
  productId: string;
  name: string;
  brand: string;
  model: string;
  category: string;
  standard: string;
  cccNumber: string | null;
  /** Signed temporary links to the photos (for the owner and on scan). */
  photoUrls: string[];
  /** The stored fileIDs (the owner's form keeps them). */
  photos: string[];
  status: 'active' | 'revoked';
  statusLabel: string;
  revokedReason: string | null;
  revokedAt: string | null;
  codeCount: number;
  scanCount: number;
  createdAt: string;
}

export interface IssuanceView {
  issuanceId: string;
  productId: string;
  kind: CodeKind;
  kindLabel: string;
  batchNo: string;
  productionDate: string;
  quantity: number;
  /** Codes this issue makes: 1 for a batch code, `quantity` for serial codes. */
  codeCount: number;
  /** Codes made so far (resumable: `continueIssue` goes on from here). */
  issuedCount: number;
  status: 'issuing' | 'done';
  statusLabel: string;
  /** The batch code (formatted), or the first serial code once made. */
  firstCode: string | null;
  /** Label PDF files of 1,000 codes each, available once done. */
  labelParts: number;
  createdAt: string;
}

export interface ProductDetailView extends ProductView {
  enterpriseName: string;
  issuances: IssuanceView[];
}

export interface LabelsView {
  fileID: string;
  url: string;
  part: number;
  parts: number;
  /** Serial numbers on this file (1-based, inclusive). */
  from: number;
  to: number;
}

export interface ScanWarning {
  code: ScanWarningCode;
  title: string;
  text: string;
}

export interface SamplingRecordView {
  sampledAt: string;
  productName: string;
  specModel: string;
  result: 'pass' | 'fail';
  resultLabel: string;
  failedItems: string;
  levelLabel: string;
  authority: string;
}

export interface ScanView {
  code: string;
  found: boolean;
  warnings: ScanWarning[];
  product: Pick<ProductView, 'name' | 'brand' | 'model' | 'category' | 'standard' | 'cccNumber' | 'photoUrls'> | null;
  maker: {
    name: string;
    uscc: string;
    city: string | null;
    redlist: { listed: boolean; tierLabel: string | null; years: number | null; version: string } | null;
  } | null;
  issue: {
    kind: CodeKind;
    kindLabel: string;
    batchNo: string;
    productionDate: string;
    /** The unit's number (serial codes). */
    serial: number | null;
  } | null;
  /** The maker's supervision sampling in this category, newest first (at most 10). */
  sampling: SamplingRecordView[];
  /** Times this code has been scanned, this scan included. */
  scanCount: number;
  revokedReason: string | null;
  /** For cables: the free quick-screen form with the maker filled in. */
  cableScreenPath: string | null;
}

export interface CountRow {
  key: string;
  label: string;
  count: number;
}

export interface ScanStatsView {
  /** The last CREDIT_LIMITS.statsDays days (Asia/Shanghai), oldest first, zeros included. */
  days: CountRow[];
  cities: CountRow[];
  total: number;
  /** Chart: scans per day (the table under it lists every day). */
  chart: { categories: string[]; series: { name: string; data: number[] }[] };
}

export interface AdminProductView extends ProductView {
  uscc: string;
  enterpriseName: string;
  enterpriseCity: string | null;
}

export interface CreditStatsRow {
  key: string;
  label: string;
  products: number;
  revoked: number;
  codes: number;
  scans: number;
}

export interface CreditStatsView {
  byCategory: CreditStatsRow[];
  byCity: CreditStatsRow[];
  totals: { products: number; revoked: number; codes: number; scans: number };
}

export interface AuditEntryView {
  action: string;
  actionLabel: string;
  actor: string;
  note: string | null;
  at: string;
}

export interface CreditApi {
  // anyone
  scan: { input: z.input<typeof scanInput>; output: ScanView };
  // enterprises (verified binding)
  myProducts: {
    input: z.input<typeof pageInput>;
    /** uploadFolder: where the product form uploads photos (services/files.ts ownUploadFolder). */
    output: Paged<ProductView> & { enterpriseName: string; uploadFolder: string };
  };
  saveProduct: { input: z.input<typeof saveProductInput>; output: ProductView };
  getProduct: { input: z.input<typeof productIdInput>; output: ProductDetailView };
  issueCodes: { input: z.input<typeof issueCodesInput>; output: IssuanceView };
  continueIssue: { input: z.input<typeof issuanceIdInput>; output: IssuanceView };
  labels: { input: z.input<typeof labelsInput>; output: LabelsView };
  scanStats: { input: z.input<typeof scanStatsInput>; output: ScanStatsView };
  // admins
  adminProducts: { input: z.input<typeof adminProductsInput>; output: Paged<AdminProductView> };
  revokeProduct: { input: z.input<typeof revokeProductInput>; output: AdminProductView };
  creditStats: { input: Record<string, never>; output: CreditStatsView };
  productAudit: { input: z.input<typeof productIdInput>; output: { items: AuditEntryView[] } };
}
