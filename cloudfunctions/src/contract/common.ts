import { z } from 'zod';

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

/** Mainland mobile numbers: 11 digits starting with 1. */
export const mobileSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号');

export const personNameSchema = z
  .string()
  .trim()
  .min(2, '姓名至少 2 个字')
  .max(30, '姓名不超过 30 个字')
  .regex(/^[\u4e00-\u9fa5A-Za-z·.\s]+$/, '姓名只能包含汉字、字母和间隔号');

export const contactSchema = z.object({ name: personNameSchema, phone: mobileSchema });

export interface Paged<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
