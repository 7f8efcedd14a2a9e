import type { FastTextFile } from './fasttext-file.ts'

/** What a token is to the model: a word that adds rows, a label (ignored), or `</s>`, a word that ends the line. */
export const WORD = 0
export const LABEL = 1
export const END = 2

const ENCODER = new TextEncoder()
const LABEL_PREFIX = ENCODER.encode('__label__')
/** fastText's end-of-line token, which is in every dictionary it builds. */
export const EOS = ENCODER.encode('</s>')
const BOW = 0x3c // '<'
const EOW = 0x3e // '>'
/** The FNV-1a offset basis, as an int32. */
export const FNV_OFFSET = 0x811c9dc5 | 0
const FNV_PRIME = 16777619

// Out-of-vocabulary words are remembered with their rows, so that a word met again costs
// one lookup instead of hashing and looking up each of its n-grams. Longer words are
// rarely met twice and cost their length anyway; when the memory is full it is emptied.
const CACHED_TOKENS = 1 << 16
const CACHED_TOKEN_BYTES = 64
const CACHE_BYTES = 1 << 20
const CACHE_ROWS = 1 << 19
// The fields of an entry in TokenTable's entries.
const BYTES = 0
const ROWS = 1
const KIND = 2
const HASH = 3

/** fastText's string hash: FNV-1a over the bytes taken as signed chars, as an int32. */
export function fnv(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET
  for (let i = start; i < end; i++) h = fnvStep(h, bytes[i]!)
  return h
}

/** One byte of {@link fnv}: fastText sign-extends each char before the xor. */
export function fnvStep(h: number, byte: number): number {
  return Math.imul(h ^ ((byte << 24) >> 24), FNV_PRIME)
}

/**
 * The input rows of each token, as fastText's Dictionary gives them to a supervised
 * model: a dictionary word's own row then its char n-grams' rows, an unknown word's char
 * n-gram rows only (the n-grams of `<word>` of minn..maxn UTF-8 characters, FNV-hashed
 * into `bucket` buckets, dropped when the quantized model pruned the bucket), nothing for
 * a label or for `</s>`'s n-grams.
 *
 * Tokens are byte ranges of a UTF-8 buffer, looked up by their FNV hash (which the caller
 * computes while it splits the line) in one open-addressing table that holds the
 * dictionary for good and the unknown words met lately.
 */
export class TokenTable {
  /** The rows of the token last resolved are `rows[from..to)`; `rows` may be replaced by a larger array. */
  rows: Int32Array
  from = 0
  to = 0
  private readonly nwords: number
  private readonly minn: number
  private readonly maxn: number
  private readonly bucket: number
  private readonly pruned: Int32Array | null
  private readonly prunedShift: number
  /** One bit per bucket, set for the kept ones: most n-grams are not, and a bit is cheaper to look up. */
  private readonly kept: Int32Array | null
  private readonly slots: Int32Array
  /**
   * Per entry, 4 ints: where its bytes and its rows start (each ends where the next
   * entry's start), its kind and its hash; together, so a lookup reads one cache line.
   */
  private readonly entries: Int32Array
  private readonly bytes: Uint8Array
  /** Entries below are the dictionary's (plus `</s>` when it lacks it) and stay. */
  private readonly permanent: number
  private count = 0
  private word = new Uint8Array(CACHED_TOKEN_BYTES + 2)

  constructor(file: FastTextFile) {
    const { args, entries, nwords } = file
    this.nwords = nwords
    this.minn = args.minn
    this.maxn = args.maxn
    this.bucket = args.bucket
    if (file.pruned) {
      const size = powerOfTwoAbove(file.pruned.size * 3)
      this.prunedShift = 32 - Math.log2(size)
      this.pruned = new Int32Array(size * 2).fill(-1)
      this.kept = new Int32Array((this.bucket >>> 5) + 1)
      for (const [bucket, row] of file.pruned) {
        this.kept[bucket >>> 5]! |= 1 << (bucket & 31)
        let slot = Math.imul(bucket, 0x9e3779b1) >>> this.prunedShift
        while (this.pruned[slot * 2] !== -1) slot = (slot + 1) & (size - 1)
        this.pruned[slot * 2] = bucket
        this.pruned[slot * 2 + 1] = nwords + row
      }
    } else {
      this.pruned = null
      this.prunedShift = 0
      this.kept = null
    }

    const hasEos = entries.some((e) => equals(e.bytes, 0, e.bytes.length, EOS))
    const permanent = entries.length + (hasEos ? 0 : 1)
    const permanentBytes = entries.reduce((n, e) => n + e.bytes.length, 0) + EOS.length
    const capacity = permanent + CACHED_TOKENS
    this.slots = new Int32Array(powerOfTwoAbove(capacity * 2))
    this.entries = new Int32Array((capacity + 1) * 4)
    this.bytes = new Uint8Array(permanentBytes + CACHE_BYTES)
    this.rows = new Int32Array(nwords * 16 + CACHE_ROWS)
    this.permanent = permanent
    entries.forEach((e, id) => {
      const eos = equals(e.bytes, 0, e.bytes.length, EOS)
      this.append(e.bytes, 0, e.bytes.length, fnv(e.bytes, 0, e.bytes.length), e.type === 'label' ? LABEL : eos ? END : WORD)
      if (e.type === 'label') return
      // As fastText's initNgrams: a word's own row first, and </s> has no n-grams.
      this.reserveRows(1)
      this.rows[this.to++] = id
      if (!eos) this.addCharNgramRows(e.bytes, 0, e.bytes.length)
      this.entries[this.count * 4 + ROWS] = this.to
    })
    if (!hasEos) this.append(EOS, 0, EOS.length, fnv(EOS, 0, EOS.length), END)
    this.reset()
  }

