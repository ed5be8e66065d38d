/**
 * Numbers distinct strings 0, 1, 2… in first-seen order. An open-addressing table over FNV-1a
 * hashes: several times faster than a Map for a million keys, which matters in the draw's hot
 * path (applicantKeys, and applicationIds for the duplicate check). Each slot keeps the full hash
 * next to the number, so strings are compared only when the hashes agree.
 */
export class StringIndex {
  /** Pairs [number or -1, hash] per slot. */
  private slots: Int32Array;
  private mask: number;
  private readonly values: string[] = [];
  private readonly hashes: number[] = [];

  constructor(expected = 0) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size * 2).fill(-1);
    this.mask = size - 1;
  }

  get size(): number {
    return this.values.length;
  }

  /** The number of `value`, assigning the next one if it is new. */
  add(value: string): number {
    const hash = hashOf(value);
    let found = this.lookup(value, hash);
    if (found >= 0) return found;
    if ((this.values.length + 1) * 2 > this.mask + 1) {
      this.grow();
      found = this.lookup(value, hash);
    }
    const number = this.values.length;
    this.slots[~found * 2] = number;
    this.slots[~found * 2 + 1] = hash;
    this.values.push(value);
    this.hashes.push(hash);
    return number;
  }

  /** The number of `value`, or -1. */
  get(value: string): number {
    const found = this.lookup(value, hashOf(value));
    return found >= 0 ? found : -1;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size * 2).fill(-1);
    this.mask = size - 1;
    for (let number = 0; number < this.values.length; number++) {
      const slot = ~this.lookup(this.values[number], this.hashes[number]);
      this.slots[slot * 2] = number;
      this.slots[slot * 2 + 1] = this.hashes[number];
    }
  }

  /** ≥ 0: the number of `value`; < 0: ~(free slot where it would go). */
  private lookup(value: string, hash: number): number {
    const slots = this.slots;
    let slot = hash & this.mask;
    for (;;) {
      const number = slots[slot * 2];
      if (number === -1) return ~slot;
      if (slots[slot * 2 + 1] === hash && this.values[number] === value) return number;
      slot = (slot + 1) & this.mask;
    }
  }
}

function hashOf(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h | 0; // int32, as the slots store it (the seed alone, for "", is not)
}
