/**
 * Runs inside one function's worker thread (bundled to a string by the host and started with
 * `eval: true`). The unmodified wx-server-sdk reads the caller's identity from process.env, so
 * process.env is replaced by a proxy that resolves per-invocation keys from AsyncLocalStorage:
 * concurrent invocations in this worker each see only their own OPENID.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { EnvOverlay, HostToWorker, SerializedError, WorkerInit, WorkerToHost } from './protocol';

const init = workerData as WorkerInit;
const port = parentPort!;
const invocationEnv = new AsyncLocalStorage<EnvOverlay>();
const containerEnv: Record<string, string> = { ...init.baseEnv };

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function lookup(key: string): string | undefined {
  const overlay = invocationEnv.getStore();
  if (overlay && own(overlay, key)) return overlay[key] ?? undefined;
  return own(containerEnv, key) ? containerEnv[key] : undefined;
}

function visibleKeys(): string[] {
  const overlay = invocationEnv.getStore();
  const keys = new Set(Object.keys(containerEnv));
  if (overlay) {
    for (const [k, v] of Object.entries(overlay)) {
      if (v === null) keys.delete(k);
      else keys.add(k);
    }
  }
  return [...keys];
}

const envProxy = new Proxy(containerEnv, {
  get: (_t, key) => (typeof key === 'string' ? lookup(key) : undefined),
  has: (_t, key) => typeof key === 'string' && lookup(key) !== undefined,
  ownKeys: () => visibleKeys(),
  getOwnPropertyDescriptor: (_t, key) => {
    if (typeof key !== 'string') return undefined;
    const value = lookup(key);
    return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
  },
  // Writes made while an invocation runs stay in that invocation, like an env var set in one request.
  set: (_t, key, value) => {
    if (typeof key !== 'string') return false;
    const overlay = invocationEnv.getStore();
    if (overlay) overlay[key] = String(value);
    else containerEnv[key] = String(value);
    return true;
  },
  deleteProperty: (_t, key) => {
    if (typeof key !== 'string') return true;
    const overlay = invocationEnv.getStore();
    if (overlay) overlay[key] = null;
    else delete containerEnv[key];
    return true;
  },
  defineProperty: (_t, key, descriptor) => {
    if (typeof key !== 'string') return false;
    const overlay = invocationEnv.getStore();
    const value = String(descriptor.value);
    if (overlay) overlay[key] = value;
    else containerEnv[key] = value;
    return true;
  },
});
Object.defineProperty(process, 'env', { value: envProxy, configurable: true, writable: true, enumerable: true });

function post(message: WorkerToHost): void {
  port.postMessage(message);
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  // Functions sometimes throw plain objects (the SDK throws {errCode, errMsg}).
  let message: string;
  try {
    message = typeof error === 'string' ? error : JSON.stringify(error);
  } catch {
    message = String(error);
  }
  return { name: 'Error', message };
}

type Main = (event: unknown, context: Record<string, unknown>) => unknown;
let main: Main | undefined;

try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(init.entry) as { main?: unknown; default?: { main?: unknown } };
  const candidate = mod.main ?? mod.default?.main;
  if (typeof candidate !== 'function') throw new Error(`${init.entry} does not export main(event, context)`);
  main = candidate as Main;
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'loadError', error: serializeError(error) });
}

port.on('message', (message: HostToWorker) => {
  if (message.type === 'ping') {
    post({ type: 'pong', id: message.id });
    return;
  }
  const { id, event, context, env } = message;
  invocationEnv.run({ ...env }, () => {
    Promise.resolve()
      .then(() => main!(event, context))
      .then(
        (value) => {
          // The platform answers with the JSON of the return value; undefined becomes null.
          const json = value === undefined ? 'null' : JSON.stringify(value);
          post({ type: 'result', id, json: json === undefined ? 'null' : json });
        },
        (error: unknown) => post({ type: 'error', id, error: serializeError(error) }),
      )
      .catch((error: unknown) => post({ type: 'error', id, error: serializeError(error) }));
  });
});
