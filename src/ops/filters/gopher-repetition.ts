import type { OperatorSpec } from '../operator.ts'
import { codePointCount } from '../text/char-class.ts'
import { PairTable, WordHashes } from '../text/ngram-hash.ts'
import { strip } from '../text/python-str.ts'
import { tokenizerFor } from '../text/split.ts'
import { judgeText } from './judge-text.ts'

/** An n-gram size and the largest share of the text's characters its repeats may cover. */
export type NGramLimit = readonly [n: number, fraction: number]

export interface GopherRepetitionConfig {
  readonly column: string
  readonly language: string
  readonly dup_line_frac: number | null
  readonly dup_para_frac: number | null
  readonly dup_line_char_frac: number | null
  readonly dup_para_char_frac: number | null
  readonly top_n_grams: readonly NGramLimit[]
  readonly dup_n_grams: readonly NGramLimit[]
}

const fraction = (value: number, description: string) => ({ type: ['number', 'null'], minimum: 0, default: value, description: `${description}; 0 or null turns the rule off` })
const limits = (value: NGramLimit[], description: string) => ({
  type: 'array',
  items: { type: 'array', items: [{ type: 'integer', minimum: 1 }, { type: 'number', minimum: 0 }], minItems: 2, maxItems: 2 },
  default: value,
  description,
})

/** Repeated elements of `elements` (each occurrence after the first) and their length in code points. */
function duplicates(elements: readonly string[]): { count: number; chars: number } {
  const seen = new Set<string>()
  let count = 0
  let chars = 0
  for (const element of elements) {
    if (!seen.has(element)) seen.add(element)
    else {
      count++
      chars += codePointCount(element)
    }
  }
  return { count, chars }
}

const PARAGRAPH_BREAK = /\n{2,}/
const LINE_BREAK = /\n+/

/**
 * `filter.gopher_repetition`: Gopher's repetition rules (Rae et al. 2021, table A1) with
 * datatrove 0.10.1's GopherRepetitionFilter defaults, order and reasons: repeated
 * paragraphs (split at blank lines) and lines, by count and by characters; the characters of
 * the most frequent 2-4-gram; the characters in repeated 5-10-grams (a repeat is skipped
 * whole before looking for the next). Shares are of the whole text's length in code points;
 * n-grams are of datatrove's words (see `splitWords`) and compared by hash (see `WordHashes`).
 */
export const gopherRepetitionFilter: OperatorSpec<GopherRepetitionConfig> = {
  name: 'filter.gopher_repetition',
  kind: 'filter',
  version: 1,
  summary: "Gopher's repetition rules (duplicate lines and paragraphs, top and duplicated word n-grams), as datatrove",
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      language: { type: 'string', minLength: 1, default: 'en', description: 'language of the texts, for word splitting (ISO 639-1 or -3 code)' },
      dup_line_frac: fraction(0.3, 'share of lines that repeat an earlier line above this: dup_line_frac'),
      dup_para_frac: fraction(0.3, 'share of paragraphs that repeat an earlier one above this: dup_para_frac'),
      dup_line_char_frac: fraction(0.2, 'characters in repeated lines over text characters above this: dup_line_char_frac'),
      dup_para_char_frac: fraction(0.2, 'characters in repeated paragraphs over text characters above this: dup_para_char_frac'),
      top_n_grams: limits([[2, 0.2], [3, 0.18], [4, 0.16]], '[n, fraction] pairs: characters of the most frequent n-gram times its count over text characters above fraction: top_<n>_gram'),
      dup_n_grams: limits(
        [[5, 0.15], [6, 0.14], [7, 0.13], [8, 0.12], [9, 0.11], [10, 0.1]],
        '[n, fraction] pairs: characters in repeated n-grams over text characters above fraction: duplicated_<n>_n_grams',
      ),
    },
    additionalProperties: false,
  },
  create: (c) => {
    const tokenizer = tokenizerFor(c.language)
    const words = new WordHashes()
    const table = new PairTable()
    const hash = new Int32Array(2)
    let counts = new Int32Array(1024)
    let firsts = new Int32Array(1024)
    const on = (threshold: number | null): threshold is number => threshold !== null && threshold !== 0

    // The characters of the most frequent n-gram (words joined by spaces) times its count; the first seen wins a tie.
    const topNGram = (n: number): number => {
      const grams = words.count - n + 1
      table.clear(grams)
      if (counts.length < grams) {
        counts = new Int32Array(grams * 2)
        firsts = new Int32Array(grams * 2)
      }
      for (let i = 0; i < grams; i++) {
        words.spaced(i, n, hash)
        const known = table.size
        const id = table.idOf(hash[0]!, hash[1]!)
        if (table.size > known) {
          counts[id] = 0
          firsts[id] = i
        }
        counts[id]!++
      }
      let best = 0
      for (let id = 1; id < table.size; id++) if (counts[id]! > counts[best]!) best = id
      let chars = n - 1
      for (let k = firsts[best]!; k < firsts[best]! + n; k++) chars += words.lengths[k]!
      return chars * counts[best]!
    }

    // Whether the characters of n-grams (words run together) seen before, each repeat skipped
    // whole, exceed `limit` of the text's `length`; stops as soon as they do.
    const tooRepetitive = (n: number, limit: number, length: number): boolean => {
      table.clear(Math.max(0, words.count - n + 1))
      let chars = 0
      for (let i = 0; i + n <= words.count; ) {
        words.plain(i, n, hash)
        const known = table.size
        table.idOf(hash[0]!, hash[1]!)
        if (table.size > known) {
          i++
          continue
        }
        for (let k = i; k < i + n; k++) chars += words.lengths[k]!
        if (chars / length > limit) return true
        i += n
      }
      return false
    }

    return {
      kind: 'filter',
      check: judgeText(c.column, (text) => {
        if (text === '') return 'empty'
        const length = codePointCount(text)
        const paragraphs = strip(text).split(PARAGRAPH_BREAK)
        const para = duplicates(paragraphs)
        if (on(c.dup_para_frac) && para.count / paragraphs.length > c.dup_para_frac) return 'dup_para_frac'
        if (on(c.dup_para_char_frac) && para.chars / length > c.dup_para_char_frac) return 'dup_para_char_frac'
        const lines = text.split(LINE_BREAK)
        const line = duplicates(lines)
        if (on(c.dup_line_frac) && line.count / lines.length > c.dup_line_frac) return 'dup_line_frac'
        if (on(c.dup_line_char_frac) && line.chars / length > c.dup_line_char_frac) return 'dup_line_char_frac'

        const tokens = tokenizer.tokenize(text)
        words.reset()
        for (let t = 0; t < tokens.count; t++) {
          if (tokens.space[t] === 1) continue
          const start = tokens.starts[t]!
          const end = tokens.ends[t]!
          words.add(text, start, end, codePointCount(text, start, end))
        }
        for (const [n, limit] of c.top_n_grams) {
          if (words.count >= n && topNGram(n) / length > limit) return `top_${n}_gram`
        }
        for (const [n, limit] of c.dup_n_grams) {
          if (tooRepetitive(n, limit, length)) return `duplicated_${n}_n_grams`
        }
        return null
      }),
    }
  },
}
