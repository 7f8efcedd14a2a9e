import type { OperatorSpec } from '../operator.ts'
import { codePointCount } from '../text/char-class.ts'
import { judgeText } from './judge-text.ts'

export interface C4ParagraphConfig {
  readonly column: string
  readonly min_paragraphs: number
  readonly min_paragraph_len: number
}

/**
 * `filter.c4_paragraph`: mC4's paragraph rule, as datatrove 0.10.1's C4ParagraphFilter: a
 * document needs at least min_paragraphs lines (split at "\n") of at least min_paragraph_len
 * characters (code points). The reason is datatrove's, `< 3 paragraphs` by default (with the
 * configured count in place of 3).
 */
export const c4ParagraphFilter: OperatorSpec<C4ParagraphConfig> = {
  name: 'filter.c4_paragraph',
  kind: 'filter',
  version: 1,
  summary: "mC4's paragraph rule (at least 3 lines of at least 200 characters), as datatrove",
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      min_paragraphs: { type: 'integer', minimum: 1, default: 3, description: 'lines of at least min_paragraph_len characters a document needs' },
      min_paragraph_len: { type: 'integer', minimum: 0, default: 200, description: 'characters (code points) a line needs to count as a paragraph' },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const reason = `< ${c.min_paragraphs} paragraphs`
    return {
      kind: 'filter',
      check: judgeText(c.column, (text) => {
        let paragraphs = 0
        for (let start = 0; start <= text.length && paragraphs < c.min_paragraphs; ) {
          let end = text.indexOf('\n', start)
          if (end < 0) end = text.length
          // A line of fewer UTF-16 units cannot have enough code points; more units may be surrogate pairs.
          if (end - start >= c.min_paragraph_len && codePointCount(text, start, end) >= c.min_paragraph_len) paragraphs++
          start = end + 1
        }
        return paragraphs < c.min_paragraphs ? reason : null
      }),
    }
  },
}
