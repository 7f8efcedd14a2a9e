import { readFile } from 'node:fs/promises'
import { StrataError } from '../../core/errors.ts'
import { readFastTextFile, type FastTextFile, type FastTextMatrix } from './fasttext-file.ts'
import { END, EOS, fnv, fnvStep, FNV_OFFSET, LABEL, TokenTable } from './fasttext-tokens.ts'

/**
 * fastText's lid.176 language identifier as shipped (quantized) in the fasttext.wasm.js
 * package: read from there, nothing is downloaded.
 */
export const LID_176_MODEL: URL = new URL('../models/language-identification/assets/lid.176.ftz', import.meta.resolve('fasttext.wasm.js'))

/** A label and fastText's probability for it. */
export interface FastTextPrediction {
  /** The label without fastText's `__label__` prefix (`en`). */
  readonly label: string
  readonly score: number
}

/** Reads a supervised fastText model (`.ftz` or `.bin`) with a hierarchical-softmax loss. */
export async function loadFastTextModel(path: string | URL): Promise<FastTextModel> {
  return new FastTextModel(readFastTextFile(await readFile(path), String(path)))
}

const ENCODER = new TextEncoder()
const WORD_NGRAM_PRIME = 116049371
const TWO_32 = 2 ** 32
// fastText splits words on these bytes (std::istream's whitespace, plus NUL).
const SPACE = new Uint8Array(256)
for (const c of [0x20, 0x0a, 0x0d, 0x09, 0x0b, 0x0c, 0x00]) SPACE[c] = 1
const fround = Math.fround

/**
 * A fastText supervised classifier that predicts as fastText's `predict-prob` does, in
 * plain TypeScript: the text is one line of UTF-8 words (split on whitespace, ended by
 * the `</s>` token), each word adds its dictionary row and its char n-grams' rows
 * (`minn`..`maxn` characters of `<word>`, hashed with FNV-1a into `bucket` rows, kept
 * only if the quantized model kept the bucket), plus word n-gram rows when
 * `wordNgrams` > 1; their average is the hidden vector, which the hierarchical softmax
 * turns into label probabilities by a pruned depth-first walk of its Huffman tree.
 *
 * The arithmetic is fastText's, in float32 and in the same order (rows added in the
 * order fastText adds them, dot products summed left to right), so scores agree with
 * the C++ and WebAssembly builds to a few float ulps. Prediction is synchronous and
 * allocates only its result: buffers are the model's and grow to the longest text.
 */
export class FastTextModel {
  /** Every label the model knows, without the `__label__` prefix, in the model's order. */
  readonly labels: readonly string[]
  private readonly dim: number
  private readonly bucket: number
  private readonly wordNgrams: number
  /** Input rows, de-quantized and already scaled by their norms: exactly what fastText adds. */
  private readonly input: Float32Array
  private readonly output: Float32Array
  /** Per output row, the quantized norm its dot product is multiplied by; null if none. */
  private readonly outputNorms: Float32Array | null
  private readonly tokens: TokenTable
  private readonly eosHash = fnv(EOS, 0, EOS.length)
  // The Huffman tree: leaves are labels 0..nlabels-1, internal node i uses output row i - nlabels.
  private readonly left: Int32Array
  private readonly right: Int32Array
  private readonly root: number
  // Per-call state, reused.
  private readonly hidden: Float32Array
  private rowCount = 0
  private text = new Uint8Array(1 << 12)
  private wordHashes = new Int32Array(256)
  private wordCount = 0
  private readonly topScores: Float64Array
  private readonly topLabels: Int32Array
  private topSize = 0
  private topK = 1
  private minScore = 0

