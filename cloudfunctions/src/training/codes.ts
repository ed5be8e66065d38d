/**
 * The two codes of a sign-up, both keyed by the server secret so neither can be guessed or made up:
 * the check-in QR code (`YPTT1.<signupId>.<signature>`, verified with timingSafeEqual) and the
 * certificate's verification code (`ZS` + 12 Crockford base32 characters of an HMAC of the sign-up id,
 * stored on the sign-up at check-in and looked up by index).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { crockfordBase32 } from '../core/base32';
import { serverSecret } from '../runtime/secrets';

const QR_PREFIX = 'YPTT1';
const SIGNUP_ID = /^[0-9a-f]{24}$/;

const mac = (purpose: string, value: string, secret = serverSecret()) =>
  createHmac('sha256', secret).update(`${purpose}|${value}`).digest();

function signature(signupId: string, secret?: string): string {
  return mac('training-checkin', signupId, secret).toString('base64url').slice(0, 22);
}

/** The text of a sign-up's check-in QR code (`secret`: the functions' own unless given, as the seed does). */
export function checkInPayloadFor(signupId: string, secret?: string): string {
  return `${QR_PREFIX}.${signupId}.${signature(signupId, secret)}`;
}

/** The sign-up id of a genuine check-in code, or null for anything forged, altered or malformed. */
export function verifyCheckInPayload(payload: string): string | null {
  const parts = payload.trim().split('.');
  if (parts.length !== 3 || parts[0] !== QR_PREFIX || !SIGNUP_ID.test(parts[1])) return null;
  const expected = Buffer.from(signature(parts[1]));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return parts[1];
}

/** The certificate code of a sign-up (stored form, see shared/training.ts CERTIFICATE_CODE_PATTERN). */
export function certificateCodeFor(signupId: string, secret?: string): string {
  return `ZS${crockfordBase32(mac('training-certificate', signupId, secret), 12)}`;
}
