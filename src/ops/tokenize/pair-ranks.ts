const EMPTY = -1
// Slots of three integers (left, right, rank), so that a probe reads one cache line.
const SLOT = 3

/**
 * For two tokens, the rank of the token their bytes make together, or -1 if the vocabulary
 * has none: the question byte-pair merging asks at every step. Every part being merged is a
 * token, so the question is asked by the two tokens' ids, in an open-addressing table of
 * integers; asking the rank table itself means building and hashing a byte string per
 * question, several times slower.
 */
export class PairRanks {
  readonly #slots: Int32Array
  readonly #bits: number

  /**
   * Builds the table from the vocabulary: `spelled[rank]` is the bytes of token `rank` as a
   * latin1 string (one character per byte), and `ranks` the inverse. Each way to cut a token
   * into two tokens is an entry.
   */
  constructor(spelled: readonly string[], ranks: ReadonlyMap<string, number>) {
    const entries: number[] = []
    spelled.forEach((bytes, rank) => {
      for (let cut = 1; cut < bytes.length; cut++) {
        const left = ranks.get(bytes.slice(0, cut))
        const right = left === undefined ? undefined : ranks.get(bytes.slice(cut))
        if (right !== undefined) entries.push(left!, right, rank)
      }
    })
    // At most half full, so that probes stay short.
    let bits = 1
    while (1 << bits < (entries.length / SLOT) * 2) bits++
    this.#bits = bits
    this.#slots = new Int32Array(SLOT << bits).fill(EMPTY)
    const mask = (1 << bits) - 1
    for (let i = 0; i < entries.length; i += SLOT) {
      let slot = this.#slot(entries[i]!, entries[i + 1]!)
      while (this.#slots[slot * SLOT] !== EMPTY) slot = (slot + 1) & mask
      this.#slots.set(entries.slice(i, i + SLOT), slot * SLOT)
    }
  }

  get(left: number, right: number): number {
    const slots = this.#slots
    const mask = (1 << this.#bits) - 1
    for (let slot = this.#slot(left, right); ; slot = (slot + 1) & mask) {
      const at = slot * SLOT
      const l = slots[at]!
      if (l === EMPTY) return -1
      if (l === left && slots[at + 1] === right) return slots[at + 2]!
    }
  }

  #slot(left: number, right: number): number {
    // Multiplicative hashing: the high bits of the product mix all the input bits.
    return Math.imul(Math.imul(left, 0x9e3779b1) ^ right, 0x85ebca77) >>> (32 - this.#bits)
  }
}
