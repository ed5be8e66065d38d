/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015).
 *
 * 18 characters from a 31-symbol alphabet (no I, O, S, V, Z): position 1 registering authority,
 * 2 entity type, 3–8 administrative division code, 9–17 organisation code, 18 check character.
 */
import { z } from 'zod';

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^(i−1) mod 31 for positions 1..17. */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const VALUE = new Map<string, number>(Array.from(USCC_ALPHABET, (c, i) => [c, i]));

export type UsccValidation = { ok: true; uscc: string } | { ok: false; reason: string };

/** Check character for the first 17 characters (which must already be in the alphabet). */
export function computeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`需要前17位，实际为${first17.length}位`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(first17[i]);
    if (v === undefined) throw new RangeError(`第${i + 1}位字符“${first17[i]}”不在统一社会信用代码字符集中`);
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * Strict validation of an already-normalised code (no trimming, no case folding: use
 * `normalizeUscc` or `usccSchema` for user input). Reasons are user-facing Chinese.
 */
export function validateUscc(code: string): UsccValidation {
  const chars = Array.from(code);
  if (chars.length !== 18) {
    return { ok: false, reason: `统一社会信用代码应为18位，实际为${chars.length}位` };
  }
  for (let i = 0; i < 18; i++) {
    if (!VALUE.has(chars[i])) {
      return {
        ok: false,
        reason: `第${i + 1}位字符“${chars[i]}”不合法（只能是数字或除 I、O、S、V、Z 以外的大写字母）`,
      };
    }
  }
  const expected = computeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return { ok: false, reason: `校验位错误：第18位应为“${expected}”，实际为“${code[17]}”` };
  }
  return { ok: true, uscc: code };
}

export function isValidUscc(code: string): boolean {
  return validateUscc(code).ok;
}

/** Trim (incl. full-width spaces) and upper-case: what users type is often `9144 0606…` or lowercase. */
export function normalizeUscc(input: string): string {
  return input.replace(/[\s\u3000]+/g, '').toUpperCase();
}

/** Zod schema for USCC input: trims, upper-cases, then validates with a Chinese reason. */
export const usccSchema = z
  .string()
  .transform(normalizeUscc)
  .superRefine((value, ctx) => {
    const result = validateUscc(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: `统一社会信用代码无效：${result.reason}` });
  });

/** Positions 3–8: the administrative division code of the registering authority. */
export function divisionCode(uscc: string): string {
  return uscc.slice(2, 8);
}

export function isGuangdong(uscc: string): boolean {
  return divisionCode(uscc).startsWith('44');
}

export interface GuangdongCity {
  /** First four digits of the division code. */
  prefix: string;
  /** Full name as used in addresses and on the UI, e.g. 广州市. */
  name: string;
  /** Short name, e.g. 广州. */
  shortName: string;
}

/** The 21 prefecture-level cities of Guangdong (REDLIST.md), in division-code order. */
export const GUANGDONG_CITIES: readonly GuangdongCity[] = (
  [
    ['4401', '广州'],
    ['4402', '韶关'],
    ['4403', '深圳'],
    ['4404', '珠海'],
    ['4405', '汕头'],
    ['4406', '佛山'],
    ['4407', '江门'],
    ['4408', '湛江'],
    ['4409', '茂名'],
    ['4412', '肇庆'],
    ['4413', '惠州'],
    ['4414', '梅州'],
    ['4415', '汕尾'],
    ['4416', '河源'],
    ['4417', '阳江'],
    ['4418', '清远'],
    ['4419', '东莞'],
    ['4420', '中山'],
    ['4451', '潮州'],
    ['4452', '揭阳'],
    ['4453', '云浮'],
  ] as const
).map(([prefix, shortName]) => ({ prefix, name: `${shortName}市`, shortName }));

const CITY_BY_PREFIX = new Map(GUANGDONG_CITIES.map((c) => [c.prefix, c]));

/**
 * Prefecture city (full name, e.g. 佛山市) from the division code, or null when the code is not a
 * Guangdong city (other provinces, or 440000-style provincial registrations).
 */
export function cityOfUscc(uscc: string): string | null {
  return CITY_BY_PREFIX.get(divisionCode(uscc).slice(0, 4))?.name ?? null;
}

/** The city record for a full or short city name (佛山市 / 佛山), or undefined. */
export function findCity(name: string): GuangdongCity | undefined {
  return GUANGDONG_CITIES.find((c) => c.name === name || c.shortName === name);
}

// --- Generating codes (tests, demo data) -------------------------------------------------------

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character of an 8-character organisation code base (digits and A–Z). */
export function orgCodeCheckChar(base8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(base8)) throw new RangeError('组织机构代码本体应为8位数字或大写字母');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(base8[i], 36) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export interface UsccParts {
  /** Registering authority, default '9' (market regulation). */
  authority?: string;
  /** Entity type, default '1' (enterprise). */
  entityType?: string;
  /** Six-digit division code, e.g. 440606. */
  division: string;
  /** Nine-character organisation code, or its 8-character base (GB 11714 check appended). */
  orgCode: string;
}

/** Builds a valid USCC from its first 17 characters or from parts (check characters computed). */
export function makeUscc(input: string | UsccParts): string {
  let first17: string;
  if (typeof input === 'string') {
    first17 = input;
  } else {
    const org = input.orgCode.length === 8 ? input.orgCode + orgCodeCheckChar(input.orgCode) : input.orgCode;
    first17 = `${input.authority ?? '9'}${input.entityType ?? '1'}${input.division}${org}`;
  }
  if (first17.length !== 17) throw new RangeError(`需要前17位，实际为${first17.length}位`);
  return first17 + computeCheckChar(first17);
}
