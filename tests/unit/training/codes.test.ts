/**
 * The codes of a sign-up (training/codes.ts): a check-in QR code that only the server can make and that
 * names one sign-up, and a certificate code that is typed in (Crockford base32, grouped when printed).
 */
import fc from 'fast-check';
import {
  certificateCodeFor,
  checkInPayloadFor,
  verifyCheckInPayload,
} from '../../../cloudfunctions/src/training/codes';
import {
  CERTIFICATE_CODE_PATTERN,
  formatCertificateCode,
  normalizeCertificateCode,
} from '../../../miniprogram/shared/training';

const SECRET = 'unit-test-secret-0123456789abcdef';
const hexId = fc.stringMatching(/^[0-9a-f]{24}$/);

describe('training codes', () => {
  beforeAll(() => {
    process.env.YPT_SERVER_SECRET = SECRET;
    process.env.YPT_LOCAL_CLOUD = '1';
  });

  test('a check-in code verifies to its own sign-up id', () => {
    fc.assert(fc.property(hexId, (id) => verifyCheckInPayload(checkInPayloadFor(id)) === id));
  });

  test('changing any character of a code makes it invalid', () => {
    const code = checkInPayloadFor('0123456789abcdef01234567');
    for (let i = 0; i < code.length; i++) {
      const swapped = code[i] === 'A' ? 'B' : 'A';
      const altered = code.slice(0, i) + swapped + code.slice(i + 1);
      if (altered !== code) expect(verifyCheckInPayload(altered)).toBeNull();
    }
    expect(verifyCheckInPayload(`${code}A`)).toBeNull();
    expect(verifyCheckInPayload(code.slice(0, -1))).toBeNull();
  });

  test('a code signed with another secret, or of another shape, is invalid', () => {
    const id = '0123456789abcdef01234567';
    const genuine = checkInPayloadFor(id);
    process.env.YPT_SERVER_SECRET = 'another-secret-0123456789abcdef';
    expect(verifyCheckInPayload(genuine)).toBeNull();
    process.env.YPT_SERVER_SECRET = SECRET;
    for (const text of ['', 'YPTT1', `YPTT1.${id}`, `YPT1.${id}.x`, `YPTT1.NOT-HEX-ID.${genuine.split('.')[2]}`]) {
      expect(verifyCheckInPayload(text)).toBeNull();
    }
    expect(verifyCheckInPayload(`  ${genuine}\n`)).toBe(id);
  });

  test('certificate codes: the format, one per sign-up, and as people type them', () => {
    fc.assert(
      fc.property(hexId, hexId, (a, b) => {
        const code = certificateCodeFor(a);
        expect(code).toMatch(CERTIFICATE_CODE_PATTERN);
        expect(certificateCodeFor(a)).toBe(code);
        if (a !== b) expect(certificateCodeFor(b)).not.toBe(code);
        const printed = formatCertificateCode(code);
        expect(printed).toMatch(/^ZS-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
        expect(normalizeCertificateCode(printed)).toBe(code);
        expect(normalizeCertificateCode(printed.toLowerCase().replace(/-/g, ' '))).toBe(code);
      }),
    );
  });
});
