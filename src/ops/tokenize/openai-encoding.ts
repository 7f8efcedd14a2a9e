import { BytePairMerger } from './byte-pair-merge.ts'
import { PairRanks } from './pair-ranks.ts'
import { MISSING, PieceCache } from './piece-cache.ts'
import { piecePattern, type OpenAiEncodingName } from './piece-patterns.ts'
import type { TokenBuffer } from './token-buffer.ts'
import type { TokenEncoder } from './token-encoder.ts'

// tiktoken_ext/openai_public.py's special tokens. gpt-tokenizer's tables differ (it adds the
// chat tokens and numbers o200k's <|endofprompt|> 200006), so a BOS/EOS must not come from it.
const SPECIAL_TOKENS: Record<OpenAiEncodingName, Readonly<Record<string, number>>> = {
  cl100k_base: { '<|endoftext|>': 100257, '<|fim_prefix|>': 100258, '<|fim_middle|>': 100259, '<|fim_suffix|>': 100260, '<|endofprompt|>': 100276 },
  o200k_base: { '<|endoftext|>': 199999, '<|endofprompt|>': 200018 },
}

// Words recur, so most pieces are found in a cache of pieces seen before, whose hits cost far
// less than a merge. Bounded (about 10 MB), and emptied when full.
const CACHE_ENTRIES = 1 << 18
// Longer pieces (runs of letters or symbols with no space) seldom recur and would bloat the cache.
const CACHE_PIECE_CHARS = 64

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * An OpenAI encoding, with gpt-tokenizer's copies of OpenAI's rank files (proven equal by the
 * tokenizer fixture, whose rank files tiktoken accepts by SHA-256) and tiktoken's rules:
 * pieces cut by `piecePattern`, each a token if the vocabulary has it whole, else
 * byte-pair merged. Encodes like tiktoken's `encode_ordinary`. gpt-tokenizer's own encoder
 * is not used: it is twice as slow on plain English and ten times on web pages (a hash
 * lookup in the whole rank table per piece, an LRU cache, byte arrays per merge), loses
 * U+FEFF inside merges (its TextDecoder strips a leading byte-order mark) and splits on
 * JavaScript's `\s`.
 */
export class OpenAiEncoding implements TokenEncoder {
  readonly name: OpenAiEncodingName
  readonly #pattern: RegExp
  // The tokens whose bytes are UTF-8 text, by that text: what a piece is looked up by.
  readonly #vocabulary: PieceCache
  readonly #merger: BytePairMerger
  // A piece's id, or -1 - i for a piece of several tokens whose ids are `#sequences[i]`.
  readonly #cache = new PieceCache(CACHE_ENTRIES)
  #sequences: number[][] = []
  #bytes = Buffer.alloc(1024)
  readonly #ids: number[] = []

  private constructor(name: OpenAiEncodingName, vocabulary: PieceCache, merger: BytePairMerger) {
    this.name = name
    this.#pattern = piecePattern(name)
    this.#vocabulary = vocabulary
    this.#merger = merger
  }

  /** Loads the encoding's ranks from gpt-tokenizer and indexes them (about a second for o200k_base). */
  static async load(name: OpenAiEncodingName): Promise<OpenAiEncoding> {
    const table = name === 'cl100k_base' ? (await import('gpt-tokenizer/bpeRanks/cl100k_base')).default : (await import('gpt-tokenizer/bpeRanks/o200k_base')).default
    const tokens = table.map((token) => (typeof token === 'string' ? Buffer.from(token, 'utf8') : Buffer.from(token)))
    // Each token's bytes as a latin1 string (one character per byte, whatever the bytes), to find pairs by.
    const spelled = tokens.map((bytes) => bytes.toString('latin1'))
    const ranks = new Map(spelled.map((bytes, rank) => [bytes, rank]))
    const vocabulary = new PieceCache(2 ** Math.ceil(Math.log2(tokens.length)))
    tokens.forEach((bytes, rank) => {
      let text: string
      try {
        text = utf8.decode(bytes)
      } catch {
        return // not UTF-8 alone: only ever a part of a merge
      }
      vocabulary.add(text, 0, text.length, rank)
    })
    const byteIds = Int32Array.from({ length: 256 }, (_, b) => ranks.get(String.fromCharCode(b))!)
    return new OpenAiEncoding(name, vocabulary, new BytePairMerger(new PairRanks(spelled, ranks), byteIds))
  }

  encode(text: string, out: TokenBuffer): void {
    const pattern = this.#pattern
    const cache = this.#cache
    const length = text.length
    for (let start = 0; start < length; ) {
      pattern.lastIndex = start
      // Unreachable: some alternative of the pattern matches at every position.
      if (!pattern.test(text)) throw new Error(`${this.name}: no piece matches at offset ${start}`)
      const end = pattern.lastIndex
      const cached = end - start <= CACHE_PIECE_CHARS ? cache.find(text, start, end) : MISSING
      if (cached === MISSING) this.#encodePiece(text, start, end, out)
      else if (cached >= 0) out.push(cached)
      else for (const id of this.#sequences[-1 - cached]!) out.push(id)
      start = end
    }
  }

  tokenId(token: string): number | undefined {
    const id = SPECIAL_TOKENS[this.name][token] ?? this.#vocabulary.find(token, 0, token.length)
    return id === MISSING ? undefined : id
  }

  #encodePiece(text: string, start: number, end: number, out: TokenBuffer): void {
    const ids = this.#ids
    ids.length = 0
    let whole = this.#vocabulary.find(text, start, end)
    if (whole === MISSING) {
      const piece = text.slice(start, end)
      // A lone surrogate is U+FFFD, as Python's `replace` makes it before tiktoken encodes.
      const wellFormed = piece.toWellFormed()
      if (wellFormed !== piece) whole = this.#vocabulary.find(wellFormed, 0, wellFormed.length)
      if (whole === MISSING) {
        if (this.#bytes.length < wellFormed.length * 3) this.#bytes = Buffer.alloc(wellFormed.length * 3)
        this.#merger.merge(this.#bytes, this.#bytes.write(wellFormed, 'utf8'), ids)
      }
    }
    if (whole !== MISSING) ids.push(whole)
    for (const id of ids) out.push(id)
    if (end - start > CACHE_PIECE_CHARS) return
    if (this.#cache.full) {
      this.#cache.clear()
      this.#sequences = []
    }
    this.#cache.add(text, start, end, ids.length === 1 ? ids[0]! : -1 - (this.#sequences.push(ids.slice()) - 1))
  }
}
