import { PreTokenizer } from './hf-library.ts'

/** The `pre_tokenizer` section of a Metaspace tokenizer.json, old and new spellings. */
export interface MetaspaceJson {
  readonly type: 'Metaspace'
  readonly replacement?: string
  readonly prepend_scheme?: 'always' | 'first' | 'never'
  /** The older spelling of `prepend_scheme`: true for always, false for never. */
  readonly add_prefix_space?: boolean
  readonly split?: boolean
}

/**
 * Hugging Face's Metaspace pre-tokenizer (SentencePiece's `▁` for spaces), as the Rust
 * library runs it: spaces become the replacement, which is put first as `prepend_scheme`
 * says, and with `split` (the default) each word is a pre-token starting with it. The
 * JavaScript port ignores `split` and keeps the whole text as one pre-token: a piece may then
 * span two words (`a▁`), and a Unigram model sums the scores of a whole text, not of each
 * word, so that segmentations tie differently.
 */
export class MetaspacePieces extends PreTokenizer {
  readonly #replacement: string
  readonly #prepend: 'always' | 'first' | 'never'
  readonly #split: boolean

  constructor(json: MetaspaceJson) {
    super()
    this.#replacement = json.replacement ?? '\u2581'
    this.#prepend = json.prepend_scheme ?? (json.add_prefix_space === false ? 'never' : 'always')
    this.#split = json.split ?? true
  }

  pre_tokenize_text(text: string, options?: { section_index?: number }): string[] {
    const replacement = this.#replacement
    let replaced = text.replaceAll(' ', replacement)
    const prepend = this.#prepend === 'always' || (this.#prepend === 'first' && (options?.section_index ?? 0) === 0)
    if (prepend && !replaced.startsWith(replacement)) replaced = replacement + replaced
    if (!this.#split) return [replaced]
    // Cut before every replacement, which starts the next word.
    const words: string[] = []
    let start = 0
    for (let at = replaced.indexOf(replacement, 1); at >= 0; at = replaced.indexOf(replacement, at + replacement.length)) {
      words.push(replaced.slice(start, at))
      start = at
    }
    if (start < replaced.length) words.push(replaced.slice(start))
    return words
  }
}
