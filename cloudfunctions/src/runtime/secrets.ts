import { createHmac } from 'node:crypto';
import { AppError } from './errors';

/** Deployed secrets are at least this long (`openssl rand -hex 32` gives 64). */
export const MIN_SECRET_LENGTH = 32;
/** The local cloud's own stand-in secrets (`local-NAME`, emulator/env.ts) are shorter; still refuse junk. */
const MIN_LOCAL_SECRET_LENGTH = 16;

/**
 * Why the functions must not run with this YPT_SERVER_SECRET, or undefined when it will do. Outside
 * the local cloud a stand-in (`local-…`), an unresolved `{{env.…}}` placeholder or a short value
 * would make every pseudonym and voucher signature guessable, so nothing runs with one.
 */
export function secretProblem(secret: string | undefined, localCloud: boolean): string | undefined {
  if (!secret) return 'YPT_SERVER_SECRET is not set';
  if (localCloud) {
    return secret.length < MIN_LOCAL_SECRET_LENGTH
      ? `YPT_SERVER_SECRET is shorter than ${MIN_LOCAL_SECRET_LENGTH} characters`
      : undefined;
  }
  if (/\{\{\s*env\./.test(secret)) return 'YPT_SERVER_SECRET is an unresolved {{env.…}} placeholder';
  if (secret.startsWith('local-')) return 'YPT_SERVER_SECRET is the local cloud stand-in (local-…)';
  if (secret.length < MIN_SECRET_LENGTH) return `YPT_SERVER_SECRET is shorter than ${MIN_SECRET_LENGTH} characters`;
  return undefined;
}

/** The configuration problem of this container, if any (YPT_LOCAL_CLOUD=1 is set by the local cloud's host). */
export function configProblem(env: Record<string, string | undefined> = process.env): string | undefined {
  return secretProblem(env.YPT_SERVER_SECRET, env.YPT_LOCAL_CLOUD === '1');
}

/**
 * The server-side secret behind applicant pseudonyms and voucher QR signatures. Deployed from the
 * YPT_SERVER_SECRET environment variable (cloudbaserc.json); the local cloud sets its own.
 */
export function serverSecret(): string {
  if (configProblem()) throw new AppError('INTERNAL', '服务器密钥未配置');
  return process.env.YPT_SERVER_SECRET as string;
}

export function keyedHash(purpose: string, value: string, secret = serverSecret()): string {
  return createHmac('sha256', secret).update(`${purpose}|${value}`).digest('hex');
}

/**
 * The key of a verified phone number, kept on the user record only and never published. Its value is
 * unchanged from when it was itself the applicantKey, so stored user records stay valid.
 */
export function phoneKeyOf(phone: string, secret?: string): string {
  return `P:${keyedHash('applicant', phone, secret).slice(0, 24)}`;
}

/**
 * applicantKey of a person in one campaign (LOTTERY.md): `P:` + keyed hash of the campaign and the
 * person's phone key. Keyed per campaign so published draw records cannot be joined to follow one
 * person across campaigns; within a campaign the same phone still gives the same key.
 */
export function personApplicantKey(campaignId: string, phoneKey: string, secret?: string): string {
  return `P:${keyedHash('campaign-applicant', `${campaignId}|${phoneKey}`, secret).slice(0, 24)}`;
}
