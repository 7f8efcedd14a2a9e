import type { OperatorSpec } from '../operator.ts'
import { codePointBefore, codePointCount } from '../text/char-class.ts'
import { isTerminalPunctuation } from '../text/punctuation.ts'
import { countOccurrences, skipSpace } from '../text/python-str.ts'
import { tokenizerFor } from '../text/split.ts'
import { judgeText } from './judge-text.ts'

export interface FineWebQualityConfig {
  readonly column: string
  readonly language: string
  readonly line_punct_thr: number
  readonly line_punct_exclude_zero: boolean
  readonly stop_chars?: readonly string[]
  readonly short_line_thr: number
  readonly short_line_length: number
  readonly char_duplicates_ratio: number
  readonly new_line_ratio: number
}

const share = { type: 'number', minimum: 0 }

/**
 * `filter.fineweb_quality`: FineWeb's own line rules, with datatrove 0.10.1's
 * FineWebQualityFilter defaults, order and reasons. Over the lines that are not blank: too few
 * ending in terminal punctuation (line_punct_ratio), too many short (short_line_ratio), too many
 * characters in repeated lines (char_dup_ratio); then too many newlines per word (list_ratio).
 */
export const fineWebQualityFilter: OperatorSpec<FineWebQualityConfig> = {
  name: 'filter.fineweb_quality',
  kind: 'filter',
  version: 1,
  summary: "FineWeb's quality rules (line-ending punctuation, short lines, duplicated line characters, newlines per word), as datatrove",
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      language: { type: 'string', minLength: 1, default: 'en', description: 'language of the texts, for word splitting (ISO 639-1 or -3 code)' },
      line_punct_thr: { ...share, default: 0.12, description: 'share of lines ending with a stop character below this: line_punct_ratio' },
      line_punct_exclude_zero: { type: 'boolean', default: false, description: 'keep documents where no line ends with a stop character (the rule then only drops a share above 0 and below line_punct_thr)' },
      stop_chars: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: "line endings that count as punctuation; by default datatrove's terminal punctuation (. ! ? and their kin in other scripts)",
      },
      short_line_thr: { ...share, default: 0.67, description: 'share of short lines above this: short_line_ratio' },
      short_line_length: { type: 'integer', minimum: 0, default: 30, description: 'a line of at most this many characters (code points) is short' },
      char_duplicates_ratio: { ...share, default: 0.01, description: 'characters in lines that repeat an earlier line, over the non-newline characters, above this: char_dup_ratio' },
      new_line_ratio: { ...share, default: 0.3, description: 'newlines per word above this: list_ratio' },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const tokenizer = tokenizerFor(c.language)
    const stopChars = c.stop_chars
    const endsWithStop = (line: string): boolean =>
      stopChars === undefined ? line.length > 0 && isTerminalPunctuation(codePointBefore(line, line.length)) : stopChars.some((end) => line.endsWith(end))
    return {
      kind: 'filter',
      check: judgeText(c.column, (text) => {
        const lines = text.split('\n').filter((line) => skipSpace(line, 0, line.length) < line.length)
        if (lines.length === 0) return 'empty'
        let punctuated = 0
        let short = 0
        let repeatedChars = 0
        const seen = new Set<string>()
        for (const line of lines) {
          if (endsWithStop(line)) punctuated++
          if (codePointCount(line) <= c.short_line_length) short++
          if (!seen.has(line)) seen.add(line)
          else repeatedChars += codePointCount(line)
        }
        const punctRatio = punctuated / lines.length
        if (punctRatio < c.line_punct_thr && !(punctRatio === 0 && c.line_punct_exclude_zero)) return 'line_punct_ratio'
        if (short / lines.length > c.short_line_thr) return 'short_line_ratio'
        const newlines = countOccurrences(text, '\n')
        if (repeatedChars / (codePointCount(text) - newlines) > c.char_duplicates_ratio) return 'char_dup_ratio'
        const tokens = tokenizer.tokenize(text)
        let words = 0
        for (let t = 0; t < tokens.count; t++) if (tokens.space[t] === 0) words++
        if (newlines / words > c.new_line_ratio) return 'list_ratio'
        return null
      }),
    }
  },
}
