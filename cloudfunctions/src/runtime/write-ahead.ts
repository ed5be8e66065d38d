/**
 * One batch's write in flight while the next batch is read and built, so the function and the database work
 * at once. A job's checkpoint must only ever name batches that are written: `written(mark)` reports a batch's
 * mark once its write and every write before it have succeeded, in order; a failed write rejects the next
 * `push` or `settle` and nothing after it is reported.
 */
export class WriteAhead<Mark> {
  private pending: { write: Promise<unknown>; mark: Mark } | null = null;

  constructor(private readonly written: (mark: Mark) => void) {}

  /** Takes a started write; waits for the one before it first, so at most two are ever in flight. */
  async push(write: Promise<unknown>, mark: Mark): Promise<void> {
    // Awaited by settle(); until then a failure must not count as unhandled.
    write.catch(() => undefined);
    await this.settle();
    this.pending = { write, mark };
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
