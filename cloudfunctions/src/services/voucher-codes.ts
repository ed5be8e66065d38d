import { createHmac, timingSafeEqual } from 'node:crypto';
import { crockfordBase32 } from '../core/base32';
import { serverSecret } from '../runtime/secrets';

const QR_PREFIX = 'YPT1';

/**
 * A voucher's id: deterministic from (campaign, pool, application) so a re-run draw writes the same
 * ids (idempotent), and keyed by the server secret so nobody can guess another holder's code.
 */
export function voucherIdFor(campaignId: string, poolId: string, applicationId: string): string {
  const mac = createHmac('sha256', serverSecret())
    .update(`voucher-id|${campaignId}|${poolId}|${applicationId}`)
    .digest();
  return `V${crockfordBase32(mac, 16)}`;
}

function signature(voucherId: string): string {
  return createHmac('sha256', serverSecret()).update(`voucher-qr|${voucherId}`).digest('base64url').slice(0, 22);
}

/** The text in a voucher's QR code: `YPT1.<voucherId>.<signature>`. */
export function qrPayloadFor(voucherId: string): string {
  return `${QR_PREFIX}.${voucherId}.${signature(voucherId)}`;
}

/** The voucher id of a genuine payload, or null for anything forged, altered or malformed. */
export function verifyQrPayload(payload: string): string | null {
  const parts = payload.trim().split('.');
  if (parts.length !== 3 || parts[0] !== QR_PREFIX || !/^V[0-9A-Z]{16}$/.test(parts[1])) return null;
  const expected = Buffer.from(signature(parts[1]));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return parts[1];
}
