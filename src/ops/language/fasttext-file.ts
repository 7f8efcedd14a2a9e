import { StrataError } from '../../core/errors.ts'

/**
 * The contents of a fastText model file (`.bin` or its quantized `.ftz`), as fastText's
 * `FastText::loadModel` reads it: little-endian, in this order: magic and version, the
 * training arguments, the dictionary (words then labels, each a NUL-terminated UTF-8
 * string with its count and type), the pruned-bucket index of a quantized model, then the
 * input and output matrices, each dense or product-quantized. Nothing is interpreted
 * here beyond what reading needs; `fasttext-model.ts` turns it into a predictor.
 */
export interface FastTextFile {
  readonly version: number
  readonly args: FastTextArgs
  /** Dictionary entries in id order: the `nwords` words first, then the labels. */
  readonly entries: readonly FastTextEntry[]
  readonly nwords: number
  readonly nlabels: number
  /**
   * A quantized model keeps only some char n-gram buckets: bucket → its row among the
   * kept ones (rows then start after the words). Null when no bucket was pruned.
   */
  readonly pruned: ReadonlyMap<number, number> | null
  readonly input: FastTextMatrix
  readonly output: FastTextMatrix
}

export interface FastTextArgs {
  readonly dim: number
  readonly ws: number
  readonly epoch: number
  readonly minCount: number
  readonly neg: number
  readonly wordNgrams: number
  readonly loss: LossName
  readonly model: ModelName
  readonly bucket: number
  readonly minn: number
  readonly maxn: number
  readonly lrUpdateRate: number
  readonly t: number
}

export type LossName = 'hs' | 'ns' | 'softmax' | 'ova'
export type ModelName = 'cbow' | 'sg' | 'sup'

export interface FastTextEntry {
  /** The word or label as its UTF-8 bytes, which is what fastText hashes and compares. */
  readonly bytes: Uint8Array
  readonly count: number
  readonly type: 'word' | 'label'
}

export type FastTextMatrix = DenseMatrix | QuantMatrix

export interface DenseMatrix {
  readonly kind: 'dense'
  readonly rows: number
  readonly cols: number
  readonly data: Float32Array
}

/**
 * Rows cut into `nsubq` sub-vectors of `dsub` floats (the last of `lastdsub`), each stored
 * as the byte index of one of 256 centroids; with `norms`, rows were unit vectors and
 * each has a quantized norm (a 1-dimensional quantizer) to scale them back.
 */
export interface QuantMatrix {
  readonly kind: 'quantized'
  readonly rows: number
  readonly cols: number
  readonly codes: Uint8Array
  readonly pq: ProductQuantizer
  readonly norms: { readonly codes: Uint8Array; readonly pq: ProductQuantizer } | null
}

export interface ProductQuantizer {
  readonly dim: number
  readonly nsubq: number
  readonly dsub: number
  readonly lastdsub: number
  /** 256 centroids per sub-quantizer, `dim * 256` floats. */
  readonly centroids: Float32Array
}

const MAGIC = 793712314
// fastText 0.9 writes version 12; 11 is the format before char n-grams in supervised models.
const NEWEST_VERSION = 12
const KSUB = 256
const LOSSES: readonly LossName[] = ['hs', 'ns', 'softmax', 'ova']
const MODELS: readonly ModelName[] = ['cbow', 'sg', 'sup']

/** Reads a fastText model file's bytes; throws `corrupt_file` when they are not one. */
export function readFastTextFile(bytes: Uint8Array, name = 'the model'): FastTextFile {
  const r = new Reader(bytes, name)
  const magic = r.i32()
  const version = r.i32()
  if (magic !== MAGIC || version > NEWEST_VERSION) {
    throw new StrataError('corrupt_file', `${name} is not a fastText model (magic ${magic}, version ${version}; expected ${MAGIC}, version <= ${NEWEST_VERSION})`)
  }
  const args = readArgs(r, version)
  const size = r.i32()
  const nwords = r.i32()
  const nlabels = r.i32()
  r.i64() // ntokens: only training uses it
  const pruneSize = r.i64()
  if (size !== nwords + nlabels || nwords < 0 || nlabels < 0) {
    throw new StrataError('corrupt_file', `${name}: dictionary of ${size} entries is not ${nwords} words + ${nlabels} labels`)
  }
  const entries: FastTextEntry[] = []
  for (let i = 0; i < size; i++) {
    const bytes = r.cstring()
    const count = r.i64()
    const type = r.u8()
    if (type > 1) throw new StrataError('corrupt_file', `${name}: dictionary entry ${i} has type ${type}, not 0 (word) or 1 (label)`)
    entries.push({ bytes, count, type: type === 0 ? 'word' : 'label' })
  }
  let pruned: Map<number, number> | null = null
  if (pruneSize >= 0) {
    pruned = new Map()
    for (let i = 0; i < pruneSize; i++) pruned.set(r.i32(), r.i32())
  }
  const quantInput = r.bool()
  const input = quantInput ? readQuantMatrix(r) : readDenseMatrix(r)
  if (!quantInput && pruned !== null) {
    throw new StrataError('corrupt_file', `${name} has a pruned dictionary but a dense input matrix: it was saved by an old fastText (see fastText issue #332)`)
  }
  const quantOutput = r.bool()
  const output = quantInput && quantOutput ? readQuantMatrix(r) : readDenseMatrix(r)
  if (r.offset !== bytes.length) {
    throw new StrataError('corrupt_file', `${name} has ${bytes.length - r.offset} bytes after the output matrix`)
  }
  if (input.cols !== args.dim || output.cols !== args.dim) {
    throw new StrataError('corrupt_file', `${name}: matrices of ${input.cols} and ${output.cols} columns for dim ${args.dim}`)
  }
  // A row per word, then per n-gram bucket (only the kept ones when pruned).
  const inputRows = nwords + (pruned ? pruned.size : args.bucket)
  if (input.rows !== inputRows) {
    throw new StrataError('corrupt_file', `${name}: the input matrix has ${input.rows} rows, not ${inputRows} (${nwords} words and their n-gram buckets)`)
  }
  return { version, args, entries, nwords, nlabels, pruned, input, output }
}

