import { writeFile } from 'node:fs/promises'
import { StrataError } from '../core/errors.ts'
import { DEFAULT_BUFFER_BYTES, ShardFile } from './token-file.ts'

/** The dtypes datatrove stores token ids in: uint16 (token size 2) or uint32 (token size 4). */
export type DatatroveDtype = 'uint16' | 'uint32'

/**
 * The dtype datatrove's tokenizer steps use for a vocabulary of `vocabSize` tokens: uint16 up
 * to 65 536 tokens, else uint32.
 */
export function datatroveDtype(vocabSize: number): DatatroveDtype {
  if (!Number.isSafeInteger(vocabSize) || vocabSize <= 0) {
    throw new StrataError('invalid_argument', `vocabulary size ${vocabSize} is not a positive integer`)
  }
  return vocabSize > 65536 ? 'uint32' : 'uint16'
}

export interface DatatroveTokenWriterOptions {
  /** The folder the files go to; created if missing. */
  readonly dir: string
  /** The file name before `.ds`, e.g. `000_train` as datatrove's merger names its outputs. */
  readonly name: string
  /** The tokenizer's vocabulary size, which picks the dtype (see `datatroveDtype`). */
  readonly vocabSize: number
  /** The tokenizer's name or path, recorded in `.ds.metadata` as datatrove does. */
  readonly tokenizer: string
  /** Bytes buffered per write, a multiple of 8 (default 4 MiB). */
  readonly bufferBytes?: number
}

/** What a finished writer wrote. */
export interface DatatroveTokenShard {
  readonly dataPath: string
  readonly indexPath: string
  readonly metadataPath: string
  readonly dtype: DatatroveDtype
  readonly documents: number
  readonly tokens: number
}

/**
 * Writes documents of token ids as datatrove's `DocumentTokenizer` and
 * `DocumentTokenizerMerger` do: `<name>.ds` holds the tokens back to back, `<name>.ds.index`
 * each document's end position in tokens (uint64), and `<name>.ds.metadata` three lines —
 * `<tokenizer>|<token size>`, the token count, and the count with an SI prefix — which the
 * merger reads to learn the token size (without it, it assumes 2 bytes).
 *
 * Tokens stream to `.ds` through a fixed buffer; only the document ends stay in memory until
 * `finish` writes the index.
 */
export class DatatroveTokenWriter {
  /** The dtype token ids are stored in. */
  readonly dtype: DatatroveDtype
  readonly #options: DatatroveTokenWriterOptions
  readonly #data: ShardFile
  readonly #ends: number[] = []
  #tokens = 0
  #finished = false

  private constructor(options: DatatroveTokenWriterOptions, dtype: DatatroveDtype, data: ShardFile) {
    this.dtype = dtype
    this.#options = options
    this.#data = data
  }

  /** Creates `<name>.ds` (truncating one that exists) and returns a writer for it. */
  static async open(options: DatatroveTokenWriterOptions): Promise<DatatroveTokenWriter> {
    const dtype = datatroveDtype(options.vocabSize)
    // The merger splits the metadata's first line at '|' into exactly two parts.
    if (options.tokenizer === '' || /[|\r\n]/.test(options.tokenizer)) {
      throw new StrataError('invalid_argument', `tokenizer name '${options.tokenizer}' must be non-empty, without '|' or line breaks`)
    }
    const data = await ShardFile.create(options.dir, `${options.name}.ds`, options.bufferBytes)
    return new DatatroveTokenWriter(options, dtype, data)
  }

  /** Documents written so far. */
  get documents(): number {
    return this.#ends.length
  }

  /**
   * Appends one document. A token id that does not fit the dtype is a
   * StrataError('invalid_argument') naming the document's number (the count of documents
   * written before it) and the id; that document is left out and the writer stays usable.
   */
  async add(tokens: ArrayLike<number>): Promise<void> {
    if (this.#finished) throw new StrataError('invalid_argument', `datatrove token writer for ${this.#data.path} is already finished`)
    await this.#data.putTokens(tokens, this.dtype, this.#ends.length)
    this.#tokens += tokens.length
    this.#ends.push(this.#tokens)
  }

  /** Closes `.ds`, writes `.ds.index` and `.ds.metadata`, and says what was written. */
  async finish(): Promise<DatatroveTokenShard> {
    if (this.#finished) throw new StrataError('invalid_argument', `datatrove token writer for ${this.#data.path} is already finished`)
    this.#finished = true
    await this.#data.close()
    const { dir, name, tokenizer, bufferBytes = DEFAULT_BUFFER_BYTES } = this.#options
    const index = await ShardFile.create(dir, `${name}.ds.index`, bufferBytes)
    try {
      const ends = this.#ends
      await index.putUint64s(ends.length, (i) => ends[i])
    } finally {
      await index.close()
    }
    const metadataPath = `${this.#data.path}.metadata`
    const tokenSize = this.dtype === 'uint16' ? 2 : 4
    await writeFile(metadataPath, `${tokenizer}|${tokenSize}\n${this.#tokens}\n${formatTokenCount(this.#tokens)}`)
    return {
      dataPath: this.#data.path,
      indexPath: index.path,
      metadataPath,
      dtype: this.dtype,
      documents: this.#ends.length,
      tokens: this.#tokens,
    }
  }
}

/**
 * A token count as datatrove's metadata spells it (humanize's `metric(count, unit="T")`):
 * three significant digits and an SI prefix, e.g. `0.00 T`, `123 T`, `1.23 MT`, `1.00 MT`
 * for 999 999. Rounding is Python's: the binary value of the scaled count, ties to even.
 */
export function formatTokenCount(count: number): string {
  // humanize takes floor(log10(count)), which is one too high for counts just below 10^15
  // (log10 rounds to 15.0); the digit count is exact, and the carry below spells both alike.
  let exponent = String(count).length - 1
  let bucket = exponent - (exponent % 3)
  let scaled = count / 10 ** bucket
  let digits = 2 - (exponent % 3)
  // A count that rounds up to the next power of ten takes the next prefix: 999 999 is 1.00 M, not 1000 k.
  if (Number(toFixedHalfEven(scaled, digits)) >= 10 ** ((exponent % 3) + 1)) {
    exponent += 1
    const next = exponent - (exponent % 3)
    scaled /= 10 ** (next - bucket)
    bucket = next
    digits = 2 - (exponent % 3)
  }
  const prefix = bucket === 0 ? '' : 'kMGTPEZYRQ'[bucket / 3 - 1]
  return `${toFixedHalfEven(scaled, digits)} ${prefix}T`
}

const EXACT_TIE_TAIL = `5${'0'.repeat(59)}`

// `toFixed` rounds the exact binary value but breaks an exact tie upward; Python breaks it to
// even. Sixty more digits spell any double below 10 000 exactly, which shows a tie.
function toFixedHalfEven(x: number, digits: number): string {
  const fixed = x.toFixed(digits)
  const exact = x.toFixed(digits + 60)
  const last = fixed.charCodeAt(fixed.length - 1) - 48
  if (exact.endsWith(EXACT_TIE_TAIL) && last % 2 === 1) return fixed.slice(0, -1) + String(last - 1)
  return fixed
}
