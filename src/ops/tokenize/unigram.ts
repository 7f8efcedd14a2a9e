import { Model, type TokenizerModelLike } from './hf-library.ts'

/** The `model` section of a Unigram tokenizer.json. */
export interface UnigramJson {
  readonly type?: 'Unigram'
  readonly vocab: readonly (readonly [string, number])[]
  readonly unk_id?: number | null
  readonly byte_fallback?: boolean
}

// The Rust library's penalty on an unknown character, below the least likely piece.
const UNKNOWN_PENALTY = 10

interface TrieNode {
  readonly children: Map<string, TrieNode>
  id: number
}

/**
 * A Unigram model that segments as the Rust library's `encode_optimized` does, in place of
 * the JavaScript port's. Both find a most likely segmentation by dynamic programming, but
 * where float sums round two candidates to equal scores they keep different ones: Rust keeps,
 * for each end, the best path ending there (the earliest start among equals), then adds the
 * next piece's score; the port adds first and compares the sums, so two paths an ulp apart can
 * tie and the first is kept (`355,000` as `0|00`, not Rust's `00|0`). Runs of unknown
 * characters are joined within a pre-token, as Rust does (the port joins them across
 * pre-tokens too).
 */
export class RustUnigram extends Model {
  readonly #scores: Float64Array
  readonly #unknownScore: number
  readonly #unknownId: number
  readonly #trie: TrieNode = { children: new Map(), id: -1 }

  /** `model` is the port's model for `json`, whose vocabulary (with added tokens) this one keeps. */
  constructor(model: TokenizerModelLike, json: UnigramJson) {
    super({})
    if (json.unk_id === undefined || json.unk_id === null) throw new Error('a Unigram model without unk_id is not supported')
    if (json.byte_fallback) throw new Error('a Unigram model with byte_fallback is not supported')
    this.vocab = model.vocab
    this.tokens_to_ids = model.tokens_to_ids
    this.unk_token_id = json.unk_id
    this.fuse_unk = false
    this.#unknownId = json.unk_id
    this.#scores = Float64Array.from(json.vocab, ([, score]) => score)
    this.#unknownScore = this.#scores.reduce((min, score) => Math.min(min, score), Infinity) - UNKNOWN_PENALTY
    json.vocab.forEach(([piece], id) => {
      let node = this.#trie
      for (const char of piece) {
        let child = node.children.get(char)
        if (!child) node.children.set(char, (child = { children: new Map(), id: -1 }))
        node = child
      }
      node.id = id
    })
  }

  encode(tokens: string[]): string[] {
    const out: string[] = []
    for (const token of tokens) this.#segment(token, out)
    return out
  }

  /** Appends the pieces of the best segmentation of `text`, runs of unknown characters joined. */
  #segment(text: string, out: string[]): void {
    const chars = Array.from(text)
    const n = chars.length
    const score = new Float64Array(n + 1)
    const start = new Int32Array(n + 1).fill(-1)
    const id = new Int32Array(n + 1)
    const offer = (from: number, to: number, piece: number, pieceScore: number) => {
      const candidate = pieceScore + score[from]!
      if (start[to] === -1 || candidate > score[to]!) {
        score[to] = candidate
        start[to] = from
        id[to] = piece
      }
    }
    for (let from = 0; from < n; from++) {
      let single = false
      let node: TrieNode | undefined = this.#trie
      for (let to = from + 1; to <= n; to++) {
        node = node.children.get(chars[to - 1]!)
        if (!node) break
        if (node.id < 0) continue
        offer(from, to, node.id, this.#scores[node.id]!)
        if (to === from + 1) single = true
      }
      if (!single) offer(from, from + 1, this.#unknownId, this.#unknownScore)
    }
    const pieces: string[] = []
    let unknown = ''
    for (let to = n; to > 0; to = start[to]!) {
      const piece = chars.slice(start[to]!, to).join('')
      if (id[to] === this.#unknownId) {
        unknown = piece + unknown
        continue
      }
      if (unknown !== '') pieces.push(unknown)
      unknown = ''
      pieces.push(piece)
    }
    if (unknown !== '') pieces.push(unknown)
    for (let i = pieces.length - 1; i >= 0; i--) out.push(pieces[i]!)
  }
}
