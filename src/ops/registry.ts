import { closest } from '../core/closest.ts'
import { StrataError } from '../core/errors.ts'
import { lengthAnnotator } from './annotators/length.ts'
import { decontaminate } from './decontaminate/decontaminate.ts'
import { exactDedup } from './dedup/exact.ts'
import { minhashDedup } from './dedup/minhash.ts'
import { sentenceDedup } from './dedup/sentence-dedup.ts'
import { c4BadWordsFilter } from './filters/c4-badwords.ts'
import { c4ParagraphFilter } from './filters/c4-paragraph.ts'
import { c4QualityFilter } from './filters/c4-quality.ts'
import { exprFilter } from './filters/expr.ts'
import { fineWebQualityFilter } from './filters/fineweb-quality.ts'
import { gopherQualityFilter } from './filters/gopher-quality.ts'
import { gopherRepetitionFilter } from './filters/gopher-repetition.ts'
import { extractHtml } from './html/extract.ts'
import { lengthFilter } from './filters/length.ts'
import { urlFilter } from './filters/url.ts'
import { languageAnnotator } from './language/annotator.ts'
import { languageFilter } from './language/filter.ts'
import { normalizeMapper } from './mappers/normalize.ts'
import { mix } from './mix/mix.ts'
import type { OperatorSpec } from './operator.ts'
import { piiAnnotator } from './pii/annotator.ts'
import { piiFilter } from './pii/filter.ts'
import { piiMapper } from './pii/mapper.ts'
import { tokenize } from './tokenize/tokenize.ts'

/** Every operator a recipe can name, by name, in name order. */
export const OPERATORS: ReadonlyMap<string, OperatorSpec<never>> = new Map(
  ([lengthAnnotator, decontaminate, exactDedup, minhashDedup, sentenceDedup, mix, exprFilter, lengthFilter, urlFilter, c4BadWordsFilter, c4ParagraphFilter, c4QualityFilter, fineWebQualityFilter, gopherQualityFilter, gopherRepetitionFilter, extractHtml, languageAnnotator, languageFilter, normalizeMapper, piiAnnotator, piiFilter, piiMapper, tokenize] as OperatorSpec<never>[])
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((spec) => [spec.name, spec]),
)

/** The operator called `name`; an unknown name is refused with the closest known one. */
export function operatorSpec(name: string): OperatorSpec<never> {
  const spec = OPERATORS.get(name)
  if (spec) return spec
  const guess = closest(name, OPERATORS.keys())
  throw new StrataError('invalid_argument', `unknown operator '${name}'${guess ? `; did you mean '${guess}'?` : `; known operators: ${[...OPERATORS.keys()].join(', ')}`}`)
}
