import fc from 'fast-check';
import {
  GUANGDONG_CITIES,
  USCC_ALPHABET,
  cityOfUscc,
  computeCheckChar,
  divisionCode,
  findCity,
  isGuangdong,
  isValidUscc,
  makeUscc,
  normalizeUscc,
  orgCodeCheckChar,
  usccSchema,
  validateUscc,
} from '../../cloudfunctions/src/core/uscc';

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
});

describe('usccSchema', () => {
  it('trims and upper-cases before validating', () => {
    expect(usccSchema.parse('  91440606722473344c ')).toBe('91440606722473344C');
    expect(usccSchema.parse('9144 0300 7152 6726 xg')).toBe('9144030071526726XG');
    expect(normalizeUscc('\u30009144030071526726xg\u3000')).toBe('9144030071526726XG');
  });

  it('fails with a Chinese message carrying the reason', () => {
    const result = usccSchema.safeParse('91440606722473344D');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe('统一社会信用代码无效：校验位错误：第18位应为“C”，实际为“D”');
    expect(usccSchema.safeParse('1234').error?.issues[0].message).toContain('应为18位');
    expect(usccSchema.safeParse(42).success).toBe(false);
  });
});

describe('division code and city', () => {
  it('reads the division code and Guangdong membership', () => {
    expect(divisionCode('91440606722473344C')).toBe('440606');
    expect(isGuangdong('91440606722473344C')).toBe(true);
    const hunan = makeUscc({ division: '430102', orgCode: '12345678' });
    expect(isGuangdong(hunan)).toBe(false);
    expect(cityOfUscc(hunan)).toBeNull();
  });

  it('maps the vector codes to their cities', () => {
    expect(KNOWN_VALID.map(cityOfUscc)).toEqual(['佛山市', '惠州市', '珠海市', '深圳市', '深圳市', '深圳市']);
  });

  it('covers exactly the 21 prefecture cities of REDLIST.md', () => {
    expect(GUANGDONG_CITIES).toHaveLength(21);
    expect(new Set(GUANGDONG_CITIES.map((c) => c.prefix)).size).toBe(21);
    const table: Record<string, string> = {
      '4401': '广州', '4402': '韶关', '4403': '深圳', '4404': '珠海', '4405': '汕头', '4406': '佛山', '4407': '江门',
      '4408': '湛江', '4409': '茂名', '4412': '肇庆', '4413': '惠州', '4414': '梅州', '4415': '汕尾', '4416': '河源',
      '4417': '阳江', '4418': '清远', '4419': '东莞', '4420': '中山', '4451': '潮州', '4452': '揭阳', '4453': '云浮',
    }; // prettier-ignore
    for (const [prefix, short] of Object.entries(table)) {
      const code = makeUscc({ division: `${prefix}00`, orgCode: 'MA5D1234' });
      expect(cityOfUscc(code)).toBe(`${short}市`);
      expect(findCity(short)?.prefix).toBe(prefix);
    }
    // Provincial registrations (440000) are in Guangdong but in no city.
    const provincial = makeUscc({ division: '440000', orgCode: '19000000' });
    expect(isGuangdong(provincial)).toBe(true);
    expect(cityOfUscc(provincial)).toBeNull();
  });
});

describe('makeUscc', () => {
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
