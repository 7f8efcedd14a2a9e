import { closeSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs'
import path from 'node:path'
import { radixOrder } from './radix-sort.ts'

/** A bucket: documents (ascending) with equal first band hashes, and their second band hashes. */
export type Bucket = readonly [docs: number[], h2: number[]]

/**
 * The buckets of one band of documents held in memory (`bands`: n x bandCount x 2 hashes),
 * in order of first hash, then document: found by a stable radix sort of the band's hashes.
 */
export function* memoryBuckets(bands: Uint32Array, bandCount: number, band: number): Generator<Bucket> {
  const width = 2 * bandCount
  const n = bands.length / width
  const h1 = new Uint32Array(n)
  for (let i = 0; i < n; i++) h1[i] = bands[i * width + 2 * band]!
  const order = radixOrder(h1, n, new Uint32Array(2 * n))
  for (let start = 0; start < n; ) {
    let end = start + 1
    while (end < n && h1[order[end]!] === h1[order[start]!]) end++
    if (end - start > 1) {
      const docs: number[] = []
      const h2: number[] = []
      for (let k = start; k < end; k++) {
        docs.push(order[k]!)
        h2.push(bands[order[k]! * width + 2 * band + 1]!)
      }
      yield [docs, h2]
    }
    start = end
  }
}

const RECORD = 12
const READ_RECORDS = 4096

/**
 * Band hashes larger than memory: each band's (h1, h2, document) records collect in chunks
 * of `chunkRecords`, each written sorted to a file of its own under `dir` when full; a
 * band's buckets then come from merging its chunk files, a buffer of 4,096 records per
 * file in memory. Documents must be added in ascending order, so the merge yields the
 * order `memoryBuckets` does.
 */
export class BandSpill {
  readonly #dir: string
  readonly #bandCount: number
  readonly #capacity: number
  readonly #h1: Uint32Array[]
  readonly #h2: Uint32Array[]
  readonly #doc: Uint32Array[]
  readonly #scratch: Uint32Array
  readonly #chunks: string[][]
  #count = 0

  constructor(dir: string, bandCount: number, chunkRecords: number) {
    mkdirSync(dir, { recursive: true })
    this.#dir = dir
    this.#bandCount = bandCount
    this.#capacity = chunkRecords
    const arrays = () => Array.from({ length: bandCount }, () => new Uint32Array(chunkRecords))
    this.#h1 = arrays()
    this.#h2 = arrays()
    this.#doc = arrays()
    this.#scratch = new Uint32Array(2 * chunkRecords)
    this.#chunks = Array.from({ length: bandCount }, () => [])
  }

  /** Adds document `doc`'s band hashes, `bands[at .. at + 2 x bandCount)`. */
  add(doc: number, bands: Uint32Array, at: number): void {
    for (let b = 0; b < this.#bandCount; b++) {
      this.#h1[b]![this.#count] = bands[at + 2 * b]!
      this.#h2[b]![this.#count] = bands[at + 2 * b + 1]!
      this.#doc[b]![this.#count] = doc
    }
    if (++this.#count === this.#capacity) this.#spill()
  }

  /** Writes what is pending; call once, after the last `add`. */
  finish(): void {
    if (this.#count > 0) this.#spill()
  }

  /** The buckets of `band`, merged from its chunk files. */
  *buckets(band: number): Generator<Bucket> {
    const readers = this.#chunks[band]!.map((file) => new ChunkReader(file))
    const heap = readers.filter((r) => r.next())
    const less = (a: ChunkReader, b: ChunkReader) => a.h1 < b.h1 || (a.h1 === b.h1 && a.doc < b.doc)
    const down = (i: number) => {
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r
        if (m === i) return
        ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
        i = m
      }
    }
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i)
    // Streams the merged records, holding only the current run of equal first hashes.
    let docs: number[] = []
    let h2: number[] = []
    let current = -1
    while (heap.length > 0) {
      const top = heap[0]!
      if (top.h1 !== current) {
        if (docs.length > 1) yield [docs, h2]
        docs = []
        h2 = []
        current = top.h1
      }
      docs.push(top.doc)
      h2.push(top.h2)
      if (!top.next()) {
        top.close()
        heap[0] = heap[heap.length - 1]!
        heap.pop()
      }
      if (heap.length > 0) down(0)
    }
    if (docs.length > 1) yield [docs, h2]
  }

  #spill(): void {
    const n = this.#count
    const out = Buffer.allocUnsafe(n * RECORD)
    for (let b = 0; b < this.#bandCount; b++) {
      const h1 = this.#h1[b]!
      const order = radixOrder(h1, n, this.#scratch)
      for (let k = 0; k < n; k++) {
        const i = order[k]!
        out.writeUInt32LE(h1[i]!, k * RECORD)
        out.writeUInt32LE(this.#h2[b]![i]!, k * RECORD + 4)
        out.writeUInt32LE(this.#doc[b]![i]!, k * RECORD + 8)
      }
      const file = path.join(this.#dir, `band-${b}-chunk-${this.#chunks[b]!.length}.bin`)
      const fd = openSync(file, 'w')
      writeSync(fd, out, 0, n * RECORD)
      closeSync(fd)
      this.#chunks[b]!.push(file)
    }
    this.#count = 0
  }
}

// One chunk file read sequentially, a buffer at a time; `next` moves to the following record.
class ChunkReader {
  readonly #fd: number
  readonly #buffer = Buffer.allocUnsafe(READ_RECORDS * RECORD)
  #records = 0
  #at = 0
  h1 = 0
  h2 = 0
  doc = 0

  constructor(file: string) {
    this.#fd = openSync(file, 'r')
  }

  next(): boolean {
    if (this.#at === this.#records) {
      this.#records = Math.floor(readSync(this.#fd, this.#buffer, 0, this.#buffer.length, null) / RECORD)
      this.#at = 0
      if (this.#records === 0) return false
    }
    const o = this.#at++ * RECORD
    this.h1 = this.#buffer.readUInt32LE(o)
    this.h2 = this.#buffer.readUInt32LE(o + 4)
    this.doc = this.#buffer.readUInt32LE(o + 8)
    return true
  }

  close(): void {
    closeSync(this.#fd)
  }
}