function readArgs(r: Reader, version: number): FastTextArgs {
  const dim = r.i32()
  const ws = r.i32()
  const epoch = r.i32()
  const minCount = r.i32()
  const neg = r.i32()
  const wordNgrams = r.i32()
  const lossCode = r.i32()
  const modelCode = r.i32()
  const bucket = r.i32()
  const minn = r.i32()
  let maxn = r.i32()
  const lrUpdateRate = r.i32()
  const t = r.f64()
  const loss = LOSSES[lossCode - 1]
  const model = MODELS[modelCode - 1]
  if (!loss || !model) throw new StrataError('corrupt_file', `${r.name}: unknown loss ${lossCode} or model ${modelCode}`)
  // As fastText: supervised models of format 11 predate char n-grams.
  if (version === 11 && model === 'sup') maxn = 0
  return { dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn, maxn, lrUpdateRate, t }
}

function readDenseMatrix(r: Reader): DenseMatrix {
  const rows = r.i64()
  const cols = r.i64()
  return { kind: 'dense', rows, cols, data: r.f32s(rows * cols) }
}

function readQuantMatrix(r: Reader): QuantMatrix {
  const qnorm = r.bool()
  const rows = r.i64()
  const cols = r.i64()
  const codeSize = r.i32()
  const codes = r.block(codeSize)
  const pq = readQuantizer(r)
  if (codeSize !== rows * pq.nsubq || pq.dim !== cols) {
    throw new StrataError('corrupt_file', `${r.name}: ${codeSize} codes for ${rows} rows of ${pq.nsubq} sub-vectors (dim ${pq.dim}, ${cols} columns)`)
  }
  const norms = qnorm ? { codes: r.block(rows), pq: readQuantizer(r) } : null
  return { kind: 'quantized', rows, cols, codes, pq, norms }
}

function readQuantizer(r: Reader): ProductQuantizer {
  const dim = r.i32()
  const nsubq = r.i32()
  const dsub = r.i32()
  const lastdsub = r.i32()
  if (dim <= 0 || dsub <= 0 || nsubq !== Math.ceil(dim / dsub) || lastdsub !== dim - (nsubq - 1) * dsub) {
    throw new StrataError('corrupt_file', `${r.name}: product quantizer of dim ${dim} with ${nsubq} sub-vectors of ${dsub} (last ${lastdsub}) is inconsistent`)
  }
  return { dim, nsubq, dsub, lastdsub, centroids: r.f32s(dim * KSUB) }
}

/** Sequential little-endian reads that name the file and the offset when it ends early. */
class Reader {
  readonly bytes: Uint8Array
  readonly name: string
  readonly view: DataView
  offset = 0

  constructor(bytes: Uint8Array, name: string) {
    // A plain view, so that slice copies even when given a Node Buffer (whose slice does not).
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.name = name
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  private take(n: number): number {
    const at = this.offset
    if (n < 0 || at + n > this.bytes.length) {
      throw new StrataError('corrupt_file', `${this.name} is truncated: ${n} bytes needed at offset ${at}, ${this.bytes.length - at} left`)
    }
    this.offset = at + n
    return at
  }

  u8(): number {
    return this.bytes[this.take(1)]!
  }

  bool(): boolean {
    return this.u8() !== 0
  }

  i32(): number {
    return this.view.getInt32(this.take(4), true)
  }

  i64(): number {
    const value = this.view.getBigInt64(this.take(8), true)
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new StrataError('corrupt_file', `${this.name}: integer ${value} at offset ${this.offset - 8} is out of range`)
    }
    return Number(value)
  }

  f64(): number {
    return this.view.getFloat64(this.take(8), true)
  }

  block(n: number): Uint8Array {
    const at = this.take(n)
    return this.bytes.slice(at, at + n)
  }

  /** Copies the floats out: the file's offset need not be 4-aligned. */
  f32s(n: number): Float32Array {
    const at = this.take(n * 4)
    return new Float32Array(this.bytes.slice(at, at + n * 4).buffer)
  }

  cstring(): Uint8Array {
    const end = this.bytes.indexOf(0, this.offset)
    if (end < 0) throw new StrataError('corrupt_file', `${this.name} is truncated: a dictionary entry at offset ${this.offset} has no end`)
    const word = this.bytes.slice(this.offset, end)
    this.offset = end + 1
    return word
  }
}
