import type { StructField } from '../../table/schema.ts'
import { codePointLength, wordCount } from '../expr/values.ts'
import type { OperatorSpec } from '../operator.ts'

export interface LengthSignalsConfig {
  readonly column: string
  readonly prefix: string
}

const integer = (name: string): StructField => ({ name, type: 'integer', nullable: true, metadata: {} })

/** `annotate.length`: adds the text's length in characters, words and lines as columns, so later filters need not recount. */
export const lengthAnnotator: OperatorSpec<LengthSignalsConfig> = {
  name: 'annotate.length',
  kind: 'annotator',
  version: 1,
  summary: 'add character, word and line counts of the text as columns',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      prefix: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$|^$', default: '', description: 'prepended to the column names chars, words, lines' },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const names = { chars: `${c.prefix}chars`, words: `${c.prefix}words`, lines: `${c.prefix}lines` }
    return {
      kind: 'annotator',
      columns: [integer(names.chars), integer(names.words), integer(names.lines)],
      annotate: (batch) =>
        batch.map((doc) => {
          const text = doc[c.column]
          if (typeof text !== 'string') return { [names.chars]: null, [names.words]: null, [names.lines]: null }
          let lines = text === '' ? 0 : 1
          for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++
          return { [names.chars]: codePointLength(text), [names.words]: wordCount(text), [names.lines]: lines }
        }),
    }
  },
}
