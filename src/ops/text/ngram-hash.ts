// Hashes of word n-grams in O(1) each, without building the n-gram strings: each word is
// hashed once (two polynomial hashes of its UTF-16 units, modulo 2^32 by Math.imul), prefix
// hashes over the words run together (and over the words joined by spaces) give any n-gram's
// hash from two prefixes, and a table of (hash, hash) pairs counts or remembers them.
// Equal strings hash alike, so `"a" + "bc"` and `"ab" + "c"` are the same n-gram, as they are
// to datatrove's `"".join`. Two different n-grams of one text share both 32-bit hashes with a
// probability of about (n-grams)^2 / 2^64 for natural text; strings built to defeat polynomial
// hashing modulo a power of two (Thue-Morse sequences hundreds of units long) can.

const B1 = 0x01000193
const B2 = 0x5bd1e995
const SPACE = 0x20

const grown = (a: Int32Array, length: number): Int32Array<ArrayBuffer> => {
  const b = new Int32Array(Math.max(length, a.length * 2))
  b.set(a)
  return b
}

/** The words of one text, hashed for n-gram lookups; arrays are reused from text to text. */
export class WordHashes {
  /** Words added since the last reset. */
  count = 0
  /** Each word's length in code points. */
  lengths = new Int32Array(1024)
  // Prefix hashes of the words run together (plain) and joined by spaces (spaced), at word
  // starts (index k: before word k) and, for spaced, at word ends; offsets in UTF-16 units.
  #plain1 = new Int32Array(1025)
  #plain2 = new Int32Array(1025)
  #plainAt = new Int32Array(1025)
  #spacedStart1 = new Int32Array(1024)
  #spacedStart2 = new Int32Array(1024)
  #spacedEnd1 = new Int32Array(1024)
  #spacedEnd2 = new Int32Array(1024)
  // Powers of the bases by exponent, grown as longer texts come.
  #pow1 = new Int32Array([1])
  #pow2 = new Int32Array([1])

  /** Starts over for a new text. */
  reset(): void {
    this.count = 0
  }

  /** Adds the word `text[start:end]`, `codePoints` long. */
  add(text: string, start: number, end: number, codePoints: number): void {
    const k = this.count
    if (k + 1 >= this.#plain1.length) this.#grow(k + 2)
    let h1 = 0
    let h2 = 0
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i)
      h1 = (Math.imul(h1, B1) + c) | 0
      h2 = (Math.imul(h2, B2) + c) | 0
    }
    const units = end - start
    const at = this.#plainAt[k]!
    this.#powers(at + units + k + 1)
    this.lengths[k] = codePoints
    this.#plain1[k + 1] = (Math.imul(this.#plain1[k]!, this.#pow1[units]!) + h1) | 0
    this.#plain2[k + 1] = (Math.imul(this.#plain2[k]!, this.#pow2[units]!) + h2) | 0
    this.#plainAt[k + 1] = at + units
    const s1 = k === 0 ? 0 : (Math.imul(this.#spacedEnd1[k - 1]!, B1) + SPACE) | 0
    const s2 = k === 0 ? 0 : (Math.imul(this.#spacedEnd2[k - 1]!, B2) + SPACE) | 0
    this.#spacedStart1[k] = s1
    this.#spacedStart2[k] = s2
    this.#spacedEnd1[k] = (Math.imul(s1, this.#pow1[units]!) + h1) | 0
    this.#spacedEnd2[k] = (Math.imul(s2, this.#pow2[units]!) + h2) | 0
    this.count = k + 1
  }

  /** The two hashes of words `from` to `from + n - 1` run together, into `out[0]`, `out[1]`. */
  plain(from: number, n: number, out: Int32Array): void {
    const span = this.#plainAt[from + n]! - this.#plainAt[from]!
    out[0] = (this.#plain1[from + n]! - Math.imul(this.#plain1[from]!, this.#pow1[span]!)) | 0
    out[1] = (this.#plain2[from + n]! - Math.imul(this.#plain2[from]!, this.#pow2[span]!)) | 0
  }

  /** The two hashes of words `from` to `from + n - 1` joined by single spaces, into `out`. */
  spaced(from: number, n: number, out: Int32Array): void {
    const last = from + n - 1
    const span = this.#plainAt[last + 1]! - this.#plainAt[from]! + n - 1
    out[0] = (this.#spacedEnd1[last]! - Math.imul(this.#spacedStart1[from]!, this.#pow1[span]!)) | 0
    out[1] = (this.#spacedEnd2[last]! - Math.imul(this.#spacedStart2[from]!, this.#pow2[span]!)) | 0
  }

  #powers(upTo: number): void {
    if (upTo < this.#pow1.length) return
    const from = this.#pow1.length
    this.#pow1 = grown(this.#pow1, upTo + 1)
    this.#pow2 = grown(this.#pow2, upTo + 1)
    for (let e = from; e < this.#pow1.length; e++) {
      this.#pow1[e] = Math.imul(this.#pow1[e - 1]!, B1)
      this.#pow2[e] = Math.imul(this.#pow2[e - 1]!, B2)
    }
  }

  #grow(length: number): void {
    this.lengths = grown(this.lengths, length)
    this.#plain1 = grown(this.#plain1, length)
    this.#plain2 = grown(this.#plain2, length)
    this.#plainAt = grown(this.#plainAt, length)
    this.#spacedStart1 = grown(this.#spacedStart1, length)
    this.#spacedStart2 = grown(this.#spacedStart2, length)
    this.#spacedEnd1 = grown(this.#spacedEnd1, length)
    this.#spacedEnd2 = grown(this.#spacedEnd2, length)
  }
}

/**
 * A table of 64-bit keys (two int32 halves) to dense ids 0, 1, 2... in order of first
 * insertion; open addressing over one array of [stamp, first half, second half, id] slots,
 * cleared in O(1) by bumping the stamp.
 */
export class PairTable {
  #mask = 1023
  #slots = new Int32Array(1024 * 4)
  #generation = 1
  /** Keys inserted since the last clear. */
  size = 0

  /** Empties the table, sized for up to `expected` keys. */
  clear(expected: number): void {
    this.size = 0
    this.#generation++
    if (expected * 2 > this.#mask + 1) {
      let capacity = this.#mask + 1
      while (capacity < expected * 2) capacity *= 2
      this.#mask = capacity - 1
      this.#slots = new Int32Array(capacity * 4)
      this.#generation = 1
    }
  }

  /** The id of key (`a`, `b`), inserted with the next id if new (then `size` grows). */
  idOf(a: number, b: number): number {
    const slots = this.#slots
    let mixed = a ^ Math.imul(b, 0x9e3779b1)
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b)
    for (let slot = (mixed ^ (mixed >>> 13)) & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const at = slot * 4
      if (slots[at] !== this.#generation) {
        slots[at] = this.#generation
        slots[at + 1] = a
        slots[at + 2] = b
        slots[at + 3] = this.size
        return this.size++
      }
      if (slots[at + 1] === a && slots[at + 2] === b) return slots[at + 3]!
    }
  }
}
