const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * UTF-8 written piece by piece straight into a buffer, with no string built per line: the draw
 * writes millions of short pieces (snapshot and result lines for their hashes, the record's lines
 * for the CLI), and building, flattening and encoding a string for each cost more than the bytes.
 * When the next piece may not fit, `emit` gets the buffer and how much of it is written, and
 * answers the buffer to go on in (the same one when it is done with the bytes, a fresh one when
 * it keeps them).
 */
export class Utf8Writer {
  private buffer: Buffer;
  private position = 0;

  constructor(
    private readonly emit: (buffer: Buffer, length: number) => Buffer,
    bufferBytes = 1 << 20,
  ) {
    this.buffer = Buffer.allocUnsafe(bufferBytes);
  }

  /** Any text, as UTF-8. */
  text(value: string): this {
    const n = value.length;
    this.room(n * 3); // a UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4)
    const buffer = this.buffer;
    let p = this.position;
    for (let i = 0; i < n; i++) {
      const code = value.charCodeAt(i);
      if (code > 0x7f) {
        // The rest through the real UTF-8 encoder (surrogate pairs, lone surrogates as U+FFFD).
        p += buffer.write(value.slice(i), p, 'utf8');
        break;
      }
      buffer[p++] = code;
    }
    this.position = p;
    return this;
  }

  /** `value` as JSON.stringify writes it: plain ASCII ids are copied between quotes, anything else is escaped by JSON.stringify itself. */
  jsonString(value: string): this {
    const n = value.length;
    this.room(n + 2);
    const buffer = this.buffer;
    let p = this.position;
    buffer[p++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const code = value.charCodeAt(i);
      // Nothing of the value is kept (position is unchanged): it is written again, escaped.
      if (code < 0x20 || code === QUOTE || code === BACKSLASH || code > 0x7f) return this.text(JSON.stringify(value));
      buffer[p++] = code;
    }
    buffer[p++] = QUOTE;
    this.position = p;
    return this;
  }

  /** One ASCII character given by its code. */
  ascii(code: number): this {
    this.room(1);
    this.buffer[this.position++] = code;
    return this;
  }

  /** A non-negative safe integer in decimal, written without building a string. */
  integer(value: number): this {
    this.room(16);
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

  /** Emits what is written; the writer can go on after. */
  flush(): void {
    if (this.position > 0) this.buffer = this.emit(this.buffer, this.position);
    this.position = 0;
  }

  /** Makes room for `bytes` more: emits what is written when they may not fit. */
  private room(bytes: number): void {
    if (this.position + bytes <= this.buffer.length) return;
    this.flush();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
  }
}
