import { hashShingles, tokenize } from './shingles.ts'

/** How documents are signed: shingle width, bands x rows hash functions, and the seed that picks them. */
export interface SignatureParams {
  readonly ngram: number
  readonly bands: number
  readonly rows: number
  readonly seed: number
}

/**
 * Computes MinHash signatures band by band: `bands x rows` hash functions (a seeded
 * xor-multiply over the mixed shingle hash, odd multipliers), the minimum of each over a
 * document's shingles, then per band two independent 32-bit hashes of its `rows` minima:
 * documents that agree on both for some band are candidates.
 */
export class MinHasher {
  readonly params: SignatureParams
  readonly #xor: Uint32Array
  readonly #mul: Uint32Array
  readonly #minima: Uint32Array
  #shingles: Uint32Array = new Uint32Array(1024)

  constructor(params: SignatureParams) {
    this.params = params
    const n = params.bands * params.rows
    this.#xor = new Uint32Array(n)
    this.#mul = new Uint32Array(n)
    this.#minima = new Uint32Array(n)
    let state = params.seed >>> 0
    const next = () => {
      state = (state + 0x6d2b79f5) >>> 0
      let t = Math.imul(state ^ (state >>> 15), 1 | state)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return (t ^ (t >>> 14)) >>> 0
    }
    for (let i = 0; i < n; i++) {
      this.#xor[i] = next()
      this.#mul[i] = next() | 1
    }
  }

  /**
   * Signs `text`: writes 2 x `bands` band hashes into `bands` at `at`; returns the
   * document's distinct shingle hashes, sorted, when `distinct` asks for them (exact
   * Jaccard needs them; sorting costs a fifth of signing), else an empty array; null when
   * the text has no tokens.
   */
  sign(text: string, bands: Uint32Array, at: number, distinct: boolean): Uint32Array | null {
    tokenize(text)
    const { hashes, count } = hashShingles(this.params.ngram, this.#shingles)
    this.#shingles = hashes
    if (count === 0) return null
    const minima = this.#minima
    const xor = this.#xor
    const mul = this.#mul
    // Four hash functions per pass over the shingles: a quarter of the loads and loop steps.
    let f = 0
    for (; f + 4 <= minima.length; f += 4) {
      const x0 = xor[f]!, x1 = xor[f + 1]!, x2 = xor[f + 2]!, x3 = xor[f + 3]!
      const m0 = mul[f]!, m1 = mul[f + 1]!, m2 = mul[f + 2]!, m3 = mul[f + 3]!
      let min0 = 0xffffffff, min1 = 0xffffffff, min2 = 0xffffffff, min3 = 0xffffffff
      for (let s = 0; s < count; s++) {
        const h = hashes[s]!
        const v0 = Math.imul(h ^ x0, m0) >>> 0
        const v1 = Math.imul(h ^ x1, m1) >>> 0
        const v2 = Math.imul(h ^ x2, m2) >>> 0
        const v3 = Math.imul(h ^ x3, m3) >>> 0
        if (v0 < min0) min0 = v0
        if (v1 < min1) min1 = v1
        if (v2 < min2) min2 = v2
        if (v3 < min3) min3 = v3
      }
      minima[f] = min0
      minima[f + 1] = min1
      minima[f + 2] = min2
      minima[f + 3] = min3
    }
    for (; f < minima.length; f++) {
      const x = xor[f]!
      const m = mul[f]!
      let min = 0xffffffff
      for (let s = 0; s < count; s++) {
        const v = Math.imul(hashes[s]! ^ x, m) >>> 0
        if (v < min) min = v
      }
      minima[f] = min
    }
    const { bands: b, rows } = this.params
    for (let band = 0; band < b; band++) {
      let h1 = 0x811c9dc5
      let h2 = 0x01000193 + band
      for (let r = 0; r < rows; r++) {
        const v = minima[band * rows + r]!
        h1 = Math.imul(h1 ^ v, 0x01000193)
        h2 = Math.imul(h2 + v, 0x5bd1e995) ^ (h2 >>> 15)
      }
      bands[at + band * 2] = h1 >>> 0
      bands[at + band * 2 + 1] = h2 >>> 0
    }
    return distinct ? distinctSorted(hashes, count) : NONE
  }
}

const NONE = new Uint32Array(0)

function distinctSorted(hashes: Uint32Array, count: number): Uint32Array {
  const sorted = hashes.slice(0, count).sort()
  let n = 0
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!
  return sorted.subarray(0, n)
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
