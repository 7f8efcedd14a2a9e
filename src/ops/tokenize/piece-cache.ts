/** What `PieceCache.find` returns for a piece it does not hold. */
export const MISSING = -0x80000000

/**
 * Remembers a value (an int32 other than MISSING) per piece of text, looked up by the piece's
 * place in a text, so that a piece found is never copied out of its text. Keys are stored
 * side by side in one array of UTF-16 units and found by an open-addressing table of
 * integers. A `Map` keyed by sliced strings was slower: its lookups (slicing and hashing a
 * fresh string, then chasing pointers to entries and keys) led the tokenizer's profile.
 * Holds at most `entries` pieces: its owner empties it when it is full.
 */
export class PieceCache {
  readonly #entries: number
  readonly #shift: number
  readonly #mask: number
  // Slot -> 1 + entry index, 0 for empty. Twice the entries, so that probes stay short.
  readonly #slots: Int32Array
  readonly #hash: Int32Array
  readonly #keyStart: Int32Array
  readonly #keyLength: Int32Array
  readonly #value: Int32Array
  #units = new Uint16Array(1 << 16)
  #used = 0
  #size = 0

  /** `entries` is a power of two. */
  constructor(entries: number) {
    const bits = 31 - Math.clz32(entries) + 1
    this.#entries = entries
    this.#shift = 32 - bits
    this.#mask = (1 << bits) - 1
    this.#slots = new Int32Array(1 << bits)
    this.#hash = new Int32Array(entries)
    this.#keyStart = new Int32Array(entries)
    this.#keyLength = new Int32Array(entries)
    this.#value = new Int32Array(entries)
  }

  /** The value of `text.slice(start, end)`, or MISSING. */
  find(text: string, start: number, end: number): number {
    const hash = hashOf(text, start, end)
    const length = end - start
    const slots = this.#slots
    for (let slot = hash >>> this.#shift; ; slot = (slot + 1) & this.#mask) {
      const entry = slots[slot]! - 1
      if (entry < 0) return MISSING
      if (this.#hash[entry] !== hash || this.#keyLength[entry] !== length) continue
      const units = this.#units
      let at = this.#keyStart[entry]!
      let i = start
      while (i < end && units[at] === text.charCodeAt(i)) {
        at++
        i++
      }
      if (i === end) return this.#value[entry]!
    }
  }

  /** Remembers `value` for `text.slice(start, end)`, which `find` has just reported MISSING; not when full. */
  add(text: string, start: number, end: number, value: number): void {
    if (this.#size === this.#entries) throw new Error(`piece cache: full at ${this.#size} entries; clear it first`)
    const length = end - start
    if (this.#used + length > this.#units.length) {
      const units = new Uint16Array(Math.max(this.#units.length * 2, this.#used + length))
      units.set(this.#units.subarray(0, this.#used))
      this.#units = units
    }
    const hash = hashOf(text, start, end)
    let slot = hash >>> this.#shift
    while (this.#slots[slot] !== 0) slot = (slot + 1) & this.#mask
    const entry = this.#size++
    this.#slots[slot] = entry + 1
    this.#hash[entry] = hash
    this.#keyStart[entry] = this.#used
    this.#keyLength[entry] = length
    this.#value[entry] = value
    for (let i = start; i < end; i++) this.#units[this.#used++] = text.charCodeAt(i)
  }

  clear(): void {
    this.#slots.fill(0)
    this.#size = 0
    this.#used = 0
  }

  get full(): boolean {
    return this.#size === this.#entries
  }
}

// FNV-1a over UTF-16 units, then a multiply so that the high bits (the slot) mix every unit.
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) | 0
}
