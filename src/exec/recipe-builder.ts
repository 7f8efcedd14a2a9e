import { stringify } from 'yaml'
import { StrataError } from '../core/errors.ts'
import type { LengthSignalsConfig } from '../ops/annotators/length.ts'
import type { DecontaminateConfig } from '../ops/decontaminate/decontaminate.ts'
import type { ExactDedupConfig } from '../ops/dedup/exact.ts'
import type { ExtractHtmlConfig } from '../ops/html/extract.ts'
import type { MinhashDedupConfig } from '../ops/dedup/minhash.ts'
import type { SentenceDedupConfig } from '../ops/dedup/sentence-dedup.ts'
import type { C4BadWordsConfig } from '../ops/filters/c4-badwords.ts'
import type { C4ParagraphConfig } from '../ops/filters/c4-paragraph.ts'
import type { C4QualityConfig } from '../ops/filters/c4-quality.ts'
import type { ExprConfig } from '../ops/filters/expr.ts'
import type { FineWebQualityConfig } from '../ops/filters/fineweb-quality.ts'
import type { GopherQualityConfig } from '../ops/filters/gopher-quality.ts'
import type { GopherRepetitionConfig } from '../ops/filters/gopher-repetition.ts'
import type { LengthConfig } from '../ops/filters/length.ts'
import type { UrlFilterConfig } from '../ops/filters/url.ts'
import type { LanguageAnnotatorConfig } from '../ops/language/annotator.ts'
import type { LanguageFilterConfig } from '../ops/language/filter.ts'
import type { NormalizeConfig } from '../ops/mappers/normalize.ts'
import type { MixConfig } from '../ops/mix/mix.ts'
import type { PiiAnnotatorConfig } from '../ops/pii/annotator.ts'
import type { PiiFilterConfig } from '../ops/pii/filter.ts'
import type { PiiMapperConfig } from '../ops/pii/mapper.ts'
import type { TokenizeConfig } from '../ops/tokenize/tokenize.ts'
import { checkRecipe, type Recipe } from './recipe.ts'

/** Each operator's config as a recipe may write it: options with defaults may be left out. */
export interface OperatorConfigs {
  'annotate.language': Partial<LanguageAnnotatorConfig>
  'annotate.length': Partial<LengthSignalsConfig>
  'annotate.pii': Partial<PiiAnnotatorConfig>
  'decontaminate': Omit<Partial<DecontaminateConfig>, 'benchmarks'> & Pick<DecontaminateConfig, 'benchmarks'>
  'dedup.exact': Partial<ExactDedupConfig>
  'dedup.minhash': Partial<MinhashDedupConfig>
  'dedup.sentence': Partial<SentenceDedupConfig>
  'extract.html': Partial<ExtractHtmlConfig>
  'filter.c4_badwords': Partial<C4BadWordsConfig>
  'filter.c4_paragraph': Partial<C4ParagraphConfig>
  'filter.c4_quality': Partial<C4QualityConfig>
  'filter.expr': Omit<ExprConfig, 'reason'> & Partial<Pick<ExprConfig, 'reason'>>
  'filter.fineweb_quality': Partial<FineWebQualityConfig>
  'filter.gopher_quality': Partial<GopherQualityConfig>
  'filter.gopher_repetition': Partial<GopherRepetitionConfig>
  'filter.language': Partial<LanguageFilterConfig>
  'filter.length': Partial<LengthConfig>
  'filter.pii': Partial<PiiFilterConfig>
  'filter.url': Partial<UrlFilterConfig>
  'mapper.normalize': Partial<NormalizeConfig>
  'mapper.pii': Partial<PiiMapperConfig>
  'mix': Omit<Partial<MixConfig>, 'weights'> & Pick<MixConfig, 'weights'>
  'tokenize': Partial<TokenizeConfig>
}

/** One step, typed by its operator: `{ op: 'filter.length', min_words: 50 }`. */
export type StepInput = { [K in keyof OperatorConfigs]: { readonly op: K } & OperatorConfigs[K] }[keyof OperatorConfigs]

/** A recipe written in TypeScript: the YAML's fields, with each step's options typed by its operator. */
export interface RecipeInput {
  readonly name?: string
  readonly description?: string
  readonly input: string | readonly string[]
  readonly output: string
  readonly mode?: 'filter' | 'tag'
  readonly steps: readonly StepInput[]
  readonly gates?: readonly string[]
}

/**
 * A recipe from TypeScript: checked like a YAML one (defaults applied; what a type cannot
 * say, such as an expression that does not parse, is refused with `invalid_recipe` naming
 * the field). `recipeYaml` gives the text `strata run` and `runRecipe` take.
 */
export function defineRecipe(input: RecipeInput): Recipe {
  const { recipe, issues } = checkRecipe(input)
  if (!recipe) throw new StrataError('invalid_recipe', issues.map((i) => `${i.field ? `${i.field}: ` : ''}${i.message}`).join('\n'))
  return recipe
}

/** The YAML of a recipe, every option written out, in the form `parseRecipe` reads back to the same recipe. */
export function recipeYaml(recipe: Recipe): string {
  return stringify({
    ...(recipe.name !== undefined ? { name: recipe.name } : {}),
    ...(recipe.description !== undefined ? { description: recipe.description } : {}),
    input: [...recipe.input],
    output: recipe.output,
    mode: recipe.mode,
    steps: recipe.steps.map((s) => ({ op: s.op, ...s.config })),
    gates: [...recipe.gates],
  })
}
