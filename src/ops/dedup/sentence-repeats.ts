// Finds the sentence spans that occurred before, over every span of the input at once: the
// spans' 64-bit hashes sit in two typed arrays in input order (document, then sentence), a
// stable radix sort by one half brings equal hashes together with the earliest first, and
// every later span of a group is a repeat. Memory: the hashes (8 bytes a span, the size of
// the keys), the sort's 8 bytes a span, one bit a span for the marks, and 8 bytes a document.
import { radixOrder } from './radix-sort.ts'

/** Hash halves of a span that holds no text (all its sentences normalized to nothing): never matched. */
export const NO_SPAN = 0

/** What a document loses: sentence ranges to remove, `[start, end)` pairs flattened, in order, none touching another. */
export type SentenceRanges = number[]

/**
 * The spans of a whole input, document by document: each key is a document's span hashes,
 * two little-endian 32-bit halves a span, a span starting at each sentence in turn (the
 * first `n` sentences, the `n` from the second...).
 */
export class SentenceRepeats {
  #hi: Uint32Array
  #lo: Uint32Array
  #spans = 0
  #position = new Uint32Array(1024)
  #first = new Uint32Array(1024)
  #docs = 0

  /** `expectedSpans`: how many spans to make room for at first (the arrays grow as needed). */
  constructor(expectedSpans: number) {
    const capacity = Math.max(1024, Math.floor(expectedSpans))
    this.#hi = new Uint32Array(capacity)
    this.#lo = new Uint32Array(capacity)
  }

  /** Adds the spans of the document at `position` (its key's index among all keys); documents come in order. */
  add(position: number, key: Uint8Array): void {
    const count = key.length >>> 3
    if (count === 0) return
    if (this.#spans + count > this.#hi.length) {
      const capacity = Math.max(this.#hi.length * 2, this.#spans + count)
      this.#hi = grown(this.#hi, capacity)
      this.#lo = grown(this.#lo, capacity)
    }
    if (this.#docs === this.#position.length) {
      this.#position = grown(this.#position, this.#docs * 2)
      this.#first = grown(this.#first, this.#docs * 2)
    }
    this.#position[this.#docs] = position
    this.#first[this.#docs++] = this.#spans
    const view = new DataView(key.buffer, key.byteOffset, count * 8)
    for (let i = 0; i < count; i++, this.#spans++) {
      this.#hi[this.#spans] = view.getUint32(8 * i, true)
      this.#lo[this.#spans] = view.getUint32(8 * i + 4, true)
    }
  }

  /**
   * The documents with repeated spans, by position: each span that appeared earlier (in an
   * earlier document or earlier in the same one) removes its `n` sentences; overlapping or
   * adjacent removals are merged into one range.
   */
  ranges(n: number): Map<number, SentenceRanges> {
    const repeated = this.#repeated()
    const out = new Map<number, SentenceRanges>()
    for (let d = 0; d < this.#docs; d++) {
      const first = this.#first[d]!
      const end = d + 1 < this.#docs ? this.#first[d + 1]! : this.#spans
      let ranges: SentenceRanges | undefined
      for (let span = first; span < end; span++) {
        if ((repeated[span >>> 3]! & (1 << (span & 7))) === 0) continue
        const sentence = span - first
        ranges ??= []
        if (ranges.length > 0 && sentence <= ranges[ranges.length - 1]!) ranges[ranges.length - 1] = sentence + n
        else ranges.push(sentence, sentence + n)
      }
      if (ranges) out.set(this.#position[d]!, ranges)
    }
    return out
  }

  // One bit a span: set when an equal hash came before it.
  #repeated(): Uint8Array {
    const hi = this.#hi
    const lo = this.#lo
    const n = this.#spans
    const marks = new Uint8Array((n + 7) >>> 3)
    const order = radixOrder(hi, n, new Uint32Array(2 * n))
    const byLowHalf = (a: number, b: number): number => lo[a]! - lo[b]! || a - b
    for (let i = 0; i < n; ) {
      const h = hi[order[i]!]!
      let j = i + 1
      while (j < n && hi[order[j]!] === h) j++
      if (j - i > 1) {
        const group = order.subarray(i, j)
        // Spans equal in one half are almost always equal in both (a repeat): skip the sort then.
        if (!sameLowHalf(group, lo)) group.sort(byLowHalf)
        for (let k = 0; k < group.length; ) {
          const l = lo[group[k]!]!
          let m = k + 1
          while (m < group.length && lo[group[m]!] === l) {
            const span = group[m++]!
            if (h !== NO_SPAN || l !== NO_SPAN) marks[span >>> 3]! |= 1 << (span & 7)
          }
          k = m
        }
      }
      i = j
    }
    return marks
  }
}

function sameLowHalf(group: Uint32Array, lo: Uint32Array): boolean {
  const l = lo[group[0]!]
  for (let k = 1; k < group.length; k++) if (lo[group[k]!] !== l) return false
  return true
}

function grown(a: Uint32Array, length: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(length)
  b.set(a)
  return b
}
