/** Batches are idempotent, so checkpoints can be sparse: a crash repeats at most this much work. */
export const CHECKPOINT_EVERY_MS = 1000;

/**
 * One batch's write in flight while the next batch is read and built, so the function and the database work
 * at once. A job's checkpoint must only ever name batches that are written: `written(mark)` reports a batch's
 * mark once its write and every write before it have succeeded, in order; a failed write rejects the next
 * `push` or `settle` and nothing after it is reported. `checkpoint` saves what `written` recorded: after a
 * push at most every `everyMs`; the caller saves the last progress when it stops.
 */
export class WriteAhead<Mark> {
  private pending: { write: Promise<unknown>; mark: Mark } | null = null;
  private checkpointedAt = Date.now();

  constructor(
    private readonly written: (mark: Mark) => void,
    private readonly checkpoint: () => Promise<void>,
    private readonly everyMs = CHECKPOINT_EVERY_MS,
  ) {}

  /** Takes a started write; waits for the one before it first, so at most two are ever in flight. */
  async push(write: Promise<unknown>, mark: Mark): Promise<void> {
    // Awaited by settle(); until then a failure must not count as unhandled.
    write.catch(() => undefined);
    await this.settle();
    this.pending = { write, mark };
    if (Date.now() - this.checkpointedAt >= this.everyMs) {
      await this.checkpoint();
      this.checkpointedAt = Date.now();
    }
  }

  /** Waits for the write in flight, if any, and reports it. */
  async settle(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    await pending.write;
    this.written(pending.mark);
  }
}
