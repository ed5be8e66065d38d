/**
 * Credit codes: the format both sides read (shared/credit.ts), the server's signature (credit/codes.ts),
 * the anomaly rule and the place of a scan.
 */
import fc from 'fast-check';
import { creditCodeFor, isSignedCreditCode } from '../../../cloudfunctions/src/credit/codes';
import { placeOf } from '../../../cloudfunctions/src/credit/places';
import {
  CREDIT_CODE_PATTERN,
  creditCodeFromScan,
  formatCreditCode,
  isLikelyCopied,
  normalizeCreditCode,
} from '../../../miniprogram/shared/credit';

const SECRET = 's'.repeat(64);
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const issuanceId = fc.stringMatching(/^[0-9a-f]{24}$/);
const serial = fc.integer({ min: 1, max: 100_000 });

describe('credit code format and signature', () => {
  test('a code is 12 Crockford characters, deterministic per unit, and signed', () => {
    fc.assert(
      fc.property(issuanceId, serial, (id, n) => {
        const code = creditCodeFor(id, n, 0, SECRET);
        expect(code).toMatch(CREDIT_CODE_PATTERN);
        expect(creditCodeFor(id, n, 0, SECRET)).toBe(code);
        expect(isSignedCreditCode(code, SECRET)).toBe(true);
        expect(isSignedCreditCode(code, 't'.repeat(64))).toBe(false);
        expect(creditCodeFor(id, n, 1, SECRET)).not.toBe(code);
      }),
    );
  });

  test('every single-character change breaks the signature', () => {
    fc.assert(
      fc.property(
        issuanceId,
        serial,
        fc.integer({ min: 9, max: 11 }),
        fc.integer({ min: 1, max: 31 }),
        (id, n, at, shift) => {
          // A changed signature character never passes.
          const code = creditCodeFor(id, n, 0, SECRET);
          const changed = ALPHABET[(ALPHABET.indexOf(code[at]) + shift) % 32];
          expect(isSignedCreditCode(code.slice(0, at) + changed + code.slice(at + 1), SECRET)).toBe(false);
        },
      ),
    );
    // A changed body character passes by chance 1 in 32,768 times (15 bits), then still has to be stored.
    let forgedAccepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const code = creditCodeFor('a'.repeat(24), i + 1, 0, SECRET);
      const altered = (code[0] === '0' ? '1' : '0') + code.slice(1);
      if (isSignedCreditCode(altered, SECRET)) forgedAccepted++;
    }
    // 20,000 forgeries at 1 in 32,768 each: expected 0.6.
    expect(forgedAccepted).toBeLessThanOrEqual(5);
    expect(isSignedCreditCode('ABC', SECRET)).toBe(false);
  });

  test('100,000 serial codes of one issue are distinct', () => {
    const codes = new Set(Array.from({ length: 100_000 }, (_, i) => creditCodeFor('b'.repeat(24), i + 1, 0, SECRET)));
    expect(codes.size).toBe(100_000);
  });

  test('people type codes their way: case, dashes, spaces, O for 0 and I or L for 1', () => {
    expect(normalizeCreditCode(' 7k3m-9qxa 2bcd ')).toBe('7K3M9QXA2BCD');
    expect(normalizeCreditCode('O1IL')).toBe('0111');
    expect(formatCreditCode('7K3M9QXA2BCD')).toBe('7K3M-9QXA-2BCD');
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{12}$/), (code) => {
        expect(normalizeCreditCode(formatCreditCode(code).toLowerCase())).toBe(code);
      }),
    );
  });

  test('the code in what a scan gives: a label link (also URL-encoded as the page option q) or the code', () => {
    expect(creditCodeFromScan('https://ypt.example.cn/c/7K3M9QXA2BCD')).toBe('7K3M9QXA2BCD');
    expect(creditCodeFromScan(encodeURIComponent('https://ypt.example.cn/c/7K3M9QXA2BCD'))).toBe('7K3M9QXA2BCD');
    expect(creditCodeFromScan('https://ypt.example.cn/c/7K3M-9QXA-2BCD?from=label')).toBe('7K3M9QXA2BCD');
    expect(creditCodeFromScan('7k3m-9qxa-2bcd')).toBe('7K3M9QXA2BCD');
    expect(creditCodeFromScan('YPTT1.abc.def')).toBe('');
    expect(creditCodeFromScan('https://evil.example/x')).toBe('');
    expect(creditCodeFromScan('%E0%A4%A')).toBe('');
  });
});

describe('the copy rule and the place of a scan', () => {
  test('a serial code is likely copied when scanned in more than 5 places; a batch code never', () => {
    expect([0, 1, 5, 6, 40].map((n) => isLikelyCopied('serial', n))).toEqual([false, false, false, true, true]);
    expect([0, 6, 40].map((n) => isLikelyCopied('batch', n))).toEqual([false, false, false]);
  });

  test('a location maps to the nearest Guangdong city, outside the province to 省外, none to 未知地区', () => {
    expect(placeOf({ latitude: 23.13, longitude: 113.27 })).toBe('广州市');
    expect(placeOf({ latitude: 22.8, longitude: 113.25 })).toBe('佛山市'); // 顺德
    expect(placeOf({ latitude: 22.95, longitude: 113.9 })).toBe('东莞市');
    expect(placeOf({ latitude: 21.27, longitude: 110.36 })).toBe('湛江市');
    expect(placeOf({ latitude: 39.9, longitude: 116.4 })).toBe('省外'); // 北京
    expect(placeOf({ latitude: 25.0, longitude: 110.0 })).toBe('省外'); // 桂林 area, inside the box, far from every centre
    expect(placeOf(undefined)).toBe('未知地区');
  });
});
