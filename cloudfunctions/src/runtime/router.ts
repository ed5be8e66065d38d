import { z } from 'zod';
import type { Result } from '../contract/envelope';
import { describeIssues, zhIssueMessage, type FieldIssue } from '../contract/issues';
import { identifyCaller, type CallerKind } from './caller';
import { AppError } from './errors';
import { getCloud, getDb, type Database } from './cloud';
import { findById } from './db';
import { configProblem } from './secrets';

export type Role = 'admin' | 'staff' | 'expert' | 'trainer';

/**
 * Who may call an action:
 * - public: anyone, logged in or not (the crawler and other callers without an OPENID included);
 * - user: a mini-program user (OPENID present);
 * - staff: a user holding the hospital-staff role (bound to one hospital);
 * - expert: a user holding the help-desk expert role (bound to one expert record, `experts`);
 * - trainer: a user holding the training organiser-staff role (bound to one organiser, `training_organisers`);
 * - admin: the console or a timer (recognised from the platform context, runtime/caller.ts), or a
 *   user holding the admin role.
 */
export type Access = 'public' | 'user' | 'staff' | 'expert' | 'trainer' | 'admin';

export interface UserRecord {
  _id: string;
  roles: Role[];
  hospitalId?: string;
  /** The expert record (`experts`) an expert user answers for. */
  expertId?: string;
  /** The training organiser (`training_organisers`) a trainer user checks attendees in for. */
  organiserId?: string;
  enterpriseUscc?: string;
  phoneVerified?: boolean;
  phoneKey?: string;
  phoneMasked?: string;
}

export interface Caller {
  /** Who the platform context says is calling (runtime/caller.ts). */
  kind: CallerKind;
  /** The WeChat OPENID from the platform context, as a string; set only for users. */
  openid?: string;
  /** The caller's user record when it exists (loaded for staff/admin checks and on demand). */
  user?: UserRecord;
  /** The console or a timer: admin rights without a user. */
  isConsole: boolean;
  isAdmin: boolean;
  /** Label written to audit_log: `user:<openid>`, `console`, `timer` or `anonymous`. */
  actor: string;
}

/** The caller of an action that reads only the caller's own documents: no user record, so no roles. */
export type OwnerCaller = Omit<Caller, 'user' | 'isAdmin'>;

export interface ActionContext<C = Caller> {
  caller: C;
  db: Database;
  now: Date;
}

export interface ActionDefinition<S extends z.ZodType, R> {
  access: Access;
  /**
   * `'not read'`: a `user` action that finds the caller's documents by OPENID alone and needs nothing of
   * the `users` record (binding, verified phone, roles); the router does not read it (one billed request
   * less per call) and the handler's caller has no `user` nor `isAdmin`, so the compiler holds it to that.
   */
  userRecord?: 'not read';
  input: S;
  handler: (input: z.infer<S>, ctx: ActionContext) => Promise<R>;
}

/** Helper that keeps `input` and `handler` types tied together. */
export function action<S extends z.ZodType, R>(
  def: Omit<ActionDefinition<S, R>, 'userRecord' | 'handler'> & {
    access: 'user';
    userRecord: 'not read';
    handler: (input: z.infer<S>, ctx: ActionContext<OwnerCaller>) => Promise<R>;
  },
): ActionDefinition<S, R>;
export function action<S extends z.ZodType, R>(
  def: ActionDefinition<S, R> & { userRecord?: undefined },
): ActionDefinition<S, R>;
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

/**
 * Parses an action's input with Chinese messages for every check (contract/issues.ts): the schema's
 * own sentences where it has them, zhIssueMessage for the rest.
 */
export function parseInput<S extends z.ZodType>(schema: S, payload: unknown) {
  return schema.safeParse(payload, { error: zhIssueMessage });
}

/**
 * A refused input as the envelope says it: a Chinese message naming the field as users know it
 * (联系人手机号：请输入 11 位手机号), never a key of the input, and in `details.fields` every failing
 * field's path, label and message in the schema's order, so a page can scroll to the first.
 */
