/**
 * Product credit codes (产品信用赋码): the rules both the pages and the `credit` function use. A code is
 * 12 Crockford base32 characters printed as XXXX-XXXX-XXXX, read from a QR label or typed in; the label's
 * QR opens the scan page with the code. The server signs and stores codes (cloudfunctions/src/credit).
 */
import type { TextRule } from './text';

/** Crockford base32 without I, L, O, U: what people read aloud and type. */
export const CREDIT_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{12}$/;

/** The page a code's QR label opens (普通链接二维码 rule: https://<host>/c/<code> → this page with `q`). */
export const CREDIT_SCAN_PAGE = 'pages/credit/scan/index';

/**
 * A code as people type it, in its stored form: upper case, without spaces or dashes, the letters that
 * look like digits read as those digits (I, L → 1; O → 0), as Crockford base32 does.
 */
export function normalizeCreditCode(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\s\-–—_.·]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
}

/** XXXX-XXXX-XXXX, the printed and shown form. */
export function formatCreditCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/**
 * The code in what a scan gives: a label's link (https://…/c/<code>, also as the page's `q` option,
 * URL-encoded) or the code itself as typed. '' when the text holds no code shape.
 */
export function creditCodeFromScan(text: string): string {
  let value = text.trim();
  try {
    value = decodeURIComponent(value);
  } catch {
    // Not URL-encoded: keep as is.
  }
  const link = /\/c\/([0-9A-Za-z-]{12,16})(?:[?#].*)?$/.exec(value);
  const code = normalizeCreditCode(link ? link[1] : value);
  return CREDIT_CODE_PATTERN.test(code) ? code : '';
}

/** batch: one code for a production batch; serial: one code per unit (一物一码). */
export const CODE_KIND_CODES = ['batch', 'serial'] as const;
export type CodeKind = (typeof CODE_KIND_CODES)[number];
export const CODE_KIND_LABELS: Record<CodeKind, string> = { batch: '批次码', serial: '一物一码' };

export const CREDIT_LIMITS = {
  /** Serial codes per issue request. */
  maxSerialCodes: 100_000,
  /** Units a batch code may stand for. */
  maxBatchQuantity: 10_000_000,
  /** Labels per downloaded PDF file (25 A4 sheets of 40). */
  labelsPerFile: 1_000,
  /** A serial code scanned by people in more than this many places is shown as possibly copied. */
  copiedPlaceLimit: 5,
  /** How far back a failed sampling of the maker in the product's category is shown on scan. */
  failWindowMonths: 12,
  maxPhotos: 3,
  /** Days of scans on the enterprise's dashboard. */
  statsDays: 30,
} as const;

export const CREDIT_TEXT = {
  productName: { min: 2, tooShort: '产品名称至少 2 个字', max: 40, tooLong: '产品名称最多 40 个字' },
  brand: { min: 1, tooShort: '请填写品牌（无品牌可填“无”）', max: 30, tooLong: '品牌最多 30 个字' },
  model: { min: 1, tooShort: '请填写规格型号', max: 40, tooLong: '规格型号最多 40 个字' },
  batchNo: { min: 1, tooShort: '请填写生产批号', max: 32, tooLong: '生产批号最多 32 个字' },
  revokeReason: { min: 4, tooShort: '撤销原因至少 4 个字', max: 100, tooLong: '撤销原因最多 100 个字' },
} as const satisfies Record<string, TextRule>;

/** 执行标准: GB/T 5023.3-2008, Q/XYZ 001-2024 (an enterprise standard), GB 4706.1-2005 … */
export const STANDARD_PATTERN = /^[A-Z][A-Z/]{0,7}\s?[A-Z0-9.\-/ ]{1,30}$/;
/** CCC certificate numbers are 16 digits (2020010101234567). */
export const CCC_PATTERN = /^\d{16}$/;
/** Batch numbers as printed on packaging: letters, digits and - _ / . */
export const BATCH_NO_PATTERN = /^[0-9A-Za-z][0-9A-Za-z\-_/.]*$/;

/**
 * The anomaly rule: a serial code stands for one unit, so people scanning it in more than
 * `copiedPlaceLimit` different places means the label was probably copied. A batch code is printed on
 * many units, so places say nothing about it.
 */
export function isLikelyCopied(kind: CodeKind, distinctPlaces: number): boolean {
  return kind === 'serial' && distinctPlaces > CREDIT_LIMITS.copiedPlaceLimit;
}

/** What a scan warns the consumer of, most serious first. */
export const SCAN_WARNING_CODES = ['unknown', 'revoked', 'failedSampling', 'copied'] as const;
export type ScanWarningCode = (typeof SCAN_WARNING_CODES)[number];

/** Where a scan came from when the scanner shared no location, and outside Guangdong. */
export const PLACE_UNKNOWN = '未知地区';
export const PLACE_OUTSIDE = '省外';
