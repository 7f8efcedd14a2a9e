import * as library from '@huggingface/tokenizers'

// @huggingface/tokenizers 0.2's declarations import their modules without file extensions,
// which NodeNext resolution rejects: TypeScript then sees `Tokenizer` as `any` and none of the
// other classes. These are the parts Strata uses, typed as the package's declarations have them.

/** Cuts text into pre-tokens; a callable object, as all the library's components are. */
export interface PreTokenizerLike {
  (text: string | string[], options?: { section_index?: number }): string[]
  pre_tokenize_text(text: string, options?: { section_index?: number }): string[]
}

/** The library's tokenizer model (BPE, WordPiece, Unigram): pre-tokens in, token strings out. */
export interface TokenizerModelLike {
  (tokens: string[]): string[]
  encode(tokens: string[]): string[]
  vocab: string[]
  tokens_to_ids: Map<string, number>
  unk_token_id?: number
  /** Whether `_call` joins runs of unknown tokens across all the pre-tokens it is given. */
  fuse_unk: boolean
}

export interface HfTokenizerLike {
  normalizer: ((text: string) => string) | null
  pre_tokenizer: PreTokenizerLike | null
  model: TokenizerModelLike | null
  encode(text: string, options?: { add_special_tokens?: boolean }): { ids: number[] }
  token_to_id(token: string): number | undefined
}

interface Library {
  Tokenizer: new (tokenizerJson: object, tokenizerConfig: object) => HfTokenizerLike
  PreTokenizer: abstract new () => PreTokenizerLike
  Model: abstract new (config: object) => TokenizerModelLike
  ByteLevelPreTokenizer: new (config: object) => PreTokenizerLike & { add_prefix_space: boolean; use_regex: boolean }
  SequencePreTokenizer: new (config: object) => PreTokenizerLike & { tokenizers: (PreTokenizerLike | null)[] }
}

export const { Tokenizer, PreTokenizer, Model, ByteLevelPreTokenizer, SequencePreTokenizer } = library as unknown as Library
