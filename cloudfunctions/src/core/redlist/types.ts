/** Shapes shared by the red-list (`redlist-v1`) core. */

import type { Tier } from '../../../../miniprogram/shared/redlist-tiers';

// Tiers, their names and minimum years live once in miniprogram/shared (the pages explain them too).
export { TIERS, TIER_LABELS, TIER_MIN_YEARS, isTier } from '../../../../miniprogram/shared/redlist-tiers';
export type { Tier } from '../../../../miniprogram/shared/redlist-tiers';

export type InspectionResult = 'pass' | 'fail';
export type InspectionLevel = 'national' | 'provincial' | 'municipal' | 'county';

/** The fields the rule reads; stored inspection documents and import records both fit. */
export interface RuleRecord {
  /** Calendar date 'YYYY-MM-DD' (Asia/Shanghai). */
  sampledAt: string;
  result: InspectionResult;
  productCategory?: string;
}

/** A record for bulk evaluation: keyed by USCC, or by producer name when the USCC is missing. */
export interface EvaluationRecord extends RuleRecord {
  uscc?: string;
  enterpriseName?: string;
}

/** An enterprise registry entry. */
export interface EnterpriseEntry {
  uscc: string;
  name: string;
  formerNames?: string[];
  address?: string;
  province?: string;
}

/** One enterprise's evaluation (before the Guangdong filter and naming). */
export interface EnterpriseEvaluation {
  tier: Tier;
  /** First inspection of the clean span (strictly after the last failure). */
  streakStart: string;
  /** Whole calendar years from streakStart to the evaluation date. */
  years: number;
  /** Latest inspection in [2011-01-01, asOf] (always inside the clean span for a listed enterprise). */
  lastInspectionAt: string;
  /** Inspections in the clean span. */
  inspectionCount: number;
  /** Inspections in the clean span per calendar year, e.g. {'2024': 2}. */
  inspectionsByYear: Record<string, number>;
  /** Distinct product categories inspected in the clean span, sorted. */
  categories: string[];
}

/** A listed row of a red-list version. */
export interface RedlistRow extends EnterpriseEvaluation {
  uscc: string;
  name: string;
  /** Prefecture city (e.g. 佛山市), from the USCC division code or else the registry address. */
  city: string | null;
}
