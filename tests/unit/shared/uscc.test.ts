/**
 * The USCC rule (miniprogram/shared/uscc.ts): strict validation, the as-you-type check the forms use,
 * the search box's reading of a code, and the server's zod schema and generators built on it.
 */
import fc from 'fast-check';
import { makeUscc, orgCodeCheckChar, usccSchema } from '../../../cloudfunctions/src/core/uscc';
import {
  USCC_ALPHABET,
  checkUscc,
  computeCheckChar,
  divisionCode,
  isGuangdong,
  isValidUscc,
  normalizeUscc,
  usccInQuery,
  validateUscc,
} from '../../../miniprogram/shared/uscc';

// Real Guangdong enterprises' codes (LOTTERY.md test vector 1).
const KNOWN_VALID = [
  '91440606722473344C',
  '91441300195971850Y',
  '91440400192548256N',
  '91440300192317458F',
  '9144030071526726XG',
  '91440300708461136T',
];

describe('USCC validation (GB 32100-2015)', () => {
  it.each(KNOWN_VALID)('accepts the published code %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, uscc: code });
    expect(computeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('reports a wrong length with the actual length', () => {
    expect(validateUscc('9144060672247334')).toEqual({ ok: false, reason: '统一社会信用代码应为18位，实际为16位' });
    expect(validateUscc('91440606722473344CC')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('实际为19位'),
    });
    expect(validateUscc('')).toMatchObject({ ok: false, reason: expect.stringContaining('实际为0位') });
  });

  it.each([
    ['9144060672247334OC', 17, 'O'],
    ['914406067224733I4C', 16, 'I'],
    ['S1440606722473344C', 1, 'S'],
    ['91440606722473344c', 18, 'c'],
    ['9144060672247３344C', 14, '３'],
  ])('names the illegal character in %s', (code, position, char) => {
    const result = validateUscc(code);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain(`第${position}位字符“${char}”不合法`);
    }
  });

  it('says which check character was expected', () => {
    expect(validateUscc('91440606722473344D')).toEqual({
      ok: false,
      reason: '校验位错误：第18位应为“C”，实际为“D”',
    });
  });

  it('detects every single-character substitution (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KNOWN_VALID),
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (code, pos, shift) => {
          const v = (USCC_ALPHABET.indexOf(code[pos]) + shift) % 31;
          const mutated = code.slice(0, pos) + USCC_ALPHABET[v] + code.slice(pos + 1);
          return !isValidUscc(mutated);
        },
      ),
    );
  });

  it('computeCheckChar rejects bad input', () => {
    expect(() => computeCheckChar('123')).toThrow(RangeError);
    expect(() => computeCheckChar('9144060672247334I')).toThrow('第17位字符“I”');
  });

  it('normalises what users type: spaces (full-width too) dropped, upper case', () => {
    expect(normalizeUscc('\u30009144030071526726xg\u3000')).toBe('9144030071526726XG');
    expect(normalizeUscc(' 9144 0300\t7152 6726 xg ')).toBe('9144030071526726XG');
  });

  it('reads the division code and Guangdong membership (positions 3–4 = 44)', () => {
    expect(divisionCode('91440606722473344C')).toBe('440606');
    expect(isGuangdong('91440606722473344C')).toBe(true);
    expect(isGuangdong(makeUscc({ division: '430102', orgCode: '12345678' }))).toBe(false);
    expect(isGuangdong(makeUscc({ division: '440000', orgCode: '19000000' }))).toBe(true);
  });
});

