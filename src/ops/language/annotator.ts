import type { StructField } from '../../table/schema.ts'
import type { OperatorSpec } from '../operator.ts'
import { predictLanguage, loadLanguageModel } from './predictor.ts'

export interface LanguageAnnotatorConfig {
  readonly column: string
  readonly prefix: string
}

/**
 * `annotate.language`: adds lid.176's most likely language (`lang`, e.g. `en`) and its
 * probability (`lang_score`), the values datatrove's LanguageFilter records as
 * `language` and `language_score`. Both are null when the text is not a string or has
 * no words. `filter.language` reuses them instead of predicting again.
 */
export const languageAnnotator: OperatorSpec<LanguageAnnotatorConfig> = {
  name: 'annotate.language',
  kind: 'annotator',
  version: 1,
  summary: "add the text's language (fastText lid.176) and its probability as columns",
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      prefix: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$|^$', default: '', description: 'prepended to the column names lang and lang_score' },
    },
    additionalProperties: false,
  },
  load: loadLanguageModel,
  create: (c) => {
    const lang = `${c.prefix}lang`
    const score = `${c.prefix}lang_score`
    const columns: StructField[] = [
      { name: lang, type: 'string', nullable: true, metadata: {} },
      { name: score, type: 'double', nullable: true, metadata: {} },
    ]
    return {
      kind: 'annotator',
      columns,
      annotate: (batch) =>
        batch.map((doc) => {
          const text = doc[c.column]
          const guess = typeof text === 'string' ? predictLanguage(text) : null
          return guess ? { [lang]: guess.lang, [score]: guess.score } : { [lang]: null, [score]: null }
        }),
    }
  },
}
