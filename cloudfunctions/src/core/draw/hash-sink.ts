import { createHash } from 'node:crypto';
import { Utf8Writer } from './utf8-writer';

/**
 * SHA-256 over many short text pieces (snapshot and result lines, ~2M for a big draw), written as
 * UTF-8 into one reusable buffer: a million retained line strings cost more in garbage collection
 * than the hashing itself.
 */
export class HashSink extends Utf8Writer {
  private readonly hash;

  constructor() {
    const hash = createHash('sha256');
    super((buffer, length) => {
      hash.update(buffer.subarray(0, length));
      return buffer;
    });
    this.hash = hash;
  }

  hex(): string {
    this.flush();
    return this.hash.digest('hex');
  }
}
