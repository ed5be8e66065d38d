/**
 * As-you-type checking of a unified social credit code (统一社会信用代码, GB 32100-2015) for the
 * enterprise binding form.
 *
 * Why a copy of the server's check: the mini-program can only import files under miniprogramRoot
 * (DevTools compiles each .ts file on its own and uploads nothing else), and the server's
 * cloudfunctions/src/core/uscc.ts also carries zod and generators the client must not ship. So this
 * file re-implements only the check-character rule, and tests/unit/miniprogram/uscc-check.test.ts
 * asserts on thousands of random inputs that it accepts exactly what the server's validateUscc
 * (and normalizeUscc, and the Guangdong rule of bindEnterprise) accept. The server stays the judge;
 * this only spares users a round trip.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^(i−1) mod 31 for positions 1..17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const USCC_LENGTH = 18;

export type UsccCheck =
  | { status: 'empty' }
  /** Still typing: fewer than 18 characters, all legal so far. */
  | { status: 'partial'; remaining: number }
  | { status: 'invalid'; reason: string }
  | { status: 'valid'; uscc: string; guangdong: boolean };

/** What users paste is often "9144 0606…" or lower case; the server normalises the same way. */
export function normalizeUsccInput(input: string): string {
  return input.replace(/[\s\u3000]+/g, '').toUpperCase();
}

function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Checks normalised input; reasons are user-facing and name the offending position. */
export function checkUscc(input: string): UsccCheck {
  const code = normalizeUsccInput(input);
  const chars = Array.from(code);
  if (chars.length === 0) return { status: 'empty' };
  for (let i = 0; i < chars.length && i < USCC_LENGTH; i++) {
    if (!ALPHABET.includes(chars[i])) {
      return {
        status: 'invalid',
        reason: `第${i + 1}位“${chars[i]}”不合法：只能是数字或除 I、O、S、V、Z 以外的大写字母`,
      };
    }
  }
  if (chars.length < USCC_LENGTH) return { status: 'partial', remaining: USCC_LENGTH - chars.length };
  if (chars.length > USCC_LENGTH) return { status: 'invalid', reason: `应为18位，已输入${chars.length}位` };
  const expected = checkChar(code.slice(0, 17));
  if (code[17] !== expected) return { status: 'invalid', reason: '校验位不符，请核对营业执照上的代码' };
  // Positions 3–4 are the province of the registering authority; bindEnterprise accepts 44 only.
  return { status: 'valid', uscc: code, guangdong: code.slice(2, 4) === '44' };
}
