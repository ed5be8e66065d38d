/**
 * Reads one JSON object from a stream of byte chunks without ever holding its whole text: a
 * million-entry draw record is ~120 MB of text, and the text plus the parsed entries was most of
 * the old peak memory. The scan below only finds structure (strings, nesting, commas); every value
 * is still parsed by JSON.parse, so what is accepted and what it means are JSON.parse's own. The
 * elements of the arrays named in `streamedArrays` (top-level members) are parsed a chunk (or, when
 * scanned, about a megabyte) at a time; any other member is parsed whole.
 *
 * A streamed array of objects, as records are written (`{…},` per line), is not scanned byte by byte:
 * each chunk is cut at its last `},` and handed to JSON.parse with what was gathered before it. That
 * JSON.parse accepts the text proves the cut is between two elements (the text starts at an element
 * boundary, so a cut inside a string or inside an element leaves it unbalanced). If it refuses, the
 * chunk is scanned as usual, so the result and the errors are the scan's. A chunk with no `},` at all
 * (inside one long element, such as a result pool's line of a million ids) is kept unscanned until a
 * later chunk brings a cut that JSON.parse accepts; only if none does (or too much is waiting) are the
 * kept chunks scanned after all. Reading a million-entry record's result went from 0.62 to 0.48 s
 * (medians of 6; JSON.parse of the same text alone takes 0.23 s, issue 16).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Raised for text that is not one JSON object; the message says where. */
export class JsonSyntaxError extends Error {}

const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** The text of byte pieces that start and end at character boundaries. */
const decode = (parts: Buffer[]): string => (parts.length === 1 ? parts[0] : Buffer.concat(parts)).toString('utf8');

/** Bytes gathered across chunks, decoded only at structural boundaries (ASCII), so never mid-character. */
class Pieces {
  private parts: Buffer[] = [];
  length = 0;

  add(chunk: Buffer, from: number, to: number): void {
    if (to > from) {
      this.parts.push(chunk.subarray(from, to));
      this.length += to - from;
    }
  }

  take(): string {
    const text = decode(this.parts);
    this.clear();
    return text;
  }

  /** The gathered text followed by chunk[from, to), leaving the gathered bytes in place. */
  peekWith(chunk: Buffer, from: number, to: number): string {
    return decode([...this.parts, chunk.subarray(from, to)]);
  }

  /** How many pieces are gathered, for dropOver. */
  get count(): number {
    return this.parts.length;
  }

  /** Drops the pieces gathered after the first `count`. */
  dropOver(count: number): void {
    for (const part of this.parts.splice(count)) this.length -= part.length;
  }

  clear(): void {
    this.parts = [];
    this.length = 0;
  }
}

/** Where a line of a written record's entries ends: the candidate cut between two elements. */
const ELEMENT_END = Buffer.from('},');

const FLUSH_BYTES = 1 << 20;
/** At most this much of a streamed array is kept unscanned, waiting for a cut. */
const DEFER_BYTES = 64 << 20;

