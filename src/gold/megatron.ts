import { StrataError } from '../core/errors.ts'
import { DEFAULT_BUFFER_BYTES, DTYPE_BYTES, ShardFile } from './token-file.ts'

/** The dtypes Megatron-LM stores token ids in, as its `optimal_dtype` picks them. */
export type MegatronDtype = 'uint16' | 'int32'

/** The numeric codes of Megatron-LM's `DType` enum that `.idx` files carry. */
export const MEGATRON_DTYPE_CODE: { readonly [D in MegatronDtype]: number } = { uint16: 8, int32: 4 }

/** The first bytes of every `.idx` file ("MMIDIDX" and two zero bytes). */
const MEGATRON_INDEX_MAGIC = new Uint8Array([0x4d, 0x4d, 0x49, 0x44, 0x49, 0x44, 0x58, 0x00, 0x00])

/** The dtype Megatron-LM uses for a vocabulary of `vocabSize` tokens: uint16 below 65 500, else int32. */
export function megatronDtype(vocabSize: number): MegatronDtype {
  if (!Number.isSafeInteger(vocabSize) || vocabSize <= 0) {
    throw new StrataError('invalid_argument', `vocabulary size ${vocabSize} is not a positive integer`)
  }
  return vocabSize < 65500 ? 'uint16' : 'int32'
}

export interface MegatronWriterOptions {
  /** The folder the files go to; created if missing. */
  readonly dir: string
  /** The file name before `.bin` and `.idx`, as Megatron's `--data-path` names the dataset. */
  readonly prefix: string
  /** The tokenizer's vocabulary size, which picks the dtype (see `megatronDtype`). */
  readonly vocabSize: number
  /** Bytes buffered per write, a multiple of 8 (default 4 MiB). */
  readonly bufferBytes?: number
}

/** What a finished writer wrote. */
export interface MegatronShard {
  readonly binPath: string
  readonly idxPath: string
  readonly dtype: MegatronDtype
  readonly documents: number
  readonly tokens: number
}

/** The 9-byte magic, version, dtype code and the two counts. */
const HEADER_BYTES = 34

/**
 * Writes documents of token ids as a Megatron-LM indexed dataset (`MMIDIDX`, version 1):
 * `<prefix>.bin` holds the tokens back to back, `<prefix>.idx` the header, then per sequence
 * its length (int32) and byte offset (int64), then the document indices (int64) that mark
 * where each document's sequences end, led by 0. Each document is one sequence, so the
 * header's document count is documents + 1, as Megatron counts it.
 *
 * Tokens stream to `.bin` through a fixed buffer; only the sequence lengths stay in memory
 * until `finish` writes the `.idx`.
 */
export class MegatronWriter {
  /** The dtype token ids are stored in. */
  readonly dtype: MegatronDtype
  readonly #dir: string
  readonly #prefix: string
  readonly #bufferBytes: number
  readonly #bin: ShardFile
  readonly #lengths: number[] = []
  #tokens = 0
  #finished = false

  private constructor(options: MegatronWriterOptions, dtype: MegatronDtype, bin: ShardFile) {
    this.dtype = dtype
    this.#dir = options.dir
    this.#prefix = options.prefix
    this.#bufferBytes = options.bufferBytes ?? DEFAULT_BUFFER_BYTES
    this.#bin = bin
  }

  /** Creates `<prefix>.bin` (truncating one that exists) and returns a writer for it. */
  static async open(options: MegatronWriterOptions): Promise<MegatronWriter> {
    const dtype = megatronDtype(options.vocabSize)
    const bin = await ShardFile.create(options.dir, `${options.prefix}.bin`, options.bufferBytes)
    return new MegatronWriter(options, dtype, bin)
  }

  /** Documents written so far. */
  get documents(): number {
    return this.#lengths.length
  }

  /**
   * Appends one document. A token id that does not fit the dtype is a
   * StrataError('invalid_argument') naming the document's number (the count of documents
   * written before it) and the id; that document is left out and the writer stays usable.
   */
  async add(tokens: ArrayLike<number>): Promise<void> {
    if (this.#finished) throw new StrataError('invalid_argument', `megatron writer for ${this.#bin.path} is already finished`)
    const document = this.#lengths.length
    if (tokens.length > 0x7fffffff) {
      throw new StrataError('invalid_argument', `document ${document} has ${tokens.length} tokens; a Megatron sequence holds at most 2147483647`)
    }
    await this.#bin.putTokens(tokens, this.dtype, document)
    this.#lengths.push(tokens.length)
    this.#tokens += tokens.length
  }

  /** Closes `.bin`, writes `.idx`, and says what was written. */
  async finish(): Promise<MegatronShard> {
    if (this.#finished) throw new StrataError('invalid_argument', `megatron writer for ${this.#bin.path} is already finished`)
    this.#finished = true
    await this.#bin.close()
    const idx = await ShardFile.create(this.#dir, `${this.#prefix}.idx`, this.#bufferBytes)
    try {
      const lengths = this.#lengths
      const header = new DataView(new ArrayBuffer(HEADER_BYTES))
      MEGATRON_INDEX_MAGIC.forEach((b, i) => header.setUint8(i, b))
      header.setBigUint64(9, 1n, true)
      header.setUint8(17, MEGATRON_DTYPE_CODE[this.dtype])
      header.setBigUint64(18, BigInt(lengths.length), true)
      header.setBigUint64(26, BigInt(lengths.length + 1), true)
      await idx.putBytes(new Uint8Array(header.buffer))
      await idx.putInt32s(lengths.length, (i) => lengths[i])
      const width = DTYPE_BYTES[this.dtype]
      let pointer = 0
      await idx.putUint64s(lengths.length, (i) => {
        const at = pointer
        pointer += lengths[i] * width
        return at
      })
      await idx.putUint64s(lengths.length + 1, (i) => i)
    } finally {
      await idx.close()
    }
    return { binPath: this.#bin.path, idxPath: idx.path, dtype: this.dtype, documents: this.#lengths.length, tokens: this.#tokens }
  }
}
