/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015) on the server: the rule and the Guangdong
 * cities (miniprogram/shared/uscc.ts, cities.ts, re-exported here), the zod schema of USCC input, and the
 * generators tests and demo data use.
 */
import { z } from 'zod';
import { computeCheckChar, normalizeUscc, validateUscc } from '../../../miniprogram/shared/uscc';

// The check itself and the cities live once in miniprogram/shared (the forms check codes as they are typed).
export * from '../../../miniprogram/shared/uscc';
export * from '../../../miniprogram/shared/cities';

/** Zod schema for USCC input: trims, upper-cases, then validates with a Chinese reason. */
export const usccSchema = z
  .string()
  .transform(normalizeUscc)
  .superRefine((value, ctx) => {
    const result = validateUscc(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: `统一社会信用代码无效：${result.reason}` });
  });

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