export function readJsonObject(
  chunks: Iterable<Buffer>,
  streamedArrays: ReadonlySet<string>,
  /** Sees each element of a streamed array as it is parsed (in order) and answers what to keep. */
  onElement?: (member: string, element: unknown) => unknown,
): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  const set = (key: string, value: unknown) =>
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

  // Where the scan is: before the object, in a member (its key, then its value), between members, after.
  type Phase = 'start' | 'key' | 'member' | 'elements' | 'afterElements' | 'next' | 'end';
  let phase = 'start' as Phase;
  let depth = 0; // nesting below the top-level object
  let inString = false;
  let escaped = false;
  let offset = 0; // bytes before the current chunk, for messages
  const member = new Pieces();
  let key = '';
  let keyDone = false;
  let elements: unknown[] = [];
  const pending = new Pieces(); // streamed array elements not yet parsed
  let elementOpen = false; // a non-space byte since the last element separator
  let elementCount = 0;

  const fail = (at: number, what: string): never => {
    throw new JsonSyntaxError(`${what} at byte ${offset + at}`);
  };
  const parse = (text: string, at: number): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      return fail(at, (error as Error).message);
    }
  };
  const keepElements = (parsed: unknown[]) => {
    if (onElement) for (let i = 0; i < parsed.length; i++) elements.push(onElement(key, parsed[i]));
    else for (let i = 0; i < parsed.length; i++) elements.push(parsed[i]);
  };
  const flushElements = (at: number) => {
    if (pending.length === 0) return;
    keepElements(parse('[' + pending.take() + ']', at) as unknown[]);
  };
  /**
   * In a streamed array, with `pending` starting at an element boundary: parses up to the chunk's last
   * `},` when JSON.parse accepts the cut (see the top of the file) and answers where the scan goes on,
   * just past that comma; answers NO_CUT when the chunk has none, REFUSED when JSON.parse refuses it.
   */
  const elementsUpToLastCut = (chunk: Buffer, from: number): number => {
    const cut = chunk.lastIndexOf(ELEMENT_END);
    if (cut < from) return NO_CUT;
    let parsed: unknown[];
    try {
      parsed = JSON.parse('[' + pending.peekWith(chunk, from, cut + 1) + ']') as unknown[];
    } catch {
      return REFUSED;
    }
    pending.clear();
    keepElements(parsed);
    elementCount += parsed.length;
    elementOpen = false;
    depth = 0;
    inString = false;
    escaped = false;
    return cut + 2;
  };

  /** Scans chunk[from…], with `offset` at the chunk's first byte, carrying what it does not finish into member/pending. */
  const scan = (chunk: Buffer, from: number): void => {
    let start = from; // first byte of this chunk not yet copied into member/pending
    const n = chunk.length;
    let i = from;
    while (i < n) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        let b = chunk[i];
        while (b !== QUOTE && b !== BACKSLASH && ++i < n) b = chunk[i];
        if (i === n) continue;
        if (b === BACKSLASH) {
          escaped = true;
          i++;
          continue;
        }
        const quote = i;
        inString = false;
        i = quote + 1;
        if (phase === 'key' && depth === 0) keyDone = true;
        continue;
      }
      const byte = chunk[i];
      switch (phase) {
        case 'start':
          if (byte === OPEN_BRACE) {
            phase = 'next';
            start = i + 1;
          } else if (!isSpace(byte)) fail(i, 'a draw record is one JSON object');
          i++;
          continue;
        case 'end':
          if (!isSpace(byte)) fail(i, 'unexpected text after the record');
          i++;
          continue;
        case 'next': // after "{" or "," at the top level: a key, or the end of the object
          if (isSpace(byte)) {
            i++;
            continue;
          }
          if (byte === QUOTE) {
            phase = 'key';
            keyDone = false;
            start = i;
            inString = true;
            i++;
            continue;
          }
          if (byte === CLOSE_BRACE && Object.keys(target).length === 0 && member.length === 0) {
            phase = 'end';
            i++;
            continue;
          }
          return fail(i, 'expected a member name');
        case 'key':
          if (!keyDone) fail(i, 'expected a member name');
          if (isSpace(byte)) {
            i++;
            continue;
          }
          if (byte !== COLON) fail(i, 'expected ":"');
          member.add(chunk, start, i);
          key = parse(member.take(), i) as string;
          start = i + 1;
          // Look past spaces for "[" to decide whether this member's elements are streamed.
          phase = 'member';
          if (streamedArrays.has(key)) {
            let j = i + 1;
            while (j < n && isSpace(chunk[j])) j++;
            if (j < n && chunk[j] === OPEN_BRACKET) {
              phase = 'elements';
              elements = [];
              elementOpen = false;
              elementCount = 0;
              const next = elementsUpToLastCut(chunk, j + 1);
              start = i = next >= 0 ? next : j + 1;
              continue;
            }
            // An array that starts in the next chunk is simply parsed whole: correct, only less lean.
          }
          i++;
          continue;
        case 'member':
          if (byte === QUOTE) inString = true;
          else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
          else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
            if (depth === 0) {
              if (byte !== CLOSE_BRACE) fail(i, 'unexpected "]"');
              member.add(chunk, start, i);
              set(key, parse(member.take(), i));
              phase = 'end';
              i++;
              continue;
            }
            depth--;
          } else if (byte === COMMA && depth === 0) {
            member.add(chunk, start, i);
            set(key, parse(member.take(), i));
            phase = 'next';
            start = i + 1;
          }
          i++;
          continue;
        case 'elements':
          if (byte === QUOTE) {
            inString = true;
            elementOpen = true;
          } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
            depth++;
            elementOpen = true;
          } else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && depth > 0) depth--;
          else if ((byte === COMMA || byte === CLOSE_BRACKET) && depth === 0) {
            if (!elementOpen && (byte === COMMA || elementCount > 0)) fail(i, 'expected an array element');
            if (elementOpen) elementCount++;
            elementOpen = false;
            pending.add(chunk, start, i);
            if (byte === CLOSE_BRACKET) {
              flushElements(i);
              set(key, elements);
              elements = [];
              phase = 'afterElements';
              i++;
              continue;
            }
            if (pending.length >= FLUSH_BYTES) {
              flushElements(i);
              start = i + 1;
            } else {
              pending.add(chunk, i, i + 1); // keep the separator for the batch's JSON.parse
              start = i + 1;
            }
          } else if (!isSpace(byte)) elementOpen = true;
          i++;
          continue;
        case 'afterElements':
          if (byte === COMMA) {
            phase = 'next';
            start = i + 1;
          } else if (byte === CLOSE_BRACE) phase = 'end';
          else if (!isSpace(byte)) fail(i, 'expected "," or "}"');
          i++;
          continue;
      }
    }
    // Carry the rest of the chunk into whatever is being gathered.
    if (phase === 'key') member.add(chunk, start, n);
    else if (phase === 'member') member.add(chunk, start, n);
    else if (phase === 'elements') pending.add(chunk, start, n);
  };

  // Chunks of a streamed array kept unscanned (their bytes are in `pending`, after the first
  // `pendingBefore` pieces). Nothing is scanned while they wait, so the scan's state is still the one
  // the first of them would have started in.
  let deferred: { chunk: Buffer; offset: number }[] = [];
  let deferredBytes = 0;
  let pendingBefore = 0;
  /** Scans the kept chunks after all. */
  const scanDeferred = (): void => {
    if (deferred.length === 0) return;
    pending.dropOver(pendingBefore);
    const kept = deferred;
    const resume = offset;
    deferred = [];
    deferredBytes = 0;
    for (const { chunk, offset: at } of kept) {
      offset = at;
      scan(chunk, 0);
    }
    offset = resume;
  };

  for (const chunk of chunks) {
    const next = phase === 'elements' ? elementsUpToLastCut(chunk, 0) : REFUSED;
    if (next >= 0) {
      deferred = [];
      deferredBytes = 0;
      scan(chunk, next);
    } else if (next === NO_CUT && deferredBytes + chunk.length <= DEFER_BYTES) {
      if (deferred.length === 0) pendingBefore = pending.count;
      pending.add(chunk, 0, chunk.length);
      deferred.push({ chunk, offset });
      deferredBytes += chunk.length;
    } else {
      scanDeferred();
      scan(chunk, 0);
    }
    offset += chunk.length;
  }
  scanDeferred();
  if (phase !== 'end') fail(0, 'unexpected end of the record');
  return target;
}

/** What elementsUpToLastCut answers when it parsed nothing. */
const NO_CUT = -1;
const REFUSED = -2;
