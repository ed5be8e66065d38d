import { createHash, type Hash } from 'node:crypto';

/**
 * SHA-256 over many short text pieces (snapshot and result lines, ~2M for a big draw). Writes
 * UTF-8 straight into one reusable buffer instead of building a string per line: a million
 * retained line strings cost more in garbage collection than the hashing itself.
 */
export class HashSink {
  private readonly hash: Hash = createHash('sha256');
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private position = 0;

  text(value: string): this {
    const n = value.length;
    if (this.position + n * 3 > this.buffer.length) {
      this.flush();
      if (n * 3 > this.buffer.length) {
        this.hash.update(value, 'utf8');
        return this;
      }
    }
    const buffer = this.buffer;
    let p = this.position;
    for (let i = 0; i < n; i++) {
      const code = value.charCodeAt(i);
      if (code > 0x7f) {
        // Rest of the string through the real UTF-8 encoder (handles surrogate pairs); ≤ 3 bytes per code unit.
        p += buffer.write(value.slice(i), p, 'utf8');
        break;
      }
      buffer[p++] = code;
    }
    this.position = p;
    return this;
  }

  /** One ASCII character given by its code. */
  ascii(code: number): this {
    if (this.position + 1 > this.buffer.length) this.flush();
    this.buffer[this.position++] = code;
    return this;
  }

  /** A non-negative safe integer in decimal, written without building a string. */
  integer(value: number): this {
    if (this.position + 16 > this.buffer.length) this.flush();
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
    let p = this.position + digits;
    this.position = p;
    let v = value;
    do {
      this.buffer[--p] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
    return this;
  }

  hex(): string {
    this.flush();
    return this.hash.digest('hex');
  }

  private flush(): void {
    if (this.position > 0) this.hash.update(this.buffer.subarray(0, this.position));
    this.position = 0;
  }
}
