import { closest } from '../../core/closest.ts'
import { StrataError } from '../../core/errors.ts'
import type { Doc, OperatorSpec } from '../operator.ts'
import { type LanguageGuess, languagesAbove, LID_LANGUAGES, predictLanguage, loadLanguageModel } from './predictor.ts'
import { judgeText } from '../filters/judge-text.ts'

export interface LanguageFilterConfig {
  readonly column: string
  readonly languages: readonly string[]
  readonly min_score: number
  readonly prefix: string
}

/**
 * `filter.language`: keeps a document when one of `languages` has a lid.176 probability
 * above `min_score` (strictly, as datatrove's LanguageFilter); an empty list keeps any
 * language whose top probability is above it (datatrove's `languages=None`). datatrove
 * gives this drop no name, so the reason is `language`; a text with no words has no
 * language and is dropped with it, a text that is not a string gives `no_text`.
 *
 * When an earlier `annotate.language` with the same `prefix` set `lang` and `lang_score`,
 * those are used instead of predicting again. They hold only the top language, which
 * decides alone when `min_score` is at least 0.5 (no other language can then be above
 * it); below 0.5, a document the top language does not keep is predicted again for the
 * others.
 */
export const languageFilter: OperatorSpec<LanguageFilterConfig> = {
  name: 'filter.language',
  kind: 'filter',
  version: 1,
  summary: 'keep documents in the given languages (fastText lid.176) with a probability above min_score',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      languages: {
        type: 'array',
        items: { type: 'string' },
        uniqueItems: true,
        default: ['en'],
        description: 'lid.176 labels to keep, e.g. [en, de, zh]; empty keeps any language',
      },
      min_score: { type: 'number', minimum: 0, maximum: 1, default: 0.65, description: "a kept language's probability must be above this" },
      prefix: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$|^$', default: '', description: "the prefix of annotate.language's columns to reuse" },
    },
    additionalProperties: false,
  },
  load: loadLanguageModel,
  create: (c) => {
    for (const lang of c.languages) {
      if (LID_LANGUAGES.has(lang)) continue
      const guess = closest(lang, LID_LANGUAGES)
      throw new StrataError('invalid_argument', `filter.language: languages: '${lang}' is not a lid.176 label${guess ? `; did you mean '${guess}'?` : ' (they are ISO 639-1 codes where one exists, e.g. en, zh)'}`)
    }
    const wanted = new Set(c.languages)
    const anyLanguage = wanted.size === 0
    const langColumn = `${c.prefix}lang`
    const scoreColumn = `${c.prefix}lang_score`
    const keeps = (g: LanguageGuess) => g.score > c.min_score && (anyLanguage || wanted.has(g.lang))
    const top = (doc: Doc, text: string): LanguageGuess | null => {
      const lang = doc[langColumn]
      const score = doc[scoreColumn]
      return typeof lang === 'string' && typeof score === 'number' ? { lang, score } : predictLanguage(text)
    }
    return {
      kind: 'filter',
      check: judgeText(c.column, (text, doc) => {
        const guess = top(doc, text)
        if (!guess) return 'language'
        if (keeps(guess)) return null
        if (anyLanguage || c.min_score >= 0.5) return 'language'
        return languagesAbove(text, c.min_score).some(keeps) ? null : 'language'
      }),
    }
  },
}
