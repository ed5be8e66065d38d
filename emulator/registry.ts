import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * One part of the local cloud (database, storage, functions host, open API, open data, drand test
 * chain, preview, HTTP server, seed, timers), as firebase-tools' EmulatorInstance: the registry
 * brings them up and down and moves their data, so no caller wires each part by hand. Every method
 * is optional: a part without data has no exportData, one without a life cycle no start/stop.
 */
export interface EmulatorInstance {
  readonly name: string;
  /** Brings the part up (opens files, listens, arms schedules); in registry order. */
  start?(): Promise<void>;
  /** Takes it down (writes to disk first); in reverse order, only if it started. */
  stop?(): Promise<void>;
  /** Writes the part's data under `dir` (its own files or folder there). */
  exportData?(dir: string): Promise<void>;
  /** Replaces the part's data with what exportData wrote under `dir`. */
  importData?(dir: string): Promise<void>;
  /** Drops the part's data: as freshly created. */
  reset?(): Promise<void>;
  /** Picks up rebuilt code and configuration (function containers, timer schedules). */
  reload?(): Promise<void>;
  /** Lines for the startup banner (`label  value`). */
  info?(): string[];
}

export class EmulatorRegistry {
  private readonly started: EmulatorInstance[] = [];
  private stopping: Promise<void> | undefined;

  constructor(readonly instances: readonly EmulatorInstance[]) {
    const names = instances.map((i) => i.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new Error(`local cloud: two parts named ${twice}`);
  }

  get(name: string): EmulatorInstance | undefined {
    return this.instances.find((i) => i.name === name);
  }

  /** Starts every part in order; if one fails, stops those already started and rethrows. */
  async start(): Promise<void> {
    for (const instance of this.instances) {
      try {
        await instance.start?.();
      } catch (error) {
        await this.stop().catch(() => undefined);
        throw error;
      }
      this.started.push(instance);
    }
  }

  /** Stops what started, last first; once (later calls wait for the first). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      let failure: unknown;
      for (const instance of [...this.started].reverse()) {
        try {
          await instance.stop?.();
        } catch (error) {
          failure ??= error;
        }
      }
      this.started.length = 0;
      if (failure) throw failure;
    })();
    return this.stopping;
  }

  async exportData(dir: string): Promise<void> {
    const target = path.resolve(dir);
    await mkdir(target, { recursive: true });
    for (const instance of this.instances) await instance.exportData?.(target);
  }

  async importData(dir: string): Promise<void> {
    const source = path.resolve(dir);
    for (const instance of this.instances) await instance.importData?.(source);
  }

  async reset(): Promise<void> {
    for (const instance of this.instances) await instance.reset?.();
  }

  async reload(): Promise<void> {
    for (const instance of this.instances) await instance.reload?.();
  }

  info(): string[] {
    return this.instances.flatMap((i) => i.info?.() ?? []);
  }
}