describe('checkUscc, as the user types', () => {
  const code = makeUscc({ division: '440606', orgCode: '12345678' });

  it('counts what is missing while every character so far is legal', () => {
    expect(checkUscc('')).toEqual({ status: 'empty' });
    expect(checkUscc(' \u3000 ')).toEqual({ status: 'empty' });
    expect(checkUscc(code.slice(0, 5))).toEqual({ status: 'partial', remaining: 13 });
    expect(checkUscc(`${code.slice(0, 4)} ${code.slice(4, 8).toLowerCase()}`)).toEqual({
      status: 'partial',
      remaining: 10,
    });
  });

  it('names the first illegal character at once, before 18 characters are typed', () => {
    expect(checkUscc('91I4')).toEqual({
      status: 'invalid',
      reason: '第3位“I”不合法：只能是数字或除 I、O、S、V、Z 以外的大写字母',
    });
    expect(checkUscc('9144-')).toMatchObject({ status: 'invalid', reason: expect.stringContaining('第5位“-”') });
  });

  it('rejects a wrong check character and an overlong code', () => {
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(checkUscc(wrong)).toEqual({ status: 'invalid', reason: '校验位不符，请核对营业执照上的代码' });
    expect(checkUscc(`${code}1`)).toEqual({ status: 'invalid', reason: '应为18位，已输入19位' });
  });

  it('returns the normalised code when valid, and whether it is a Guangdong code', () => {
    expect(checkUscc(code.toLowerCase())).toEqual({ status: 'valid', uscc: code, guangdong: true });
    const hunan = makeUscc({ division: '430102', orgCode: '12345678' });
    expect(checkUscc(hunan)).toEqual({ status: 'valid', uscc: hunan, guangdong: false });
  });

  it('accepts a complete code exactly when validateUscc accepts it after normalising (property)', () => {
    const noisy = fc.string({
      unit: fc.constantFrom(...`${USCC_ALPHABET}${USCC_ALPHABET.toLowerCase()}IOSVZ \u3000-`),
      maxLength: 20,
    });
    const valid = fc
      .array(fc.constantFrom(...USCC_ALPHABET), { minLength: 17, maxLength: 17 })
      .map((cs) => makeUscc(cs.join('')));
    fc.assert(
      fc.property(fc.oneof(noisy, valid), (input) => {
        expect(checkUscc(input).status === 'valid').toBe(validateUscc(normalizeUscc(input)).ok);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('usccInQuery: one search box for names and codes', () => {
  it('reads 18 letters and digits as a code, however typed, and checks it', () => {
    expect(usccInQuery(' 9144 0606 7224 7334 4c ')).toEqual({ ok: true, uscc: '91440606722473344C' });
    expect(usccInQuery('91440606722473344D')).toEqual({
      ok: false,
      reason: '校验位错误：第18位应为“C”，实际为“D”',
    });
    expect(usccInQuery('9144060672247334IC')).toMatchObject({ ok: false, reason: expect.stringContaining('第17位') });
  });

  it('leaves names and other lengths alone', () => {
    expect(usccInQuery('佛山市顺德区美达电器有限公司')).toBeNull();
    expect(usccInQuery('9144060672247334')).toBeNull();
    expect(usccInQuery('91440606722473344CC')).toBeNull();
    expect(usccInQuery('美达91440606722473344')).toBeNull();
  });
});

describe('usccSchema (the server wraps the rule in zod)', () => {
  it('trims and upper-cases before validating', () => {
    expect(usccSchema.parse('  91440606722473344c ')).toBe('91440606722473344C');
    expect(usccSchema.parse('9144 0300 7152 6726 xg')).toBe('9144030071526726XG');
  });

  it('fails with a Chinese message carrying the reason', () => {
    const result = usccSchema.safeParse('91440606722473344D');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe('统一社会信用代码无效：校验位错误：第18位应为“C”，实际为“D”');
    expect(usccSchema.safeParse('1234').error?.issues[0].message).toContain('应为18位');
    expect(usccSchema.safeParse(42).success).toBe(false);
  });
});

describe('makeUscc (tests and demo data)', () => {
  it('appends the check character to 17 characters', () => {
    expect(makeUscc('91440606722473344')).toBe('91440606722473344C');
    expect(() => makeUscc('9144')).toThrow(RangeError);
  });

  it('builds from parts with a GB 11714 organisation check character', () => {
    // 72247334 → organisation code check 4, as in the real code 91440606722473344C.
    expect(orgCodeCheckChar('72247334')).toBe('4');
    expect(makeUscc({ division: '440606', orgCode: '72247334' })).toBe('91440606722473344C');
    expect(makeUscc({ authority: '5', entityType: '2', division: '440300', orgCode: 'MA5D12347' })).toMatch(
      /^52440300MA5D12347[0-9A-Y]$/,
    );
  });

  it('always produces valid codes (property)', () => {
    const chars = fc.constantFrom(...Array.from(USCC_ALPHABET));
    fc.assert(
      fc.property(fc.array(chars, { minLength: 17, maxLength: 17 }), (first) => isValidUscc(makeUscc(first.join('')))),
    );
  });
});
