import type { PairRanks } from './pair-ranks.ts'

const NONE = -1
const SHIFT = 2 ** 32

/**
 * tiktoken's byte-pair merge: joins the adjacent pair of parts whose joined bytes have the
 * lowest rank (the leftmost of equal ones) until no adjacent pair has a rank; each part is
 * then a token. Same merges as tiktoken's quadratic scan, found with a heap so that a long
 * piece (a megabyte of letters with no space) costs n log n, not n². Reuses its arrays from
 * piece to piece; one merger per thread.
 */
export class BytePairMerger {
  readonly #pairs: PairRanks
  readonly #byteIds: Int32Array
  // Parts are named by the offset of their first byte; `#next[i]` is where the part after i starts.
  #next = new Int32Array(256)
  #prev = new Int32Array(256)
  // The token of the part starting at i, and the rank of its pair with the next part (or NONE).
  #id = new Int32Array(256)
  #pair = new Int32Array(256)
  // Pending pairs as rank * 2^32 + offset: the least is the lowest rank, leftmost. An entry
  // whose rank no longer matches `#pair` is stale and skipped.
  #heap = new Float64Array(256)
  #heapSize = 0

  /** `byteIds[b]` is the token of the single byte b. */
  constructor(pairs: PairRanks, byteIds: Int32Array) {
    this.#pairs = pairs
    this.#byteIds = byteIds
  }

  /** Appends the token ids of `bytes[0, length)` (at least one byte) to `out`. */
  merge(bytes: Uint8Array, length: number, out: number[]): void {
    if (this.#next.length < length + 1) this.#resize(length + 1)
    const next = this.#next
    const prev = this.#prev
    const id = this.#id
    const pair = this.#pair
    this.#heapSize = 0
    for (let i = 0; i < length; i++) {
      next[i] = i + 1
      prev[i] = i - 1
      id[i] = this.#byteIds[bytes[i]!]!
    }
    for (let i = 0; i + 1 < length; i++) this.#setPair(i, length)
    pair[length - 1] = NONE
    while (this.#heapSize > 0) {
      const top = this.#pop()
      const rank = Math.floor(top / SHIFT)
      const i = top - rank * SHIFT
      if (pair[i] !== rank) continue
      const joined = next[i]!
      const after = next[joined]!
      next[i] = after
      if (after < length) prev[after] = i
      id[i] = rank
      pair[joined] = NONE
      this.#setPair(i, length)
      if (i > 0) this.#setPair(prev[i]!, length)
    }
    for (let i = 0; i < length; i = next[i]!) out.push(id[i]!)
  }

  /** Records (and queues) the rank of the pair of parts starting at `i`. */
  #setPair(i: number, length: number): void {
    const second = this.#next[i]!
    const rank = second < length ? this.#pairs.get(this.#id[i]!, this.#id[second]!) : NONE
    this.#pair[i] = rank
    if (rank !== NONE) this.#push(rank * SHIFT + i)
  }

  #push(key: number): void {
    if (this.#heapSize === this.#heap.length) {
      const heap = new Float64Array(this.#heap.length * 2)
      heap.set(this.#heap)
      this.#heap = heap
    }
    const heap = this.#heap
    let at = this.#heapSize++
    while (at > 0) {
      const parent = (at - 1) >> 1
      if (heap[parent]! <= key) break
      heap[at] = heap[parent]!
      at = parent
    }
    heap[at] = key
  }

  #pop(): number {
    const heap = this.#heap
    const top = heap[0]!
    const last = heap[--this.#heapSize]!
    const size = this.#heapSize
    let at = 0
    for (;;) {
      let child = 2 * at + 1
      if (child >= size) break
      if (child + 1 < size && heap[child + 1]! < heap[child]!) child++
      if (heap[child]! >= last) break
      heap[at] = heap[child]!
      at = child
    }
    heap[at] = last
    return top
  }

  #resize(size: number): void {
    const capacity = Math.max(size, this.#next.length * 2)
    this.#next = new Int32Array(capacity)
    this.#prev = new Int32Array(capacity)
    this.#id = new Int32Array(capacity)
    this.#pair = new Int32Array(capacity)
  }
}
