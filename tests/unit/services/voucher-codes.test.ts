import fc from 'fast-check';
import { qrPayloadFor, verifyQrPayload, voucherIdFor } from '../../../cloudfunctions/src/services/voucher-codes';

describe('voucher codes and QR payloads', () => {
  const secret = process.env.YPT_SERVER_SECRET;
  beforeAll(() => {
    process.env.YPT_SERVER_SECRET = 'unit-test-secret-0123456789abcdef';
  });
  afterAll(() => {
    process.env.YPT_SERVER_SECRET = secret;
  });

  test('voucher ids are deterministic per (campaign, pool, application) and differ otherwise', () => {
    const a = voucherIdFor('c1', 'G500', 'app1');
    expect(a).toMatch(/^V[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(voucherIdFor('c1', 'G500', 'app1')).toBe(a);
    expect(voucherIdFor('c1', 'G1000', 'app1')).not.toBe(a);
    expect(voucherIdFor('c2', 'G500', 'app1')).not.toBe(a);
  });

  test('ids depend on the server secret (nobody without it can derive a holder’s code)', () => {
    const a = voucherIdFor('c1', 'G500', 'app1');
    process.env.YPT_SERVER_SECRET = 'another-secret-0123456789abcdef!!';
    expect(voucherIdFor('c1', 'G500', 'app1')).not.toBe(a);
    process.env.YPT_SERVER_SECRET = 'unit-test-secret-0123456789abcdef';
  });

  test('a genuine payload verifies to its voucher id', () => {
    const id = voucherIdFor('c1', 'G500', 'app1');
    expect(verifyQrPayload(qrPayloadFor(id))).toBe(id);
    expect(verifyQrPayload(`  ${qrPayloadFor(id)}\n`)).toBe(id);
  });

  test('any single-character change to a payload is refused', () => {
    const payload = qrPayloadFor(voucherIdFor('c1', 'G500', 'app1'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: payload.length - 1 }), fc.constantFrom(...'AB01xyz._-'), (i, ch) => {
        fc.pre(payload[i] !== ch);
        const altered = payload.slice(0, i) + ch + payload.slice(i + 1);
        expect(verifyQrPayload(altered)).toBeNull();
      }),
    );
  });

  test('another voucher’s signature does not transfer, and junk is refused', () => {
    const a = voucherIdFor('c1', 'G500', 'app1');
    const b = voucherIdFor('c1', 'G500', 'app2');
    const sigOfA = qrPayloadFor(a).split('.')[2];
    expect(verifyQrPayload(`YPT1.${b}.${sigOfA}`)).toBeNull();
    for (const junk of ['', 'YPT1', 'YPT1..', `YPT2.${a}.${sigOfA}`, a, 'https://example.com'])
      expect(verifyQrPayload(junk)).toBeNull();
  });
});
