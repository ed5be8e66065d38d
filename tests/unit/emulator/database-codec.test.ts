import { EJSON } from 'bson';
import fc from 'fast-check';
import {
  fromStorageJson,
  parseEjsonText,
  parseRequestEjson,
  toCanonicalEjson,
  toRegExp,
  toStorageJson,
} from '../../../emulator/database/codec';
import { DbError } from '../../../emulator/database/errors';

/** The value with each invalid Date replaced by a marker: toEqual never finds two invalid Dates equal. */
function invalidDatesMarked(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value;
  if (Array.isArray(value)) return value.map(invalidDatesMarked);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value))
    Object.defineProperty(out, key, {
      value: invalidDatesMarked(child),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/** EJSON wrappers as the SDK sends them, and shapes around those parseEjsonText reads without bson. */
const WRAPPERS: unknown[] = [
  { $date: { $numberLong: '1700000000000' } },
  { $date: '2026-01-01T00:00:00Z' },
  { $numberInt: '3' },
  { $numberDouble: '-0.0' },
  { $numberLong: '12' },
  { $oid: '0123456789abcdef01234567' },
  { $tcb_server_date: { offset: { $numberInt: '0' } } },
  { $ref: 'c', $id: 1, extra: { $numberInt: '2' } },
  { $regularExpression: { pattern: 'a', options: 'i' } },
  { $set: { a: { $numberInt: '1' } } },
  { $date: 'not a date' },
  { $numberInt: 'x' },
  // Around the shapes parseEjsonText reads without bson: signed zero, leading zeros, out of range, more keys.
  { $numberInt: '-0' },
  { $numberInt: '01' },
  { $numberInt: '-2147483648' },
  { $numberInt: '2147483648' },
  { $numberInt: 7 },
  { $numberInt: '3', more: 1 },
  { $date: { $numberLong: '-5' } },
  { $date: { $numberLong: '0' } },
  { $date: { $numberLong: '9007199254740993' } },
  { $date: { $numberLong: '8640000000000001' } },
  { $date: { $numberLong: '1x' } },
  { $date: { $numberLong: '5', more: 1 } },
  { $date: 1700000000000 },
  { $tcb_server_date: { offset: 5 } },
  { $tcb_server_date: { offset: { $numberInt: '-1000' } } },
  { $tcb_server_date: { offset: { $numberLong: '3' } } },
  { $tcb_server_date: { offset: { $numberInt: '1' }, more: 1 } },
  { $tcb_server_date: {} },
  { $tcb_server_date: 'x' },
];

describe('request EJSON', () => {
  test('canonical numbers, dates and regexes become JS values', () => {
    const value = parseRequestEjson(
      '{"i":{"$numberInt":"3"},"d":{"$numberDouble":"1.5"},"l":{"$numberLong":"1795299502955"},"when":{"$date":{"$numberLong":"1700000000000"}},"re":{"$regularExpression":{"pattern":"^ab","options":"i"}}}',
      'query',
      0,
    ) as Record<string, unknown>;
    expect(value).toEqual({ i: 3, d: 1.5, l: 1_795_299_502_955, when: new Date(1_700_000_000_000), re: /^ab/i });
    expect(value.re).toBeInstanceOf(RegExp);
  });

  test('$tcb_server_date becomes the server time plus offset, anywhere in the value', () => {
    const value = parseRequestEjson(
      '{"$set":{"t":{"$tcb_server_date":{"offset":{"$numberInt":"0"}}},"list":[{"$tcb_server_date":{"offset":{"$numberInt":"-1000"}}}]}}',
      'data',
      50_000,
    );
    expect(value).toEqual({ $set: { t: new Date(50_000), list: [new Date(49_000)] } });
  });

  test('malformed input is an INVALID_PARAM DbError naming the field', () => {
    const attempt = (raw: string) => () => parseRequestEjson(raw, 'query', 0);
    expect(attempt('{"a":')).toThrow(DbError);
    expect(attempt('{"a":')).toThrow(/query/);
    expect(attempt('{"d":{"$date":"yesterday"}}')).toThrow(/无效日期/);
    expect(attempt('{"r":{"$regularExpression":{"pattern":"(","options":""}}}')).toThrow(/正则/);
    try {
      attempt('nope')();
    } catch (error) {
      expect((error as DbError).code).toBe('INVALID_PARAM');
    }
  });

  test.each(WRAPPERS.map((w) => [JSON.stringify(w)]))('%s alone reads as bson reads it', (text) => {
    const outcome = (read: () => unknown) => {
      try {
        return { value: read() };
      } catch {
        return { threw: true };
      }
    };
    expect(invalidDatesMarked(outcome(() => parseEjsonText(text)))).toEqual(
      invalidDatesMarked(outcome(() => EJSON.parse(text, { relaxed: true }))),
    );
  });

  test('parseEjsonText reads what bson EJSON.parse (relaxed) reads, wrappers anywhere', () => {
    const wrapper = fc.constantFrom<unknown>(...WRAPPERS);
    const { node } = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.jsonValue({ maxDepth: 1 }),
        wrapper,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$x', '__proto__', 'a', '$')), tie('node'), {
          maxKeys: 4,
        }),
      ),
    }));
    const outcome = (read: () => unknown) => {
      try {
        return { value: read() };
      } catch {
        return { threw: true };
      }
    };
    fc.assert(
      fc.property(node, (value) => {
        const text = JSON.stringify(value);
        expect(invalidDatesMarked(outcome(() => parseEjsonText(text)))).toEqual(
          invalidDatesMarked(outcome(() => EJSON.parse(text, { relaxed: true }))),
        );
      }),
      { numRuns: 500 },
    );
  });

  test('regex options map to JS flags; x strips whitespace', () => {
    expect(toRegExp('a.c', 'si').flags).toBe('is');
    expect(toRegExp(' a b ', 'x').source).toBe('ab');
    expect(toRegExp('a\\ b', 'x').test('a b')).toBe(true);
  });
});

