import { createHmac } from 'node:crypto';

/*
 * HMAC-SHA256 tickets for the hot loop of the draw (one per entry and pool, ~2M for a big
 * campaign). crypto.createHmac costs ~3 µs per call, almost all of it object set-up; here the
 * keyed inner/outer SHA-256 states are computed once per seed and each short message then costs
 * two compressions in plain JS (~0.8 µs). Messages that are not ASCII or do not fit one block
 * fall back to createHmac, so the output is always exactly HMAC-SHA256.
 */

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** Message schedule scratch; the hasher is synchronous, so one per module is safe. */
const W = new Int32Array(64);

/** One SHA-256 compression of the block in W[0..15], starting from `init`, result into `out`. */
function compress(out: Int32Array, init: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15];
    const w2 = W[i - 2];
    W[i] =
      (W[i - 16] +
        (((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)) +
        W[i - 7] +
        (((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10))) |
      0;
  }
  let a = init[0];
  let b = init[1];
  let c = init[2];
  let d = init[3];
  let e = init[4];
  let f = init[5];
  let g = init[6];
  let h = init[7];
  for (let i = 0; i < 64; i++) {
    const t1 =
      (h +
        (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
        ((e & f) ^ (~e & g)) +
        K[i] +
        W[i]) |
      0;
    const t2 =
      ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
        ((a & b) ^ (a & c) ^ (b & c))) |
      0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  out[0] = (init[0] + a) | 0;
  out[1] = (init[1] + b) | 0;
  out[2] = (init[2] + c) | 0;
  out[3] = (init[3] + d) | 0;
  out[4] = (init[4] + e) | 0;
  out[5] = (init[5] + f) | 0;
  out[6] = (init[6] + g) | 0;
  out[7] = (init[7] + h) | 0;
}

/** The SHA-256 state after the key block XOR `pad` (0x36 inner, 0x5c outer): where every ticket starts. */
export function keyedState(key: Uint8Array, pad: number): Int32Array {
  for (let i = 0; i < 16; i++) {
    let word = 0;
    for (let j = 0; j < 4; j++) word = (word << 8) | ((key[i * 4 + j] ?? 0) ^ pad);
    W[i] = word;
  }
  const state = new Int32Array(8);
  compress(state, IV);
  return state;
}

/**
 * Writes the ticket HMAC-SHA256(key, prefix + message) as 8 big-endian 32-bit words into
 * out[offset..offset+7]. For the draw, prefix is `poolId + "|"` and message the applicationId.
 */
export type TicketHasher = (prefix: string, message: string, out: Uint32Array, offset: number) => void;

/** Bytes a single padded block leaves for the message (64 − 0x80 marker − 8-byte length). */
export const ONE_BLOCK_MAX = 55;

/**
 * The block words of `prefix` (big-endian, zeros after it) if the one-block paths can take it: ASCII and
 * at most ONE_BLOCK_MAX bytes; else undefined. The prefix (poolId + "|") is the same for a whole pool, so
 * both hashers pack it once.
 */
export function prefixBlockOf(prefix: string): Int32Array | undefined {
  if (prefix.length > ONE_BLOCK_MAX) return undefined;
  const block = new Int32Array(16);
  for (let i = 0; i < prefix.length; i++) {
    const code = prefix.charCodeAt(i);
    if (code > 0x7f) return undefined;
    block[i >> 2] |= code << (24 - ((i & 3) << 3));
  }
  return block;
}

export function createTicketHasher(key: Uint8Array): TicketHasher {
  if (key.length > 64) throw new Error('HMAC keys longer than one block are not supported here');
  const keyCopy = Buffer.from(key);
  const inner = keyedState(keyCopy, 0x36);
  const outer = keyedState(keyCopy, 0x5c);
  const digest = new Int32Array(8);
  let lastPrefix = '';
  let prefixBlock = prefixBlockOf(lastPrefix);

  const slow = (prefix: string, message: string, out: Uint32Array, offset: number): void => {
    // As one string, so a surrogate pair split between prefix and message still encodes as a pair.
    const mac = createHmac('sha256', keyCopy)
      .update(prefix + message, 'utf8')
      .digest();
    for (let i = 0; i < 8; i++) out[offset + i] = mac.readUInt32BE(i * 4);
  };
  /** The HMAC of the n-byte message packed in W[0..15] after the key block. */
  const finish = (n: number, out: Uint32Array, offset: number) => {
    W[n >> 2] |= 0x80 << (24 - ((n & 3) << 3));
    W[15] = (64 + n) * 8; // length in bits, counting the key block already in `inner`
    compress(W, inner); // the inner digest lands in W[0..7]: the start of the outer message block
    W[8] = 0x80000000 | 0;
    W[9] = W[10] = W[11] = W[12] = W[13] = W[14] = 0;
    W[15] = (64 + 32) * 8;
    compress(digest, outer);
    for (let i = 0; i < 8; i++) out[offset + i] = digest[i];
  };

  const hasher: TicketHasher = (prefix, message, out, offset) => {
    if (prefix !== lastPrefix) {
      lastPrefix = prefix;
      prefixBlock = prefixBlockOf(prefix);
    }
    const p = prefix.length;
    const n = p + message.length;
    if (!prefixBlock || n > ONE_BLOCK_MAX) return slow(prefix, message, out, offset);
    W.set(prefixBlock);
    for (let i = p; i < n; i++) {
      const code = message.charCodeAt(i - p);
      if (code > 0x7f) return slow(prefix, message, out, offset); // UTF-8 would be multi-byte
      W[i >> 2] |= code << (24 - ((i & 3) << 3));
    }
    finish(n, out, offset);
  };
  return hasher;
}