export function describeZodError(schema: z.ZodType, error: z.ZodError): { message: string; fields: FieldIssue[] } {
  return describeIssues(schema, error);
}

/** The caller's `users` record, if any (the router reads it for every action that does not say `userRecord: 'not read'`). */
export async function userRecordOf(db: Database, openid: string): Promise<UserRecord | undefined> {
  return (await findById<UserRecord>(db, 'users', openid)) ?? undefined;
}

/**
 * Builds a cloud function's `main` from its action table: refuses to run on a bad configuration,
 * identifies the caller from the platform context, routes on `event.action` (a timer: on its
 * trigger), checks access server-side, then validates the input with the action's zod schema, and
 * answers with the envelope.
 */
export function createFunction(actions: ActionTable, options: FunctionOptions = {}) {
  return async function main(event: Record<string, unknown>, _context?: unknown): Promise<Result<unknown>> {
    try {
      // A deployment with a stand-in or weak secret must not run at all (runtime/secrets.ts).
      const problem = configProblem();
      if (problem) {
        console.error(`[function] refusing to run: ${problem}`);
        return { ok: false, code: 'INTERNAL', message: '服务配置有误，暂停服务，请联系管理员' };
      }

      const cloud = getCloud();
      const identity = identifyCaller(cloud.getWXContext(), process.env);
      const isTimer = identity.kind === 'timer';
      // Only a real timer (platform context) runs a trigger's action; a client can send {Type:'Timer'} too.
      const actionName = isTimer
        ? typeof event?.TriggerName === 'string'
          ? options.timers?.[event.TriggerName]
          : undefined
        : typeof event?.action === 'string'
          ? event.action
          : undefined;
      const def =
        actionName && Object.prototype.hasOwnProperty.call(actions, actionName) ? actions[actionName] : undefined;
      if (!def) {
        return { ok: false, code: 'UNKNOWN_ACTION', message: `未知操作：${String(actionName ?? '(空)')}` };
      }

      const db = getDb();
      const openid = identity.openid;
      const readsUser = def.access !== 'public' && !(def.access === 'user' && def.userRecord === 'not read');
      const user = openid && readsUser ? await userRecordOf(db, openid) : undefined;
      const isConsole = identity.kind === 'console' || isTimer;
      const isAdmin = isConsole || !!user?.roles?.includes('admin');
      const caller: Caller = {
        kind: identity.kind,
        openid,
        user,
        isConsole,
        isAdmin,
        actor: openid ? `user:${openid}` : identity.kind,
      };

      // Access before input: a caller without the right learns nothing of the action's schema.
      if (def.access === 'user' && !openid) {
        return { ok: false, code: 'UNAUTHENTICATED', message: '请在小程序内登录后操作' };
      }
      if (def.access === 'admin' && !isAdmin) {
        // Fails closed: if the console ever arrives with a SOURCE, this log says which (ARCHITECTURE.md).
        if (!openid) console.warn(`[function] admin action refused without OPENID: SOURCE=${identity.source}`);
        return { ok: false, code: 'FORBIDDEN', message: '需要管理员权限' };
      }
      if (def.access === 'staff' && !(user?.roles?.includes('staff') && user.hospitalId) && !isAdmin) {
        return { ok: false, code: 'FORBIDDEN', message: '需要产品医院工作人员权限' };
      }
      if (def.access === 'expert' && !(user?.roles?.includes('expert') && user.expertId)) {
        return { ok: false, code: 'FORBIDDEN', message: '需要帮扶专家权限' };
      }
      if (def.access === 'trainer' && !(user?.roles?.includes('trainer') && user.organiserId)) {
        return { ok: false, code: 'FORBIDDEN', message: '需要培训主办单位工作人员权限' };
      }

      const payload: Record<string, unknown> = {};
      if (!isTimer) {
        for (const [key, value] of Object.entries(event ?? {})) if (!PLATFORM_KEYS.has(key)) payload[key] = value;
      }
      const parsed = parseInput(def.input, payload);
      if (!parsed.success) {
        const { message, fields } = describeZodError(def.input, parsed.error);
        return { ok: false, code: 'VALIDATION_FAILED', message, details: { fields } };
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
