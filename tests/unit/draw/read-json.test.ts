import fc from 'fast-check';
import { JsonSyntaxError, readJsonObject } from '../../../scripts/draw/read-json';

/** The text cut into chunks at the given positions, as a file read would deliver it. */
function chunked(text: string, cuts: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, cut));
    from = cut;
  }
  return chunks;
}

const STREAMED = new Set(['entries', 'result']);
const member = fc.oneof(fc.constantFrom('entries', 'result', 'cap', '__proto__', 'a"b', '键'), fc.string());
const value = fc.jsonValue();
const entries = fc.array(
  fc.oneof(fc.jsonValue(), fc.record({ applicationId: fc.string(), poolIds: fc.array(fc.string()) })),
);

describe('readJsonObject', () => {
  test('reads what JSON.parse reads, however the text is cut and spaced', () => {
    fc.assert(
      fc.property(
        fc.dictionary(member, fc.oneof(value, entries)),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom(undefined, 1, 2, '\t'),
        (object, cuts, space) => {
          const text = JSON.stringify(object, null, space);
          expect(readJsonObject(chunked(text, cuts), STREAMED)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('cuts at `},` only between elements: not inside strings, nested objects or after the array', () => {
    // Text made of the very bytes a cut looks for, in strings, keys and nested objects.
    const tricky = fc
      .array(fc.constantFrom('},', '"},{"', '\\', '"', ']', '[', '{', '}', ', ', 'é', '键', 'a'), { maxLength: 6 })
      .map((parts) => parts.join(''));
    const element = fc.oneof(
      fc.record({ applicationId: tricky, poolIds: fc.array(tricky, { maxLength: 3 }) }),
      fc.dictionary(tricky, fc.oneof(tricky, fc.dictionary(tricky, tricky, { maxKeys: 2 })), { maxKeys: 3 }),
      tricky,
    );
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 12 }),
        fc.array(element, { maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom(undefined, 1),
        (entries, result, cuts, space) => {
          const text = JSON.stringify({ entries, '},"k': '},', result, after: { x: '},' } }, null, space);
          expect(readJsonObject(chunked(text, cuts), STREAMED)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('streams big arrays in batches and still returns every element in order', () => {
    const big = Array.from({ length: 60_000 }, (_, i) => ({ applicationId: `A${i}`, note: 'x"\\é'.repeat(i % 5) }));
    const text = JSON.stringify({ campaignId: 'c', entries: big, cap: 1 });
    const read = readJsonObject(chunked(text, [1, 65_536, 65_537, 1_000_003, 2_000_000]), STREAMED);
    expect(read.entries).toEqual(big);
    expect(read.cap).toBe(1);
  });

  test('an element longer than many chunks: taken at a later cut, or scanned when that cut is refused or never comes', () => {
    const ids = (n: number, tricky: boolean) =>
      Array.from({ length: n }, (_, i) => (tricky && i % 97 === 0 ? `x"},{"${i}` : `id${i}`));
    // A pool line as records are written, then one whose strings hold `},`, then the last one (no `},` after it).
    for (const tricky of [false, true]) {
      const result = [
        { poolId: 'A', winners: ids(5000, tricky), waitlist: ids(3000, false) },
        { poolId: 'B', winners: ids(4000, tricky), waitlist: [] },
        { poolId: 'C', winners: ids(6000, false), waitlist: ids(10, tricky) },
      ];
      const text =
        '{\n  "result": [\n' + result.map((r) => '    ' + JSON.stringify(r)).join(',\n') + '\n  ],\n  "x": 1\n}\n';
      const cuts = Array.from({ length: 200 }, (_, k) => k * 997);
      expect(readJsonObject(chunked(text, cuts), STREAMED)).toEqual(JSON.parse(text));
    }
  });

  test('onElement sees each streamed element in order, with its member, and what it answers is kept', () => {
    const seen: string[] = [];
    const text = JSON.stringify({ entries: [{ n: 1 }, { n: 2 }], cap: [9], result: [{ n: 3 }] });
    const read = readJsonObject(chunked(text, [7, 19, 30]), STREAMED, (name, element) => {
      seen.push(`${name}:${(element as { n: number }).n}`);
      return { ...(element as object), seen: true };
    });
    expect(seen).toEqual(['entries:1', 'entries:2', 'result:3']);
    expect(read).toEqual({
      entries: [
        { n: 1, seen: true },
        { n: 2, seen: true },
      ],
      cap: [9],
      result: [{ n: 3, seen: true }],
    });
  });

  test('__proto__ is an ordinary member, as JSON.parse makes it', () => {
    const read = readJsonObject([Buffer.from('{"__proto__": {"polluted": true}}')], STREAMED);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a JSON value other than an object is not a record', () => {
    for (const text of ['[]', '"x"', '1', 'null']) {
      expect(() => readJsonObject([Buffer.from(text)], STREAMED)).toThrow('a draw record is one JSON object');
    }
  });

  test.each([
    '',
    '{"a": 1',
    '{"a" 1}',
    '{"a": 1,}',
    '{"entries": [1,]}',
    '{"entries": [,1]}',
    '{"entries": [1,,2]}',
    '{"entries": [{"a": 1},]}',
    '{"entries": [{"a": 1},,{"b": 2}]}',
    '{"entries": [{"a": 1},{"b": 2},] }',
    '{"entries": [{"a": "},"}, {"b": 2}},{"c": 3}]}',
    '{"entries": [1 2]}',
    '{"entries": [1]] }',
    '{"entries": [{"a": 1}} ]}',
    '{"a": 1} x',
    '{"a": 1}}',
    '{1: 2}',
    '{"a": tru}',
    '{"a": "unterminated}',
  ])('refuses %j like JSON.parse does', (text) => {
    expect(() => JSON.parse(text)).toThrow();
    for (const cuts of [[], [1], [3, 7, 11]]) {
      expect(() => readJsonObject(chunked(text, cuts), STREAMED)).toThrow(JsonSyntaxError);
    }
  });
});
