import { createHmac } from 'node:crypto';
import { AppError } from './errors';

/**
 * The server-side secret behind applicant pseudonyms and voucher QR signatures. Deployed from the
 * YPT_SERVER_SECRET environment variable (cloudbaserc.json); the local cloud sets its own.
 */
export function serverSecret(): string {
  const secret = process.env.YPT_SERVER_SECRET;
  if (!secret || secret.length < 16) {
    throw new AppError('INTERNAL', '服务器密钥未配置');
  }
  return secret;
}

export function keyedHash(purpose: string, value: string, secret = serverSecret()): string {
  return createHmac('sha256', secret).update(`${purpose}|${value}`).digest('hex');
}

/** applicantKey of a person: `P:` + keyed hash of the verified phone number (LOTTERY.md). */
export function personApplicantKey(phone: string, secret?: string): string {
  return `P:${keyedHash('applicant', phone, secret).slice(0, 24)}`;
}
