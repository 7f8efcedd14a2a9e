import { codePointLength, wordCount } from '../expr/values.ts'
import type { OperatorSpec } from '../operator.ts'
import { judgeText } from './judge-text.ts'

export interface LengthConfig {
  readonly column: string
  readonly min_chars?: number
  readonly max_chars?: number
  readonly min_words?: number
  readonly max_words?: number
}

const count = { type: 'integer', minimum: 0 }

/** `filter.length`: drops documents whose text is shorter or longer than the bounds, in characters or words. */
export const lengthFilter: OperatorSpec<LengthConfig> = {
  name: 'filter.length',
  kind: 'filter',
  version: 1,
  summary: 'drop documents outside character and word-count bounds',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      min_chars: { ...count, description: 'fewer characters (code points) than this: too_few_chars' },
      max_chars: { ...count, description: 'more characters than this: too_many_chars' },
      min_words: { ...count, description: 'fewer whitespace-separated words than this: too_few_words' },
      max_words: { ...count, description: 'more words than this: too_many_words' },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const countWords = c.min_words !== undefined || c.max_words !== undefined
    return {
      kind: 'filter',
      check: judgeText(c.column, (text) => {
        const chars = codePointLength(text)
        if (c.min_chars !== undefined && chars < c.min_chars) return 'too_few_chars'
        if (c.max_chars !== undefined && chars > c.max_chars) return 'too_many_chars'
        if (!countWords) return null
        const words = wordCount(text)
        if (c.min_words !== undefined && words < c.min_words) return 'too_few_words'
        if (c.max_words !== undefined && words > c.max_words) return 'too_many_words'
        return null
      }),
    }
  },
}
