import { distinctSorted } from './distinct-sorted.ts'
import { hashShingles, tokenize } from './shingles.ts'

/** How documents are signed: shingle width, bands x rows hash functions, and the seed that picks them. */
export interface SignatureParams {
  readonly ngram: number
  readonly bands: number
  readonly rows: number
  readonly seed: number
}

// Marks a bin no shingle fell into; ranks are 31-bit, so no shingle takes it.
const EMPTY = 0xffffffff
const RANK_SCALE = 2 ** -31

/**
 * Computes MinHash signatures by one-permutation hashing with optimal densification
 * (Shrivastava 2017): each shingle is hashed once (seeded); the hash picks one of
 * `bands x rows` bins and ranks the shingle within it, and each bin keeps its lowest rank.
 * An empty bin takes the value of the first non-empty bin on its own fixed probe sequence
 * (a seeded start and a step coprime with the bin count, so it visits every bin), the
 * same sequence for every document. Two documents then agree on each bin with
 * probability exactly their Jaccard similarity, as with `bands x rows` independent
 * min-hashes, at the cost of one hash per shingle instead of one per shingle and bin.
 * Per band, two independent 32-bit hashes of its `rows` values: documents that agree on
 * both for some band are candidates.
 */
export class MinHasher {
  readonly params: SignatureParams
  /** The `bands x rows` values of the text last signed (overwritten by the next call). */
  readonly signature: Uint32Array
  readonly #shingleSeed: number
  readonly #bins: Uint32Array
  readonly #probeStart: Uint32Array
  readonly #probeStep: Uint32Array
  #shingles: Uint32Array = new Uint32Array(1024)
  #sorted: Uint32Array = new Uint32Array(2048)

  constructor(params: SignatureParams) {
    this.params = params
    const n = params.bands * params.rows
    this.signature = new Uint32Array(n)
    this.#bins = new Uint32Array(n)
    this.#probeStart = new Uint32Array(n)
    this.#probeStep = new Uint32Array(n)
    let state = params.seed >>> 0
    const next = () => {
      state = (state + 0x6d2b79f5) >>> 0
      let t = Math.imul(state ^ (state >>> 15), 1 | state)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return (t ^ (t >>> 14)) >>> 0
    }
    this.#shingleSeed = next()
    for (let i = 0; i < n; i++) {
      this.#probeStart[i] = next() % n
      // A step coprime with the bin count visits every bin before it repeats.
      let step = 1 + (next() % Math.max(1, n - 1))
      while (gcd(step, n) !== 1) step = 1 + (next() % (n - 1))
      this.#probeStep[i] = step
    }
  }

  /**
   * Signs `text`: writes 2 x `bands` band hashes into `bands` at `at`; returns the
   * document's distinct shingle hashes, sorted, when `distinct` asks for them (exact
   * Jaccard needs them), else an empty array; null when the text has no tokens. The
   * distinct hashes live in a buffer the next call overwrites: copy what you keep.
   */
  sign(text: string, bands: Uint32Array, at: number, distinct: boolean): Uint32Array | null {
    tokenize(text)
    const { hashes, count } = hashShingles(this.params.ngram, this.#shingles, this.#shingleSeed)
    this.#shingles = hashes
    if (count === 0) return null
    const bins = this.#bins
    const n = bins.length
    bins.fill(EMPTY)
    for (let s = 0; s < count; s++) {
      const rank = hashes[s]! >>> 1
      const bin = (rank * n * RANK_SCALE) | 0
      if (rank < bins[bin]!) bins[bin] = rank
    }
    const signature = this.signature
    for (let i = 0; i < n; i++) {
      let from = i
      if (bins[i] === EMPTY) {
        const step = this.#probeStep[i]!
        from = this.#probeStart[i]!
        while (bins[from] === EMPTY) from = (from + step) % n
      }
      signature[i] = bins[from]!
    }
    const { bands: b, rows } = this.params
    for (let band = 0; band < b; band++) {
      let h1 = 0x811c9dc5
      let h2 = 0x01000193 + band
      for (let r = 0; r < rows; r++) {
        const v = signature[band * rows + r]!
        h1 = Math.imul(h1 ^ v, 0x01000193)
        h2 = Math.imul(h2 + v, 0x5bd1e995) ^ (h2 >>> 15)
      }
      bands[at + band * 2] = h1 >>> 0
      bands[at + band * 2 + 1] = h2 >>> 0
    }
    if (!distinct) return NONE
    if (this.#sorted.length < 2 * count) this.#sorted = new Uint32Array(4 * count)
    return distinctSorted(hashes, count, this.#sorted)
  }
}

const NONE = new Uint32Array(0)

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const r = a % b
    a = b
    b = r
  }
  return a
}

/** |A ∩ B| / |A ∪ B| of two sorted sets of distinct hashes. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0
  let j = 0
  let both = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      both++
      i++
      j++
    } else if (a[i]! < b[j]!) i++
    else j++
  }
  const union = a.length + b.length - both
  return union === 0 ? 1 : both / union
}
