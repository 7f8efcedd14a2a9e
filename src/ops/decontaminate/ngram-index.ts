import path from 'node:path'
import { StrataError } from '../../core/errors.ts'
import { LocalStore } from '../../io/local-store.ts'
import { detectFormat, readers } from '../../io/readers.ts'
import { hashShingles, tokenize } from '../dedup/shingles.ts'

/** One benchmark to protect: its name (for reasons and columns), its file, and the fields whose text is indexed. */
export interface BenchmarkSource {
  readonly name: string
  readonly path: string
  readonly fields: readonly string[]
}

// Two 32-bit hashes of an n-gram make one 53-bit key: with 10^5 n-grams indexed and 10^3
// looked up per document, a false match has odds of about 10^-8 per document.
const SECOND_SEED = 0x2545f491
const LOW_BITS = 2 ** 21

/**
 * The n-grams of benchmark texts (words as `dedup.minhash` shingles them: lower-cased runs
 * of letters and digits, a character per token in unspaced scripts), as 53-bit hashes,
 * each with the benchmarks it occurs in (bit i: benchmark i). Built from JSONL or
 * Parquet files (compressed or not); every string field named is indexed alone, so no
 * n-gram spans two fields, and a field shorter than `n` words adds nothing.
 */
export class NgramIndex {
  readonly n: number
  readonly names: readonly string[]
  readonly #keys = new Map<number, number>()
  #first: Uint32Array = new Uint32Array(1024)
  #second: Uint32Array = new Uint32Array(1024)

  private constructor(n: number, names: readonly string[]) {
    this.n = n
    this.names = names
  }

  /** Reads every benchmark file and indexes its fields. */
  static async build(n: number, sources: readonly BenchmarkSource[]): Promise<NgramIndex> {
    if (sources.length > 31) throw new StrataError('invalid_argument', `decontaminate: ${sources.length} benchmarks; at most 31 per step`)
    const index = new NgramIndex(n, sources.map((s) => s.name))
    for (const [b, source] of sources.entries()) {
      let records = 0
      for await (const fields of readRecords(source.path)) {
        records++
        for (const field of source.fields) {
          const value = fields[field]
          if (typeof value === 'string') index.#add(value, 1 << b)
        }
      }
      if (records === 0) throw new StrataError('invalid_argument', `decontaminate: benchmark '${source.name}': ${source.path} holds no records`)
    }
    return index
  }

  /** How many distinct n-grams the index holds. */
  get size(): number {
    return this.#keys.size
  }

  /** The benchmarks (bit mask) any of whose n-grams occurs in `text`; 0 for none. */
  match(text: string): number {
    let found = 0
    const count = this.#hash(text)
    for (let i = 0; i < count; i++) found |= this.#keys.get(this.#first[i]! * LOW_BITS + (this.#second[i]! >>> 11)) ?? 0
    return found
  }

  #add(text: string, bit: number): void {
    const count = this.#hash(text)
    for (let i = 0; i < count; i++) {
      const key = this.#first[i]! * LOW_BITS + (this.#second[i]! >>> 11)
      this.#keys.set(key, (this.#keys.get(key) ?? 0) | bit)
    }
  }

  // Hashes the text's n-grams into the two buffers, tokenizing once; returns how many (none when it has fewer than n words).
  #hash(text: string): number {
    if (tokenize(text) < this.n) return 0
    const a = hashShingles(this.n, this.#first)
    const b = hashShingles(this.n, this.#second, SECOND_SEED)
    this.#first = a.hashes
    this.#second = b.hashes
    return a.count
  }
}

async function* readRecords(file: string): AsyncGenerator<Record<string, unknown>> {
  const full = path.resolve(file)
  const store = new LocalStore(path.dirname(full))
  const key = path.basename(full)
  const info = await store.stat(key)
  if (!info) throw new StrataError('not_found', `decontaminate: benchmark file ${full} does not exist`)
  const format = detectFormat(key, await store.read(key, { offset: 0, length: Math.min(info.size, 4096) }))
  if (format !== 'jsonl' && format !== 'parquet') throw new StrataError('invalid_argument', `decontaminate: ${full} is not JSONL or Parquet (${format ?? 'unknown format'})`)
  for await (const item of readers[format]({ store, key, size: info.size }, { maxDocBytes: 64 << 20 })) {
    if (item.kind === 'bad') throw new StrataError('corrupt_file', `decontaminate: ${full}${item.line ? `:${item.line}` : ''}: ${item.error}`)
    yield item.fields
  }
}
