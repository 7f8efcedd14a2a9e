import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { StrataError } from '../../core/errors.ts'
import { ByteLevelPieces } from './byte-level.ts'
import { ByteLevelPreTokenizer, SequencePreTokenizer, Tokenizer, type HfTokenizerLike, type PreTokenizerLike, type TokenizerModelLike } from './hf-library.ts'
import { MetaspacePieces, type MetaspaceJson } from './metaspace.ts'
import { serdeF64 } from './serde-float.ts'
import type { TokenBuffer } from './token-buffer.ts'
import type { TokenEncoder } from './token-encoder.ts'
import { RustUnigram, type UnigramJson } from './unigram.ts'

interface AddedTokenJson {
  readonly id: number
  readonly content: string
  readonly special?: boolean
}

/**
 * `pre`, built by the port from `json`, with its ByteLevel and Metaspace pre-tokenizers (alone
 * or in a Sequence) replaced by ones that cut text as the Rust library does.
 */
function asRust(pre: PreTokenizerLike | null, json: { type?: string; pretokenizers?: unknown[] } | null | undefined): PreTokenizerLike | null {
  if (pre instanceof ByteLevelPreTokenizer) return new ByteLevelPieces(pre.add_prefix_space, pre.use_regex)
  if (json?.type === 'Metaspace') return new MetaspacePieces(json as MetaspaceJson)
  if (pre instanceof SequencePreTokenizer) pre.tokenizers = pre.tokenizers.map((inner, i) => asRust(inner, json?.pretokenizers?.[i] as typeof json))
  return pre
}

// Pre-tokens (words, mostly) recur, so their ids are cached; see OpenAiEncoding's cache.
const CACHE_ENTRIES = 1 << 17
const CACHE_PIECE_CHARS = 64

/**
 * A Hugging Face `tokenizer.json` (BPE, WordPiece or Unigram, with its normalizer and
 * pre-tokenizer), run by `@huggingface/tokenizers`, the pure JavaScript port. Encodes as the
 * Rust library does with `encode_special_tokens = True` and `add_special_tokens=False`:
 * special tokens written in the text are ordinary text, and the post-processor's template
 * (`<s> $A </s>`) is not applied, since BOS and EOS are the step's to add.
 *
 * Where the port parts from the Rust library, Strata follows the library: the port's
 * ByteLevel and Metaspace pre-tokenizers and Unigram model are replaced (`ByteLevelPieces`,
 * `MetaspacePieces`, `RustUnigram`), and a Unigram model's scores are read as Rust reads
 * them (`serdeF64`). The port's `encode` runs at about 1 MB/s: per pre-token it allocates
 * byte arrays, keeps an LRU cache (four map operations) and maps token strings to ids. So,
 * unless the file adds non-special tokens (which only `encode` cuts out of the text), this
 * runs the port's normalizer, pre-tokenizer and model itself, and caches each pre-token's ids.
 */
export class HfTokenizer implements TokenEncoder {
  readonly name: string
  readonly #tokenizer: HfTokenizerLike
  readonly #model: TokenizerModelLike
  readonly #special: ReadonlyMap<string, number>
  readonly #composed: boolean
  // A pre-token's id, or -1 - i for one of several tokens whose ids are `#sequences[i]`.
  readonly #cache = new Map<string, number>()
  #sequences: number[][] = []

  private constructor(name: string, tokenizer: HfTokenizerLike, special: ReadonlyMap<string, number>, composed: boolean) {
    this.name = name
    this.#tokenizer = tokenizer
    this.#model = tokenizer.model!
    this.#special = special
    this.#composed = composed
  }