  constructor(file: FastTextFile) {
    const { args, nwords, nlabels } = file
    if (args.model !== 'sup' || args.loss !== 'hs') {
      throw new StrataError('unsupported_feature', `fastText model of type ${args.model} with loss ${args.loss}: only supervised models with loss hs (as lid.176) can predict here`)
    }
    if (file.output.rows < nlabels - 1 || nlabels < 1) {
      throw new StrataError('corrupt_file', `fastText model: ${file.output.rows} output rows for a tree over ${nlabels} labels`)
    }
    this.dim = args.dim
    this.bucket = args.bucket
    this.wordNgrams = args.wordNgrams
    const input = dequantize(file.input)
    this.input = input.norms ? scaleRows(input.data, input.norms, this.dim) : input.data
    const output = dequantize(file.output)
    this.output = output.data
    this.outputNorms = output.norms
    this.hidden = new Float32Array(this.dim)

    const labels: string[] = []
    const decoder = new TextDecoder()
    for (const entry of file.entries.slice(nwords)) {
      const label = decoder.decode(entry.bytes)
      labels.push(label.startsWith('__label__') ? label.slice('__label__'.length) : label)
    }
    this.labels = labels
    this.tokens = new TokenTable(file)

    const tree = huffmanTree(file.entries.slice(nwords).map((e) => e.count))
    this.left = tree.left
    this.right = tree.right
    this.root = 2 * nlabels - 2
    this.topScores = new Float64Array(nlabels)
    this.topLabels = new Int32Array(nlabels)
  }

  /**
   * The `k` most likely labels of the first line of `text` whose probability is at least
   * `threshold`, most likely first (`k` = -1: all of them), as fastText's `predict`
   * answers; empty when the line gives the model no input row at all.
   */
  predict(text: string, k = 1, threshold = 0): FastTextPrediction[] {
    if (k === -1) k = this.labels.length
    if (!(Number.isInteger(k) && k > 0)) throw new StrataError('invalid_argument', `fastText predict: k is ${k}, not -1 or a positive integer`)
    this.computeHidden(text)
    const out: FastTextPrediction[] = []
    if (this.rowCount === 0) return out
    this.topSize = 0
    this.topK = Math.min(k, this.labels.length)
    this.minScore = stdLog(fround(threshold))
    this.walk(this.root, 0)
    for (let i = 0; i < this.topSize; i++) {
      out.push({ label: this.labels[this.topLabels[i]!]!, score: fround(Math.exp(this.topScores[i]!)) })
    }
    return out
  }

  /** Sums the line's rows into `hidden`, in fastText's order, then divides by their number. */
  private computeHidden(text: string): void {
    const newline = text.indexOf('\n')
    const line = newline < 0 ? text : text.slice(0, newline)
    if (this.text.length < line.length * 3) this.text = new Uint8Array(line.length * 3 + 1024)
    const bytes = this.text
    const end = ENCODER.encodeInto(line, bytes).written
    this.hidden.fill(0)
    this.rowCount = 0
    this.wordCount = 0
    let stopped = false
    let p = 0
    while (p < end) {
      if (SPACE[bytes[p]!] === 1) {
        p++
        continue
      }
      const start = p
      let h = FNV_OFFSET
      for (; p < end && SPACE[bytes[p]!] === 0; p++) h = fnvStep(h, bytes[p]!)
      if (this.addToken(bytes, start, p, h)) {
        stopped = true
        break
      }
    }
    // The line's end is the token </s>, unless the line held one (fastText stops there).
    if (!stopped) this.addToken(EOS, 0, EOS.length, this.eosHash)
    if (this.wordNgrams > 1) this.addWordNgrams()
    if (this.rowCount > 0) {
      const scale = fround(1 / this.rowCount)
      const hidden = this.hidden
      for (let j = 0; j < this.dim; j++) hidden[j] = fround(hidden[j]! * scale)
    }
  }

  /** Adds one token's rows (a label adds none); true when it is </s>, which ends the line. */
  private addToken(bytes: Uint8Array, start: number, end: number, h: number): boolean {
    const tokens = this.tokens
    const kind = tokens.resolve(bytes, start, end, h)
    if (kind === LABEL) return false
    if (this.dim === 16) this.addRows16(tokens.rows, tokens.from, tokens.to)
    else for (let i = tokens.from; i < tokens.to; i++) this.addRow(tokens.rows[i]!)
    if (this.wordNgrams > 1) {
      if (this.wordCount === this.wordHashes.length) this.wordHashes = grow(this.wordHashes, this.wordCount * 2)
      this.wordHashes[this.wordCount++] = h
    }
    return kind === END
  }

