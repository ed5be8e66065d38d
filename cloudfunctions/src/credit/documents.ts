/**
 * What the `credit` function stores. Every collection is ADMINONLY (cloudfunctions/database/credit_*.json):
 * pages reach them only through the function's views.
 */
import type { CodeKind } from '../../../miniprogram/shared/credit';

export const PRODUCTS = 'credit_products';
export const ISSUANCES = 'credit_issuances';
export const CODES = 'credit_codes';
/** One per (code, scanner): a keyed hash of both, so a scanner is counted once and never named. */
export const SCANNERS = 'credit_scanners';
/** Scans per (product, Shanghai day, place): the enterprise's dashboard. */
export const SCAN_DAYS = 'credit_scan_days';

export interface ProductDoc {
  _id: string;
  uscc: string;
  enterpriseName: string;
  enterpriseCity: string | null;
  name: string;
  brand: string;
  model: string;
  category: string;
  standard: string;
  cccNumber: string | null;
  photos: string[];
  status: 'active' | 'revoked';
  revokedReason: string | null;
  revokedAt: Date | null;
  /** Codes of finished issues. */
  codeCount: number;
  scanCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface IssuanceDoc {
  /** A keyed hash of (enterprise, clientRequestId): the same request names the same issue. */
  _id: string;
  productId: string;
  uscc: string;
  kind: CodeKind;
  batchNo: string;
  productionDate: string;
  quantity: number;
  codeCount: number;
  /** Serial numbers 1 … issuedCount are stored. */
  issuedCount: number;
  status: 'issuing' | 'done';
  /** The worker making codes holds this lease (ms since epoch) so two calls never make the same batch. */
  leaseUntil: number;
  leaseHolder: string | null;
  firstCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CodeDoc {
  /** The code itself (stored form). */
  _id: string;
  productId: string;
  issuanceId: string;
  /** 1-based unit number within the issue (1 for a batch code). */
  serial: number;
  /** The attempt that made this code (0 unless attempt 0 collided with another unit's code). */
  attempt: number;
  scanCount: number;
  /** Distinct places of distinct scanners (the copy rule, shared/credit.ts isLikelyCopied). */
  places: string[];
  lastScanAt: Date | null;
}

export interface ScannerDoc {
  _id: string;
  code: string;
  place: string;
  firstAt: Date;
}

export interface ScanDayDoc {
  /** `${productId}|${day}|${place}` */
  _id: string;
  productId: string;
  uscc: string;
  category: string;
  day: string;
  place: string;
  count: number;
}
