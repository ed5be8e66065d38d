import { z } from 'zod';
import type { Result } from '../contract/envelope';
import { AppError } from './errors';
import { getCloud, getDb, type Database } from './cloud';
import { findById } from './db';

export type Role = 'admin' | 'staff';

/**
 * Who may call an action:
 * - public: anyone, logged in or not (WeChat always supplies an OPENID to mini-program calls);
 * - user: a mini-program user (OPENID present);
 * - staff: a user holding the hospital-staff role (bound to one hospital);
 * - admin: the console or a timer (no OPENID), or a user holding the admin role.
 */
export type Access = 'public' | 'user' | 'staff' | 'admin';

export interface UserRecord {
  _id: string;
  roles: Role[];
  hospitalId?: string;
  enterpriseUscc?: string;
  phoneVerified?: boolean;
  phoneKey?: string;
  phoneMasked?: string;
}

export interface Caller {
  /** The WeChat OPENID from the platform context; undefined for console and timer calls. */
  openid?: string;
  /** The caller's user record when it exists (loaded for staff/admin checks and on demand). */
  user?: UserRecord;
  isConsole: boolean;
  isAdmin: boolean;
  /** Label written to audit_log. */
  actor: string;
}

export interface ActionContext {
  caller: Caller;
  db: Database;
  now: Date;
}

export interface ActionDefinition<S extends z.ZodType, R> {
  access: Access;
  input: S;
  handler: (input: z.infer<S>, ctx: ActionContext) => Promise<R>;
}

/** Helper that keeps `input` and `handler` types tied together. */
export function action<S extends z.ZodType, R>(def: ActionDefinition<S, R>): ActionDefinition<S, R> {
  return def;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionTable = Record<string, ActionDefinition<any, any>>;

export interface FunctionOptions {
  /** Timer trigger name → action invoked with an empty input. */
  timers?: Record<string, string>;
}

const PLATFORM_KEYS = new Set(['action', 'userInfo', 'tcbContext']);

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(input)'}: ${issue.message}`)
    .join('; ');
}

async function loadUser(db: Database, openid: string): Promise<UserRecord | undefined> {
  return (await findById<UserRecord>(db, 'users', openid)) ?? undefined;
}

/**
 * Builds a cloud function's `main` from its action table: routes on `event.action`, validates the
 * input with the action's zod schema, checks access server-side, and answers with the envelope.
 */
export function createFunction(actions: ActionTable, options: FunctionOptions = {}) {
  return async function main(event: Record<string, unknown>, _context?: unknown): Promise<Result<unknown>> {
    try {
      const cloud = getCloud();
      let actionName = typeof event?.action === 'string' ? event.action : undefined;
      if (event && event.Type === 'Timer' && typeof event.TriggerName === 'string') {
        actionName = options.timers?.[event.TriggerName];
      }
      const def =
        actionName && Object.prototype.hasOwnProperty.call(actions, actionName) ? actions[actionName] : undefined;
      if (!def) {
        return { ok: false, code: 'UNKNOWN_ACTION', message: `未知操作：${String(actionName ?? '(空)')}` };
      }

      const payload: Record<string, unknown> = {};
      if (event && event.Type !== 'Timer') {
        for (const [key, value] of Object.entries(event)) if (!PLATFORM_KEYS.has(key)) payload[key] = value;
      }
      const parsed = def.input.safeParse(payload);
      if (!parsed.success) {
        return { ok: false, code: 'VALIDATION_FAILED', message: `输入有误：${describeZodError(parsed.error)}` };
      }

      const db = getDb();
      const { OPENID } = cloud.getWXContext();
      const openid = OPENID || undefined;
      const user = openid && def.access !== 'public' ? await loadUser(db, openid) : undefined;
      const isConsole = !openid;
      const isAdmin = isConsole || !!user?.roles?.includes('admin');
      const caller: Caller = {
        openid,
        user,
        isConsole,
        isAdmin,
        actor: openid ? `user:${openid}` : 'console',
      };

      if (def.access === 'user' && !openid) {
        return { ok: false, code: 'UNAUTHENTICATED', message: '请在小程序内登录后操作' };
      }
      if (def.access === 'admin' && !isAdmin) {
        return { ok: false, code: 'FORBIDDEN', message: '需要管理员权限' };
      }
      if (def.access === 'staff' && !(user?.roles?.includes('staff') && user.hospitalId) && !isAdmin) {
        return { ok: false, code: 'FORBIDDEN', message: '需要产品医院工作人员权限' };
      }

      const data = await def.handler(parsed.data, { caller, db, now: new Date() });
      return { ok: true, data: data ?? null };
    } catch (error) {
      if (error instanceof AppError) {
        return {
          ok: false,
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        };
      }
      console.error('[function] unexpected error', error);
      return { ok: false, code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' };
    }
  };
}

/** An action table checked against its contract: every action present, outputs as declared. */
export type ActionTableFor<Api extends { [K in keyof Api]: { input: unknown; output: unknown } }> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [K in keyof Api]: ActionDefinition<any, Api[K]['output']>;
};