  /** Reads and parses the tokenizer.json at `file` (relative to the working directory). */
  static async load(file: string): Promise<HfTokenizer> {
    const full = path.resolve(file)
    let text: string
    try {
      text = await readFile(full, 'utf8')
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ENOENT') throw new StrataError('not_found', `tokenize: tokenizer file ${full} does not exist`, { cause: e })
      throw new StrataError('invalid_argument', `tokenize: tokenizer file ${full} cannot be read (${code ?? (e as Error).message})`, { cause: e })
    }
    const notATokenizer = (why: string, cause?: unknown) =>
      new StrataError('invalid_argument', `tokenize: ${full} is not a Hugging Face tokenizer.json: ${why}`, { cause })
    let json: Record<string, unknown>
    try {
      json = JSON.parse(text)
    } catch (e) {
      throw notATokenizer(`invalid JSON (${(e as Error).message})`, e)
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw notATokenizer('not a JSON object')
    const model = json.model as { type?: string; vocab?: unknown } | null
    if (model === null || typeof model !== 'object') throw notATokenizer('no "model" object')
    const unigram = model.type === 'Unigram' || (model.type === undefined && Array.isArray(model.vocab))
    if (unigram) {
      // A Unigram model's scores as the Rust library reads them, from their text: `JSON.parse`
      // rounds about a quarter of them otherwise, which decides between segmentations that tie.
      json = JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
        typeof value === 'number' ? serdeF64(context?.source ?? String(value)) : value,
      )
    }
    const added = (Array.isArray(json.added_tokens) ? json.added_tokens : []) as AddedTokenJson[]
    const special = new Map(added.filter((t) => t.special === true).map((t) => [t.content, t.id]))
    const ordinary = added.filter((t) => t.special !== true)
    let tokenizer: HfTokenizerLike
    try {
      // Without its special tokens in `added_tokens`, the tokenizer does not cut them out of the
      // text; they remain in the model's vocabulary, as the Rust library keeps them.
      tokenizer = new Tokenizer({ normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, ...json, added_tokens: ordinary }, {})
    } catch (e) {
      throw notATokenizer((e as Error).message, e)
    }
    tokenizer.pre_tokenizer = asRust(tokenizer.pre_tokenizer, json.pre_tokenizer as Parameters<typeof asRust>[1])
    if (unigram) {
      try {
        tokenizer.model = new RustUnigram(tokenizer.model!, json.model as UnigramJson)
      } catch (e) {
        throw new StrataError('unsupported_feature', `tokenize: ${full}: ${(e as Error).message}`, { cause: e })
      }
    }
    return new HfTokenizer(full, tokenizer, special, ordinary.length === 0)
  }

  encode(text: string, out: TokenBuffer): void {
    if (!this.#composed) {
      for (const id of this.#tokenizer.encode(text, { add_special_tokens: false }).ids) out.push(id)
      return
    }
    // What the port's `encode` does when no added token is in the text: the post-processor
    // changes nothing without special tokens, and the model encodes each pre-token alone
    // (as the Rust library does; the port would fuse unknown tokens across pre-tokens).
    const { normalizer, pre_tokenizer } = this.#tokenizer
    const normalized = normalizer ? normalizer(text) : text
    if (normalized === '') return
    const pieces = pre_tokenizer ? pre_tokenizer(normalized, { section_index: 0 }) : [normalized]
    for (const piece of pieces) {
      const cached = this.#cache.get(piece)
      if (cached === undefined) this.#encodePiece(piece, out)
      else if (cached >= 0) out.push(cached)
      else for (const id of this.#sequences[-1 - cached]!) out.push(id)
    }
  }

  tokenId(token: string): number | undefined {
    return this.#special.get(token) ?? this.#tokenizer.token_to_id(token)
  }

  #encodePiece(piece: string, out: TokenBuffer): void {
    const model = this.#model
    const ids = model([piece]).map((token) => {
      const id = model.tokens_to_ids.get(token) ?? model.unk_token_id
      // The models return tokens of their vocabulary, or their unknown token.
      if (id === undefined) throw new Error(`${this.name}: token '${token}' has no id`)
      return id
    })
    for (const id of ids) out.push(id)
    if (piece.length > CACHE_PIECE_CHARS) return
    if (this.#cache.size >= CACHE_ENTRIES) {
      this.#cache.clear()
      this.#sequences = []
    }
    this.#cache.set(piece, ids.length === 1 ? ids[0]! : -1 - (this.#sequences.push(ids) - 1))
  }
}
