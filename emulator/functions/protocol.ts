/** Messages between the function host (main thread) and a function's worker thread. */

export interface WorkerInit {
  name: string;
  entry: string;
  /** The function container's environment, shared by all its invocations. */
  baseEnv: Record<string, string>;
}

/**
 * Per-invocation environment overlay. A key mapped to null is absent for this invocation even if
 * the container environment has it (e.g. no WX_OPENID on console calls).
 */
export type EnvOverlay = Record<string, string | null>;

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type HostToWorker =
  | { type: 'invoke'; id: number; event: unknown; context: Record<string, unknown>; env: EnvOverlay }
  | { type: 'ping'; id: number };

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'loadError'; error: SerializedError }
  | { type: 'result'; id: number; json: string }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'pong'; id: number };