  /**
   * The kind of bytes[start..end) (hash: its {@link fnv}); for a word, its rows are then
   * `rows[from..to)`, valid until the next call.
   */
  resolve(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots
    const mask = slots.length - 1
    const length = end - start
    let slot = hash & mask
    const entries = this.entries
    for (; ; slot = (slot + 1) & mask) {
      const id = slots[slot]!
      if (id === -1) break
      const e = id * 4
      if (entries[e + HASH] !== hash) continue
      const at = entries[e + BYTES]!
      if (entries[e + 4 + BYTES]! - at !== length) continue
      let i = 0
      while (i < length && this.bytes[at + i] === bytes[start + i]) i++
      if (i < length) continue
      this.from = entries[e + ROWS]!
      this.to = entries[e + 4 + ROWS]!
      return entries[e + KIND]!
    }
    // Unknown: a label by its prefix (as fastText types unknown tokens), else a word.
    if (startsWith(bytes, start, end, LABEL_PREFIX)) return LABEL
    if (length > CACHED_TOKEN_BYTES) {
      // Computed past the remembered rows and forgotten.
      this.from = this.to = entries[this.count * 4 + ROWS]!
      this.addCharNgramRows(bytes, start, end)
      return WORD
    }
    const next = this.count * 4
    if (next + 4 === entries.length || entries[next + BYTES]! + length > this.bytes.length || entries[next + ROWS]! + this.maxn * (length + 2) > this.rows.length) {
      this.reset()
      slot = hash & mask
      while (slots[slot] !== -1) slot = (slot + 1) & mask
    }
    slots[slot] = this.count
    this.append(bytes, start, end, hash, WORD)
    this.addCharNgramRows(bytes, start, end)
    entries[this.count * 4 + ROWS] = this.to
    return WORD
  }

  /** Forgets the unknown words and rebuilds the table with the permanent entries only. */
  private reset(): void {
    this.count = this.permanent
    this.slots.fill(-1)
    const mask = this.slots.length - 1
    for (let id = 0; id < this.permanent; id++) {
      let slot = this.entries[id * 4 + HASH]! & mask
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask
      this.slots[slot] = id
    }
  }

  /** Appends an entry (its bytes, no rows yet): `from` and `to` point at where its rows go. */
  private append(bytes: Uint8Array, start: number, end: number, hash: number, kind: number): void {
    const e = this.count++ * 4
    const entries = this.entries
    const at = entries[e + BYTES]!
    this.bytes.set(bytes.subarray(start, end), at)
    entries[e + KIND] = kind
    entries[e + HASH] = hash
    this.from = this.to = entries[e + ROWS]!
    entries[e + 4 + BYTES] = at + end - start
    entries[e + 4 + ROWS] = this.to
  }

  private reserveRows(n: number): void {
    if (this.to + n <= this.rows.length) return
    const rows = new Int32Array(Math.max(this.rows.length * 2, this.to + n))
    rows.set(this.rows.subarray(0, this.to))
    this.rows = rows
  }

  /**
   * Appends at `rows[to..]` the kept rows of the char n-grams of `<word>` (word =
   * bytes[start..end)), as fastText's computeSubwords: n-grams of minn..maxn UTF-8
   * characters from every character start, except the lone `<` and `>`.
   */
  private addCharNgramRows(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start + 2
    if (this.word.length < length) this.word = new Uint8Array(length * 2)
    const word = this.word
    word[0] = BOW
    word.set(bytes.subarray(start, end), 1)
    word[length - 1] = EOW
    const { minn, maxn, bucket } = this
    this.reserveRows(length * Math.max(maxn, 0))
    const rows = this.rows
    let to = this.to
    for (let i = 0; i < length; i++) {
      if ((word[i]! & 0xc0) === 0x80) continue
      let h = FNV_OFFSET
      for (let j = i, n = 1; j < length && n <= maxn; n++) {
        h = fnvStep(h, word[j++]!)
        while (j < length && (word[j]! & 0xc0) === 0x80) h = fnvStep(h, word[j++]!)
        if (n >= minn && !(n === 1 && (i === 0 || j === length))) {
          const row = this.bucketRow((h >>> 0) % bucket)
          if (row >= 0) rows[to++] = row
        }
      }
    }
    this.to = to
  }

  /** The input row of an n-gram bucket, or -1 when the quantized model dropped it. */
  bucketRow(bucket: number): number {
    const table = this.pruned
    if (table === null) return this.nwords + bucket
    if (((this.kept![bucket >>> 5]! >>> (bucket & 31)) & 1) === 0) return -1
    const mask = (table.length >> 1) - 1
    for (let slot = Math.imul(bucket, 0x9e3779b1) >>> this.prunedShift; ; slot = (slot + 1) & mask) {
      const key = table[slot * 2]!
      if (key === bucket) return table[slot * 2 + 1]!
      if (key === -1) return -1
    }
  }
}

function startsWith(bytes: Uint8Array, start: number, end: number, prefix: Uint8Array): boolean {
  if (end - start < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (bytes[start + i] !== prefix[i]) return false
  return true
}

function equals(bytes: Uint8Array, start: number, end: number, other: Uint8Array): boolean {
  return end - start === other.length && startsWith(bytes, start, end, other)
}

function powerOfTwoAbove(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(n, 2)))
}