describe('reply EJSON', () => {
  test('int32 → $numberInt, other numbers → $numberDouble, dates → $date/$numberLong', () => {
    const text = toCanonicalEjson({
      a: 1,
      b: 1.5,
      c: 2 ** 31,
      d: -0,
      e: NaN,
      f: Infinity,
      g: new Date(5),
      h: [1, 'x', null],
      i: { j: true },
      k: /x/gi,
    });
    expect(JSON.parse(text)).toEqual({
      a: { $numberInt: '1' },
      b: { $numberDouble: '1.5' },
      c: { $numberDouble: '2147483648.0' },
      d: { $numberDouble: '-0.0' },
      e: { $numberDouble: 'NaN' },
      f: { $numberDouble: 'Infinity' },
      g: { $date: { $numberLong: '5' } },
      h: [{ $numberInt: '1' }, 'x', null],
      i: { j: true },
      k: { $regularExpression: { pattern: 'x', options: 'i' } },
    });
  });

  test('what the SDK (bson EJSON.parse) reads back equals the original', () => {
    const doc = {
      _id: 'x',
      n: 42,
      big: 1_795_299_502_955,
      f: 0.1,
      when: new Date(1_700_000_000_123),
      nested: [{ deep: -7 }],
    };
    expect(EJSON.parse(toCanonicalEjson(doc))).toEqual(doc);
  });
});

describe('storage EJSON', () => {
  test('round-trips every supported value through JSON text', () => {
    const doc = {
      _id: 'x',
      n: 1,
      f: -2.5,
      z: -0,
      nan: NaN,
      inf: -Infinity,
      s: '中文 \u0001 "quoted"',
      when: new Date('1969-07-20T20:17:00Z'),
      re: /^a.b$/ims,
      list: [null, true, [new Date(0)], { k: 'v' }],
    };
    const back = fromStorageJson(JSON.parse(JSON.stringify(toStorageJson(doc)))) as typeof doc;
    expect(back).toEqual(doc);
    expect(Object.is(back.z, -0)).toBe(true);
    expect(back.when).toBeInstanceOf(Date);
    expect(back.re.flags).toBe('ims');
  });

  test('the stored form is valid relaxed EJSON (bson reads the same values)', () => {
    const doc = { when: new Date(1_700_000_000_000), n: 3, nan: NaN };
    expect(EJSON.parse(JSON.stringify(toStorageJson(doc)), { relaxed: true })).toEqual(doc);
  });
});
