import { z } from 'zod';
import {
  CONTACT_MESSAGES,
  MOBILE_PATTERN,
  PERSON_NAME_MAX,
  PERSON_NAME_MIN,
  PERSON_NAME_PATTERN,
} from '../../../miniprogram/shared/contact';

/** Document ids are opaque strings; bound their size so no one sends megabytes as an id. */
export const idSchema = z.string().trim().min(1, '不能为空').max(64, '编号过长');

export const pageSchema = z.coerce.number().int().min(1, '页码从 1 开始').max(10000).default(1);

/** ISO 8601 instant, e.g. 2026-07-01T09:00:00+08:00. */
export const instantSchema = z.iso.datetime({
  offset: true,
  message: '时间格式应为 ISO 8601，例如 2026-07-01T09:00:00+08:00',
});

/** Calendar date in Asia/Shanghai, YYYY-MM-DD. */
export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    '日期不存在',
  );

/** Mainland mobile numbers (the rule: miniprogram/shared/contact.ts, which the forms check with too). */
export const mobileSchema = z.string().trim().regex(MOBILE_PATTERN, CONTACT_MESSAGES.mobile);

export const personNameSchema = z
  .string()
  .trim()
  .min(PERSON_NAME_MIN, CONTACT_MESSAGES.nameTooShort)
  .max(PERSON_NAME_MAX, CONTACT_MESSAGES.nameTooLong)
  .regex(PERSON_NAME_PATTERN, CONTACT_MESSAGES.nameCharacters);

export const contactSchema = z.object({ name: personNameSchema, phone: mobileSchema });

/**
 * A rule of miniprogram/shared that names its problem ('' when there is none) as a zod check, so the
 * server reports the same sentence the form shows.
 */
export function problemCheck<T>(problem: (value: T) => string) {
  return (value: T, ctx: z.RefinementCtx<T>): void => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}

export interface Paged<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
