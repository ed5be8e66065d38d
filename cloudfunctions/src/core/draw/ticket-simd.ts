import { ONE_BLOCK_MAX, createTicketHasher, keyedState, prefixBlockOf } from './ticket-hasher';
import { TICKET_SIMD_WASM } from './ticket-simd-wasm';

/*
 * The draw's tickets four at a time (issue 16): ticket-simd.wat runs one SHA-256 in each 32-bit lane of
 * WebAssembly's 128-bit vectors. ~0.3 µs a ticket against ~0.75 µs for the one-at-a-time hasher in
 * plain JS (ticket-hasher.ts); computeDraw on a million entries went from 2.2 to 1.2 s. Here each
 * message (prefix + id, one block) is packed into the module's memory as the block's words, four
 * messages side by side; the module hashes them from the keyed states and writes the tickets, which are
 * copied out. Messages the one-block path cannot take (not ASCII, too long) are hashed by
 * ticket-hasher.ts afterwards, so every ticket is exactly HMAC-SHA256.
 */

/** Messages per call: 256 groups of four (64 KB of blocks in, 32 KB of tickets out). */
const GROUPS = 256;
const PER_CALL = GROUPS * 4;
// Byte offsets in the module's memory (see the .wat): the keyed states, then the caller's blocks and tickets.
const INNER_STATE = 256;
const OUTER_STATE = 384;
const BLOCKS = 2048;
const TICKETS = BLOCKS + GROUPS * 256;

interface SimdModule {
  words: Int32Array;
  tickets: Uint32Array;
  run: (groups: number, blocks: number, tickets: number) => void;
}

/** What this file uses of WebAssembly (the project's type libraries do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let loaded: SimdModule | null | undefined;

/** The module, or null where WebAssembly or its SIMD is not there (the plain JS hasher is used then). */
function simdModule(): SimdModule | null {
  if (loaded !== undefined) return loaded;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const bytes = Buffer.from(TICKET_SIMD_WASM, 'base64');
  if (!wasm || !wasm.validate(bytes)) return (loaded = null);
  const { exports } = new wasm.Instance(new wasm.Module(bytes), {});
  const memory = exports.memory as { buffer: ArrayBuffer; grow(pages: number): number };
  memory.grow(Math.ceil((TICKETS + PER_CALL * 32) / 65536) - memory.buffer.byteLength / 65536);
  loaded = {
    words: new Int32Array(memory.buffer),
    tickets: new Uint32Array(memory.buffer, TICKETS, PER_CALL * 8),
    run: exports.tickets as SimdModule['run'],
  };
  return loaded;
}

export const simdTicketsAvailable = (): boolean => simdModule() !== null;

/**
 * tickets[8j..8j+7] = HMAC-SHA256(key, prefix + ids[j]) as big-endian words, four at a time; answers
 * false (and writes nothing) where WebAssembly SIMD is not available.
 */
export function fillTicketsSimd(
  key: Uint8Array,
  prefix: string,
  ids: readonly string[],
  tickets: Uint32Array,
): boolean {
  const simd = simdModule();
  if (!simd) return false;
  const { words, run } = simd;
  const inner = keyedState(key, 0x36);
  const outer = keyedState(key, 0x5c);
  for (let i = 0; i < 8; i++) {
    for (let lane = 0; lane < 4; lane++) {
      words[(INNER_STATE >> 2) + i * 4 + lane] = inner[i];
      words[(OUTER_STATE >> 2) + i * 4 + lane] = outer[i];
    }
  }
  // The prefix's whole words, and the bytes of its last part word (right-aligned: each id's bytes are
  // shifted in after them), packed once per pool.
  const p = prefix.length;
  const prefixWords = prefixBlockOf(prefix);
  const whole = p >> 2;
  const tail = prefixWords && (p & 3) !== 0 ? prefixWords[whole] >>> ((4 - (p & 3)) * 8) : 0;
  const left: number[] = []; // ids the one-block path cannot take
  for (let first = 0; first < ids.length && prefixWords; first += PER_CALL) {
    const count = Math.min(PER_CALL, ids.length - first);
    for (let j = 0; j < count; j++) {
      // Word w of lane j & 3 in group j >> 2 is at words[at + 4w].
      const at = (BLOCKS >> 2) + ((j >> 2) << 6) + (j & 3);
      const id = ids[first + j];
      const n = p + id.length;
      let w = 0;
      if (n <= ONE_BLOCK_MAX) {
        for (; w < whole; w++) words[at + (w << 2)] = prefixWords[w];
        let word = tail;
        let i = p;
        for (; i < n; i++) {
          const code = id.charCodeAt(i - p);
          if (code > 0x7f) break;
          word = (word << 8) | code;
          if ((i & 3) === 3) {
            words[at + (w++ << 2)] = word;
            word = 0;
          }
        }
        if (i === n) {
          // The 0x80 that ends the message, the rest of its word zero; zeros; the length in bits, after the key block.
          word = (word << 8) | 0x80;
          const used = (n + 1) & 3;
          words[at + (w++ << 2)] = used === 0 ? word : word << ((4 - used) * 8);
          for (; w < 15; w++) words[at + (w << 2)] = 0;
          words[at + 60] = (64 + n) * 8;
          continue;
        }
      }
      left.push(first + j);
    }
    run((count + 3) >> 2, BLOCKS, TICKETS);
    tickets.set(simd.tickets.subarray(0, count * 8), first * 8);
  }
  if (!prefixWords) for (let j = 0; j < ids.length; j++) left.push(j);
  if (left.length > 0) {
    const hasher = createTicketHasher(key);
    for (const j of left) hasher(prefix, ids[j], tickets, j * 8);
  }
  return true;
}
