import { z } from 'zod';
import {
  CONTACT_MESSAGES,
  MOBILE_PATTERN,
  normalizeMobile,
  personNameProblem,
} from '../../../miniprogram/shared/contact';
import { textProblem, upTo, type TextRule } from '../../../miniprogram/shared/text';

/** Document ids are opaque strings; bound their size so no one sends megabytes as an id. */
export const idSchema = z.string().trim().min(1, '不能为空').max(64, '编号过长');

export const pageSchema = z.coerce.number().int().min(1, '页码从 1 开始').max(10000).meta({ title: '页码' }).default(1);

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

/**
 * Mainland mobile numbers as people write them (the rule: miniprogram/shared/contact.ts, which the forms
 * check with too): spaces, dashes and +86 are dropped first, the 11 digits are what the action gets.
 */
export const mobileSchema = z
  .string({ message: CONTACT_MESSAGES.mobile })
  .overwrite(normalizeMobile)
  .regex(MOBILE_PATTERN, CONTACT_MESSAGES.mobile);

/** A person's name: the form's rule itself (shared/contact.ts personNameProblem), trimmed. */
export const personNameSchema = z
  .string({ message: CONTACT_MESSAGES.nameMissing })
  .trim()
  .superRefine(problemCheck(personNameProblem));

export const contactSchema = z
  .object({
    name: personNameSchema.meta({ title: '联系人姓名' }),
    phone: mobileSchema.meta({ title: '联系人手机号' }),
  })
  .meta({ title: '联系人' });

/**
 * A free-text field by its shared rule (miniprogram/shared/text.ts): trimmed, its characters counted as
 * the pages count them (code points), at least `min` (when above 0) and at most `max`.
 */
export function textSchema(rule: TextRule, typeMessage?: string) {
  return z
    .string(typeMessage === undefined ? undefined : { message: typeMessage })
    .trim()
    .superRefine(problemCheck((value: string) => textProblem(rule, value)));
}

/** An optional text of at most `max` characters (counted as textSchema counts), e.g. a note. */
export function textUpTo(label: string, max: number, unit?: string) {
  return textSchema(upTo(label, max, unit));
}

export interface Paged<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
