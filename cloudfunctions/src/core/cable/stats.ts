/** Figures for the regulator about quick-screen requests (pure). */
import { GUANGDONG_CITIES } from '../uscc';
import { REQUESTER_TYPES, type RequesterType } from './catalog';
import { CABLE_STATUSES, VERDICT_CODES, type CableStatus, type Verdict } from './workflow';

export interface StatsInputRow {
  city: string;
  status: CableStatus;
  verdict?: Verdict | null;
  requesterType: RequesterType;
  hospitalId?: string | null;
  submittedAt: Date | string;
  completedAt?: Date | string | null;
}

export interface CableStats {
  total: number;
  /** Every Guangdong city (full name, division-code order), zero included. */
  byCity: Record<string, number>;
  byStatus: Record<CableStatus, number>;
  /** Completed requests per verdict. */
  byVerdict: Record<Verdict, number>;
  byRequesterType: Record<RequesterType, number>;
  /** Requests per assigned hospital (unassigned ones are not counted here). */
  byHospital: Record<string, number>;
  completed: number;
  /** Median of submitted → completed, in days (one decimal); null when nothing completed. */
  medianTurnaroundDays: number | null;
}

const DAY_MS = 24 * 3600 * 1000;

/** The median of a list of numbers (mean of the middle two for an even count), or null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function summariseCableRequests(rows: readonly StatsInputRow[]): CableStats {
  const byCity = zeros(GUANGDONG_CITIES.map((c) => c.name));
  const byStatus = zeros(CABLE_STATUSES);
  const byVerdict = zeros(VERDICT_CODES);
  const byRequesterType = zeros(Object.keys(REQUESTER_TYPES) as RequesterType[]);
  const byHospital: Record<string, number> = {};
  const turnarounds: number[] = [];
  for (const row of rows) {
    byCity[row.city] = (byCity[row.city] ?? 0) + 1;
    byStatus[row.status] += 1;
    byRequesterType[row.requesterType] = (byRequesterType[row.requesterType] ?? 0) + 1;
    if (row.hospitalId) byHospital[row.hospitalId] = (byHospital[row.hospitalId] ?? 0) + 1;
    if (row.status === 'completed' && row.verdict) byVerdict[row.verdict] += 1;
    if (row.status === 'completed' && row.completedAt) {
      turnarounds.push((new Date(row.completedAt).getTime() - new Date(row.submittedAt).getTime()) / DAY_MS);
    }
  }
  const mid = median(turnarounds);
  return {
    total: rows.length,
    byCity,
    byStatus,
    byVerdict,
    byRequesterType,
    byHospital,
    completed: byStatus.completed,
    medianTurnaroundDays: mid === null ? null : Math.round(mid * 10) / 10,
  };
}