  /** {@link addRow} for lid.176's 16 dimensions, in locals: the same float32 additions in the same order. */
  private addRows16(rows: Int32Array, from: number, to: number): void {
    const hidden = this.hidden
    const input = this.input
    let h0 = hidden[0]!, h1 = hidden[1]!, h2 = hidden[2]!, h3 = hidden[3]!, h4 = hidden[4]!, h5 = hidden[5]!, h6 = hidden[6]!, h7 = hidden[7]!
    let h8 = hidden[8]!, h9 = hidden[9]!, h10 = hidden[10]!, h11 = hidden[11]!, h12 = hidden[12]!, h13 = hidden[13]!, h14 = hidden[14]!, h15 = hidden[15]!
    for (let i = from; i < to; i++) {
      const o = rows[i]! * 16
      h0 = fround(h0 + input[o]!)
      h1 = fround(h1 + input[o + 1]!)
      h2 = fround(h2 + input[o + 2]!)
      h3 = fround(h3 + input[o + 3]!)
      h4 = fround(h4 + input[o + 4]!)
      h5 = fround(h5 + input[o + 5]!)
      h6 = fround(h6 + input[o + 6]!)
      h7 = fround(h7 + input[o + 7]!)
      h8 = fround(h8 + input[o + 8]!)
      h9 = fround(h9 + input[o + 9]!)
      h10 = fround(h10 + input[o + 10]!)
      h11 = fround(h11 + input[o + 11]!)
      h12 = fround(h12 + input[o + 12]!)
      h13 = fround(h13 + input[o + 13]!)
      h14 = fround(h14 + input[o + 14]!)
      h15 = fround(h15 + input[o + 15]!)
    }
    hidden[0] = h0; hidden[1] = h1; hidden[2] = h2; hidden[3] = h3; hidden[4] = h4; hidden[5] = h5; hidden[6] = h6; hidden[7] = h7
    hidden[8] = h8; hidden[9] = h9; hidden[10] = h10; hidden[11] = h11; hidden[12] = h12; hidden[13] = h13; hidden[14] = h14; hidden[15] = h15
    this.rowCount += to - from
  }

  private addRow(row: number): void {
    const hidden = this.hidden
    const input = this.input
    const dim = this.dim
    const offset = row * dim
    for (let j = 0; j < dim; j++) hidden[j] = hidden[j]! + input[offset + j]!
    this.rowCount++
  }

  /**
   * fastText's addWordNgrams: the rows of each run of 2..wordNgrams consecutive words,
   * hashed in uint64 arithmetic (h = h * 116049371 + next, from sign-extended int32 word
   * hashes), here in two 32-bit halves.
   */
  private addWordNgrams(): void {
    const hashes = this.wordHashes
    const bucket = this.bucket
    for (let i = 0; i < this.wordCount; i++) {
      let lo = hashes[i]! >>> 0
      let hi = hashes[i]! < 0 ? 0xffffffff : 0
      for (let j = i + 1; j < this.wordCount && j < i + this.wordNgrams; j++) {
        // (hi, lo) * prime, lo cut in 16-bit halves so that every product is exact.
        const upper = (lo >>> 16) * WORD_NGRAM_PRIME
        const upperLow = upper % 65536
        const low = (lo & 0xffff) * WORD_NGRAM_PRIME + upperLow * 65536
        const lowBits = low % TWO_32
        hi = (Math.imul(hi, WORD_NGRAM_PRIME) + (low - lowBits) / TWO_32 + (upper - upperLow) / 65536) >>> 0
        const next = hashes[j]!
        const sum = lowBits + (next >>> 0)
        lo = sum % TWO_32
        hi = (hi + (next < 0 ? 0xffffffff : 0) + (sum >= TWO_32 ? 1 : 0)) >>> 0
        // (hi * 2^32 + lo) mod bucket, shifting by 16 bits at a time to stay exact.
        const row = this.tokens.bucketRow((((((hi % bucket) * 65536) % bucket) * 65536) % bucket + lo) % bucket)
        if (row >= 0) this.addRow(row)
      }
    }
  }

