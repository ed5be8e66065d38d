/**
 * Product credit codes: 12 Crockford base32 characters, 9 that name the code and 3 that sign them, both
 * keyed by the server secret. The 9 come from an HMAC of (issue, serial number, attempt), so an interrupted
 * issue makes the same codes again when it resumes (no duplicates), and nobody without the secret can
 * predict a code of a real product; the 3 let a scan refuse a made-up or mistyped code before any
 * database read. A code is genuine only when it is also stored (credit_codes, _id = code).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { crockfordBase32 } from '../core/base32';
import { serverSecret } from '../runtime/secrets';

const BODY_LENGTH = 9;
const SIGNATURE_LENGTH = 3;

const mac = (purpose: string, value: string, secret: string) =>
  createHmac('sha256', secret).update(`${purpose}|${value}`).digest();

function signatureOf(body: string, secret: string): string {
  return crockfordBase32(mac('credit-code-signature', body, secret), SIGNATURE_LENGTH);
}

/**
 * The code of unit `serial` of issue `issuanceId`. `attempt` > 0 only when attempt 0 collides with a code of
 * another unit (about once in 10¹³ codes): the issue then tries the next attempt, deterministically.
 */
export function creditCodeFor(issuanceId: string, serial: number, attempt = 0, secret = serverSecret()): string {
  const body = crockfordBase32(mac('credit-code', `${issuanceId}|${serial}|${attempt}`, secret), BODY_LENGTH);
  return body + signatureOf(body, secret);
}

/** Whether a code (stored form) carries a valid signature: compared in constant time. */
export function isSignedCreditCode(code: string, secret = serverSecret()): boolean {
  if (code.length !== BODY_LENGTH + SIGNATURE_LENGTH) return false;
  const expected = Buffer.from(signatureOf(code.slice(0, BODY_LENGTH), secret));
  const given = Buffer.from(code.slice(BODY_LENGTH));
  return expected.length === given.length && timingSafeEqual(expected, given);
}
