import type { OperatorSpec } from '../operator.ts'
import { charClass, codePointAt, LETTER, unitsOf } from '../text/char-class.ts'
import { isPunctuation } from '../text/punctuation.ts'
import { countOccurrences, forEachLine, skipSpace, trimSpaceEnd } from '../text/python-str.ts'
import { tokenizerFor } from '../text/split.ts'
import { judgeText } from './judge-text.ts'

export interface GopherQualityConfig {
  readonly column: string
  readonly language: string
  readonly min_doc_words: number | null
  readonly max_doc_words: number | null
  readonly min_avg_word_length: number | null
  readonly max_avg_word_length: number | null
  readonly max_symbol_word_ratio: number | null
  readonly max_bullet_lines_ratio: number | null
  readonly max_ellipsis_lines_ratio: number | null
  readonly max_non_alpha_words_ratio: number | null
  readonly min_stop_words: number | null
  readonly stop_words: readonly string[]
}

const count = (value: number, description: string) => ({ type: ['integer', 'null'], minimum: 0, default: value, description: `${description}; 0 or null turns the rule off` })
const ratio = (value: number, description: string) => ({ type: ['number', 'null'], minimum: 0, default: value, description: `${description}; 0 or null turns the rule off` })

/** A rule is off when its threshold is null or 0, as a falsy threshold is in datatrove. */
const on = (threshold: number | null): threshold is number => threshold !== null && threshold !== 0

/**
 * `filter.gopher_quality`: the quality rules of Gopher (Rae et al. 2021, table A1) with
 * datatrove 0.10.1's GopherQualityFilter defaults, order and reasons. Words are datatrove's
 * (spaCy tokens, see `splitWords`); a word made only of punctuation is a symbol, not counted
 * in the word-count and mean-length rules. Where datatrove would divide by zero (no words or
 * no lines, possible only with min_doc_words off) the ratio rule does not apply.
 */
export const gopherQualityFilter: OperatorSpec<GopherQualityConfig> = {
  name: 'filter.gopher_quality',
  kind: 'filter',
  version: 1,
  summary: "Gopher's quality rules (word count, word length, symbols, bullets, ellipses, alphabetic words, stop words), as datatrove",
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      language: { type: 'string', minLength: 1, default: 'en', description: 'language of the texts, for word splitting (ISO 639-1 or -3 code)' },
      min_doc_words: count(50, 'fewer non-symbol words than this: gopher_short_doc'),
      max_doc_words: count(100000, 'more non-symbol words than this: gopher_long_doc'),
      min_avg_word_length: ratio(3, 'mean non-symbol word length (code points) below this: gopher_below_avg_threshold'),
      max_avg_word_length: ratio(10, 'mean non-symbol word length above this: gopher_above_avg_threshold'),
      max_symbol_word_ratio: ratio(0.1, "'#' per word, or '...' and '…' per word, above this: gopher_too_many_hashes, gopher_too_many_ellipsis"),
      max_bullet_lines_ratio: ratio(0.9, "share of lines starting with '•' or '-' above this: gopher_too_many_bullets"),
      max_ellipsis_lines_ratio: ratio(0.3, "share of lines ending with '...' or '…' above this: gopher_too_many_end_ellipsis"),
      max_non_alpha_words_ratio: ratio(0.8, 'share of words with a letter below this: gopher_below_alpha_threshold (the name is datatrove\'s)'),
      min_stop_words: count(2, 'fewer distinct stop words than this: gopher_enough_stop_words'),
      stop_words: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: ['the', 'be', 'to', 'of', 'and', 'that', 'have', 'with'],
        description: 'the stop words, matched case-sensitively against whole words',
      },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const tokenizer = tokenizerFor(c.language)
    const stopWords = [...new Set(c.stop_words)]
    const seen = new Uint8Array(stopWords.length)
    const longestStopWord = Math.max(0, ...stopWords.map((word) => word.length))
    return {
      kind: 'filter',
      check: judgeText(c.column, (text) => {
        const tokens = tokenizer.tokenize(text)
        let words = 0
        let nonSymbolWords = 0
        let nonSymbolLength = 0
        let alphaWords = 0
        let stopWordsSeen = 0
        seen.fill(0)
        for (let t = 0; t < tokens.count; t++) {
          if (tokens.space[t] === 1) continue
          const start = tokens.starts[t]!
          const end = tokens.ends[t]!
          words++
          let symbolsOnly = true
          let hasLetter = false
          let codePoints = 0
          for (let i = start; i < end; codePoints++) {
            const unit = text.charCodeAt(i)
            if (unit < 0x80) {
              if (symbolsOnly && !isPunctuation(unit)) symbolsOnly = false
              if (!hasLetter && ((unit | 0x20) - 0x61) >>> 0 < 26) hasLetter = true
              i++
              continue
            }
            const cp = codePointAt(text, i)
            if (symbolsOnly && !isPunctuation(cp)) symbolsOnly = false
            if (!hasLetter && charClass(cp) & LETTER) hasLetter = true
            i += unitsOf(cp)
          }
          if (!symbolsOnly) {
            nonSymbolWords++
            nonSymbolLength += codePoints
          }
          if (hasLetter) alphaWords++
          if (end - start <= longestStopWord) {
            for (let s = 0; s < stopWords.length; s++) {
              const word = stopWords[s]!
              if (seen[s] === 0 && word.length === end - start && text.startsWith(word, start)) {
                seen[s] = 1
                stopWordsSeen++
              }
            }
          }
        }
        if (on(c.min_doc_words) && nonSymbolWords < c.min_doc_words) return 'gopher_short_doc'
        if (on(c.max_doc_words) && nonSymbolWords > c.max_doc_words) return 'gopher_long_doc'
        // With no non-symbol words the mean is NaN, which no comparison holds for (numpy's mean of nothing).
        const meanLength = nonSymbolLength / nonSymbolWords
        if (on(c.min_avg_word_length) && meanLength < c.min_avg_word_length) return 'gopher_below_avg_threshold'
        if (on(c.max_avg_word_length) && meanLength > c.max_avg_word_length) return 'gopher_above_avg_threshold'
        if (words > 0 && on(c.max_symbol_word_ratio)) {
          if (countOccurrences(text, '#') / words > c.max_symbol_word_ratio) return 'gopher_too_many_hashes'
          if ((countOccurrences(text, '...') + countOccurrences(text, '\u2026')) / words > c.max_symbol_word_ratio) return 'gopher_too_many_ellipsis'
        }
        let bullets = 0
        let ellipses = 0
        const lines = forEachLine(text, (start, end) => {
          const first = skipSpace(text, start, end)
          if (first === end) return
          const lead = text.charCodeAt(first)
          if (lead === 0x2022 || lead === 0x2d) bullets++
          const last = trimSpaceEnd(text, first, end)
          if (text.charCodeAt(last - 1) === 0x2026 || (last - first >= 3 && text.startsWith('...', last - 3))) ellipses++
        })
        if (lines > 0 && on(c.max_bullet_lines_ratio) && bullets / lines > c.max_bullet_lines_ratio) return 'gopher_too_many_bullets'
        if (lines > 0 && on(c.max_ellipsis_lines_ratio) && ellipses / lines > c.max_ellipsis_lines_ratio) return 'gopher_too_many_end_ellipsis'
        if (words > 0 && on(c.max_non_alpha_words_ratio) && alphaWords / words < c.max_non_alpha_words_ratio) return 'gopher_below_alpha_threshold'
        if (on(c.min_stop_words) && stopWordsSeen < c.min_stop_words) return 'gopher_enough_stop_words'
        return null
      }),
    }
  },
}
