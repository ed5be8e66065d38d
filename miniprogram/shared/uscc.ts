/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): the one copy of the rule, used by the
 * mini-program (as-you-type checks) and the cloud functions (cloudfunctions/src/core/uscc.ts re-exports
 * it and adds the zod schema and the generators). No zod, no wx: see docs/ARCHITECTURE.md.
 *
 * 18 characters from a 31-symbol alphabet (no I, O, S, V, Z): position 1 registering authority,
 * 2 entity type, 3–8 administrative division code, 9–17 organisation code, 18 check character.
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^(i−1) mod 31 for positions 1..17. */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
export const USCC_LENGTH = 18;

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
 * `normalizeUscc` first, or the server's `usccSchema`). Reasons are user-facing Chinese.
 */
export function validateUscc(code: string): UsccValidation {
  const chars = Array.from(code);
  if (chars.length !== USCC_LENGTH) {
    return { ok: false, reason: `统一社会信用代码应为18位，实际为${chars.length}位` };
  }
  for (let i = 0; i < USCC_LENGTH; i++) {
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

/** Drops spaces (full-width ones too) and upper-cases: what users type is often `9144 0606…` or lower case. */
export function normalizeUscc(input: string): string {
  return input.replace(/[\s\u3000]+/g, '').toUpperCase();
}

/** Positions 3–8: the administrative division code of the registering authority. */
export function divisionCode(uscc: string): string {
  return uscc.slice(2, 8);
}

/** Positions 3–4 are the province of the registering authority; 44 is Guangdong. */
export function isGuangdong(uscc: string): boolean {
  return divisionCode(uscc).startsWith('44');
}

/**
 * One search box takes a name fragment or a code: an entry that is 18 letters and digits once
 * normalised is a code and must pass the check (the validation), anything else is a name (null).
 */
export function usccInQuery(query: string): UsccValidation | null {
  const code = normalizeUscc(query);
  return /^[0-9A-Z]{18}$/.test(code) ? validateUscc(code) : null;
}

// --- As the user types ------------------------------------------------------------------------

export type UsccCheck =
  | { status: 'empty' }
  /** Still typing: fewer than 18 characters, all legal so far. */
  | { status: 'partial'; remaining: number }
  | { status: 'invalid'; reason: string }
  | { status: 'valid'; uscc: string; guangdong: boolean };

/**
 * The same rule for a code still being typed (normalised first): names the first illegal character at
 * once, counts what is missing, and checks the check character once 18 characters are there. Accepts
 * exactly what `validateUscc(normalizeUscc(input))` accepts; the reasons are worded for a form field.
 */
export function checkUscc(input: string): UsccCheck {
  const code = normalizeUscc(input);
  const chars = Array.from(code);
  if (chars.length === 0) return { status: 'empty' };
  for (let i = 0; i < chars.length && i < USCC_LENGTH; i++) {
    if (!VALUE.has(chars[i])) {
      return {
        status: 'invalid',
        reason: `第${i + 1}位“${chars[i]}”不合法：只能是数字或除 I、O、S、V、Z 以外的大写字母`,
      };
    }
  }
  if (chars.length < USCC_LENGTH) return { status: 'partial', remaining: USCC_LENGTH - chars.length };
  if (chars.length > USCC_LENGTH) return { status: 'invalid', reason: `应为18位，已输入${chars.length}位` };
  if (code[17] !== computeCheckChar(code.slice(0, 17))) {
    return { status: 'invalid', reason: '校验位不符，请核对营业执照上的代码' };
  }
  return { status: 'valid', uscc: code, guangdong: isGuangdong(code) };
}
