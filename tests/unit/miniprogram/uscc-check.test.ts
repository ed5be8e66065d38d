/**
 * The binding form checks codes in the mini-program with its own copy of the rule
 * (miniprogram/utils/uscc-check.ts explains why). These properties keep the copy equal to the
 * server: it accepts exactly what validateUscc accepts after the same normalisation, and flags
 * Guangdong exactly as bindEnterprise does.
 */
import fc from 'fast-check';
import {
  USCC_ALPHABET,
  isGuangdong,
  makeUscc,
  normalizeUscc,
  validateUscc,
} from '../../../cloudfunctions/src/core/uscc';
import { checkUscc, normalizeUsccInput } from '../../../miniprogram/utils/uscc-check';

const alphabetChar = fc.constantFrom(...USCC_ALPHABET);
const first17 = fc.array(alphabetChar, { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));
const valid = first17.map((f) => makeUscc(f));
/** A valid code with one position changed to another character (often, not always, invalid). */
const mutated = fc
  .tuple(valid, fc.nat({ max: 17 }), fc.constantFrom(...`${USCC_ALPHABET}IOSVZ-*a `))
  .map(([code, i, c]) => code.slice(0, i) + c + code.slice(i + 1));
const noisy = fc.string({
  unit: fc.constantFrom(...`${USCC_ALPHABET}${USCC_ALPHABET.toLowerCase()}IOSVZ \u3000\t-`),
  maxLength: 24,
});
const anything = fc.string({ maxLength: 24 });
const guangdong = fc
  .tuple(fc.constantFrom('440106', '440305', '440606', '441900', '445200', '110105', '310115', '440000'), first17)
  .map(([division, f]) => makeUscc(f.slice(0, 2) + division + f.slice(8)));

const serverAccepts = (input: string) => validateUscc(normalizeUscc(input)).ok;
const clientAccepts = (input: string) => checkUscc(input).status === 'valid';

describe('uscc-check agrees with the server', () => {
  it.each([
    ['valid codes', valid],
    ['codes with one character changed', mutated],
    ['typed noise (lower case, spaces, forbidden letters)', noisy],
    ['arbitrary strings', anything],
  ])('accepts exactly what validateUscc accepts: %s', (_name, inputs) => {
    fc.assert(
      fc.property(inputs, (input) => {
        expect(clientAccepts(input)).toBe(serverAccepts(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('normalises input exactly as the server does', () => {
    fc.assert(
      fc.property(fc.oneof(noisy, anything), (input) => {
        expect(normalizeUsccInput(input)).toBe(normalizeUscc(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('flags Guangdong codes exactly as bindEnterprise does', () => {
    fc.assert(
      fc.property(guangdong, (code) => {
        const result = checkUscc(code);
        expect(result.status).toBe('valid');
        expect(result.status === 'valid' && result.guangdong).toBe(isGuangdong(code));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('uscc-check as the user types', () => {
  const code = makeUscc({ division: '440606', orgCode: '12345678' });

  it('counts what is missing while every character so far is legal', () => {
    expect(checkUscc('')).toEqual({ status: 'empty' });
    expect(checkUscc(code.slice(0, 5))).toEqual({ status: 'partial', remaining: 13 });
    expect(checkUscc(`${code.slice(0, 4)} ${code.slice(4, 8).toLowerCase()}`)).toEqual({
      status: 'partial',
      remaining: 10,
    });
  });

  it('names the first illegal character at once, before 18 characters are typed', () => {
    expect(checkUscc('91I4')).toEqual({ status: 'invalid', reason: expect.stringContaining('第3位“I”不合法') });
  });

  it('rejects a wrong check character and an overlong code', () => {
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(checkUscc(wrong)).toMatchObject({ status: 'invalid', reason: expect.stringContaining('校验位') });
    expect(checkUscc(`${code}1`)).toMatchObject({ status: 'invalid', reason: '应为18位，已输入19位' });
  });

  it('returns the normalised code when valid', () => {
    expect(checkUscc(code.toLowerCase())).toEqual({ status: 'valid', uscc: code, guangdong: true });
  });
});