  /** fastText's HierarchicalSoftmaxLoss::dfs: keeps the topK best leaves, pruning by score. */
  private walk(node: number, score: number): void {
    if (score < this.minScore) return
    if (this.topSize === this.topK && score < this.topScores[this.topSize - 1]!) return
    const nlabels = this.labels.length
    if (node < nlabels) {
      this.keep(node, score)
      return
    }
    let f = this.dot(node - nlabels)
    f = fround(1 / fround(1 + fround(Math.exp(-f))))
    this.walk(this.left[node]!, fround(score + stdLog(fround(1 - f))))
    this.walk(this.right[node]!, fround(score + stdLog(f)))
  }

  private keep(label: number, score: number): void {
    const scores = this.topScores
    const labels = this.topLabels
    let i = this.topSize < this.topK ? this.topSize++ : this.topSize - 1
    for (; i > 0 && scores[i - 1]! < score; i--) {
      scores[i] = scores[i - 1]!
      labels[i] = labels[i - 1]!
    }
    scores[i] = score
    labels[i] = label
  }

  private dot(row: number): number {
    const hidden = this.hidden
    const output = this.output
    const offset = row * this.dim
    let sum = 0
    for (let j = 0; j < this.dim; j++) sum = fround(sum + fround(hidden[j]! * output[offset + j]!))
    return this.outputNorms ? fround(sum * this.outputNorms[row]!) : sum
  }
}

/** fastText's log of a probability: float, with 1e-5 added so that 0 has one. */
function stdLog(x: number): number {
  return fround(Math.log(x + 1e-5))
}

function grow(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(length)
  bigger.set(array)
  return bigger
}

/**
 * A matrix's rows as floats: a quantized row is the concatenation of its sub-vectors'
 * centroids; its quantized norm (when the matrix has them) comes apart in `norms`.
 */
function dequantize(matrix: FastTextMatrix): { data: Float32Array; norms: Float32Array | null } {
  if (matrix.kind === 'dense') return { data: matrix.data, norms: null }
  const { rows, cols, codes, pq } = matrix
  const data = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    for (let m = 0; m < pq.nsubq; m++) {
      const d = m === pq.nsubq - 1 ? pq.lastdsub : pq.dsub
      const code = codes[r * pq.nsubq + m]!
      // The last sub-quantizer's centroids are packed with its own (shorter) width.
      const at = m * 256 * pq.dsub + code * d
      for (let n = 0; n < d; n++) data[r * cols + m * pq.dsub + n] = pq.centroids[at + n]!
    }
  }
  if (!matrix.norms) return { data, norms: null }
  const norms = new Float32Array(rows)
  for (let r = 0; r < rows; r++) norms[r] = matrix.norms.pq.centroids[matrix.norms.codes[r]!]!
  return { data, norms }
}

/** Rows multiplied by their norms as fastText's addcode does, `x += norm * c`, rounded to float once here. */
function scaleRows(data: Float32Array, norms: Float32Array, dim: number): Float32Array {
  const scaled = new Float32Array(data.length)
  for (let i = 0; i < data.length; i++) scaled[i] = fround(norms[Math.floor(i / dim)]! * data[i]!)
  return scaled
}

/**
 * fastText's Huffman tree over the label counts (sorted most frequent first): leaves are
 * 0..n-1, internal nodes n..2n-2 are made in turn from the two least counted free nodes.
 */
function huffmanTree(counts: readonly number[]): { left: Int32Array; right: Int32Array } {
  const n = counts.length
  const count = new Float64Array(2 * n - 1).fill(1e15)
  count.set(counts)
  const left = new Int32Array(2 * n - 1).fill(-1)
  const right = new Int32Array(2 * n - 1).fill(-1)
  let leaf = n - 1
  let node = n
  for (let i = n; i < 2 * n - 1; i++) {
    const pick = (): number => (leaf >= 0 && count[leaf]! < count[node]! ? leaf-- : node++)
    const a = pick()
    const b = pick()
    left[i] = a
    right[i] = b
    count[i] = count[a]! + count[b]!
  }
  return { left, right }
}
