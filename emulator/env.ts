import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CollectionSpec, IndexSpec } from './database';

/** Repository root (emulator/ sits directly under it). */
export const ROOT_DIR = path.resolve(__dirname, '..');
export const CLOUDBASERC_PATH = path.join(ROOT_DIR, 'cloudbaserc.json');
export const FUNCTIONS_DIST_DIR = path.join(ROOT_DIR, 'cloudfunctions/dist');
export const DATABASE_SPEC_DIR = path.join(ROOT_DIR, 'cloudfunctions/database');

export const DEFAULT_PORT = 3300;
export const DEFAULT_HOST = '127.0.0.1';
/** Env id seen by functions (TCB_ENV / SCF_NAMESPACE / getWXContext().ENV) and used in fileIDs. */
export const DEFAULT_ENV_ID = 'local';
/** AppID injected into mini-program calls (getWXContext().APPID, event.userInfo.appId). */
export const DEFAULT_APP_ID = 'wx0000000000000000';
/** Functions run on Beijing time like the product's users (see README of the emulator contract). */
export const FUNCTION_TIMEZONE = 'Asia/Shanghai';

/** SCF defaults when cloudbaserc leaves a field out. */
export const DEFAULT_TIMEOUT_SECONDS = 3;
export const DEFAULT_MEMORY_MB = 256;

export interface TimerTriggerSpec {
  name: string;
  type: 'timer';
  /** 7-field CloudBase cron: sec min hour day month week year. */
  config: string;
}

/** One deployable function as the emulator runs it. */
export interface FunctionSpec {
  name: string;
  /** Absolute path of the CommonJS entry exporting `main`. */
  entry: string;
  timeoutSeconds: number;
  memorySize: number;
  /** SCF runtime name from cloudbaserc (informational: functions run on this Node). */
  runtime: string;
  envVariables: Record<string, string>;
  triggers: TimerTriggerSpec[];
}

interface RawFunctionConfig {
  name?: unknown;
  timeout?: unknown;
  memorySize?: unknown;
  runtime?: unknown;
  envVariables?: unknown;
  triggers?: unknown;
}

function asTriggers(value: unknown): TimerTriggerSpec[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t): TimerTriggerSpec[] => {
    if (!t || typeof t !== 'object') return [];
    const { name, type, config } = t as Record<string, unknown>;
    if (type !== 'timer' || typeof name !== 'string' || typeof config !== 'string') return [];
    return [{ name, type: 'timer', config }];
  });
}

/** KEY=VALUE lines of the project's .env.local / .env (what the CloudBase CLI reads for {{env.X}}). */
function readDotEnv(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const file of ['.env', '.env.local']) {
    const full = path.join(ROOT_DIR, file);
    if (!existsSync(full)) continue;
    for (const line of readFileSync(full, 'utf8').split(/\r?\n/)) {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (m) values[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  return values;
}

/**
 * Resolves cloudbaserc `{{env.NAME}}` placeholders from process.env, then .env.local/.env; a name
 * found nowhere gets a stable local stand-in ("local-NAME") so secrets stay the same across restarts.
 */
export function resolvePlaceholders(value: string, dotEnv: Record<string, string> = readDotEnv()): string {
  return value.replace(/\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, name: string) => {
    return process.env[name] ?? dotEnv[name] ?? `local-${name}`;
  });
}

function asEnvVariables(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  const dotEnv = readDotEnv();
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, resolvePlaceholders(String(v), dotEnv)]),
  );
}

function toSpec(raw: RawFunctionConfig, entry: string): FunctionSpec | undefined {
  if (typeof raw.name !== 'string' || !raw.name) return undefined;
  return {
    name: raw.name,
    entry,
    timeoutSeconds: typeof raw.timeout === 'number' && raw.timeout > 0 ? raw.timeout : DEFAULT_TIMEOUT_SECONDS,
    memorySize: typeof raw.memorySize === 'number' && raw.memorySize > 0 ? raw.memorySize : DEFAULT_MEMORY_MB,
    runtime: typeof raw.runtime === 'string' ? raw.runtime : 'Nodejs16.13',
    envVariables: asEnvVariables(raw.envVariables),
    triggers: asTriggers(raw.triggers),
  };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Functions declared in cloudbaserc.json, pointing at their built bundles. A missing
 * cloudbaserc.json means "no functions yet" rather than an error, so the emulator still serves
 * the database and storage.
 */
export function readDeployedFunctions(
  rcPath: string = CLOUDBASERC_PATH,
  distDir: string = FUNCTIONS_DIST_DIR,
): FunctionSpec[] {
  if (!existsSync(rcPath)) return [];
  const rc = readJson(rcPath) as { functions?: RawFunctionConfig[] };
  return (rc.functions ?? []).flatMap((raw) => {
    const spec = toSpec(raw, path.join(distDir, String(raw.name), 'index.js'));
    return spec ? [spec] : [];
  });
}

/**
 * Functions in an extra directory (tests/fixtures/functions): every `<dir>/<name>/index.js`,
 * limits and triggers from an optional `<dir>/<name>/config.json` using cloudbaserc field names.
 */
export function readExtraFunctions(dir: string): FunctionSpec[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory()) return [];
    const fnDir = path.join(dir, entry.name);
    const main = path.join(fnDir, 'index.js');
    if (!existsSync(main)) return [];
    const configFile = path.join(fnDir, 'config.json');
    const config = existsSync(configFile) ? (readJson(configFile) as RawFunctionConfig) : {};
    const spec = toSpec({ ...config, name: entry.name }, main);
    return spec ? [spec] : [];
  });
}

/** Collection specs (`cloudfunctions/database/*.json`), one file per collection. */
export function readCollectionSpecs(dir: string = DATABASE_SPEC_DIR): CollectionSpec[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const spec = readJson(path.join(dir, f)) as { name?: unknown; indexes?: unknown };
      if (typeof spec.name !== 'string' || !spec.name) {
        throw new Error(`${path.join(dir, f)}: missing "name"`);
      }
      const indexes = Array.isArray(spec.indexes) ? (spec.indexes as IndexSpec[]) : undefined;
      return { name: spec.name, indexes };
    });
}
