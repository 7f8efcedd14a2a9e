import { LID_176_MODEL, loadFastTextModel, type FastTextModel } from './fasttext-model.ts'

/**
 * fastText's lid.176 language identifier, as FineWeb and CCNet use it: the quantized
 * `lid.176.ftz` that the fasttext.wasm.js package ships, read from there (nothing is
 * fetched) by Strata's own TypeScript inference (fasttext-model.ts: the same labels and
 * scores as the package's WebAssembly build, about six times faster). Labels are lid.176's
 * codes without the `__label__` prefix: ISO 639-1 where one exists (`en`, `zh`), else
 * Wikipedia's (`als`, `ceb`).
 *
 * Operators predict inside the synchronous `annotate` and `check`: their `load` (awaited
 * by the engine in each worker before it creates them) calls `loadLanguageModel`, so only
 * a process that runs a language step pays the model's ~100 ms and 12 MB, once per thread.
 */
let model: FastTextModel | undefined
let loading: Promise<void> | undefined

/** Loads the model into this thread, once; later calls wait for the first. */
export function loadLanguageModel(): Promise<void> {
  loading ??= (async () => {
    model = await loadFastTextModel(LID_176_MODEL)
  })()
  return loading
}

/** A language label and the model's probability for it. */
export interface LanguageGuess {
  readonly lang: string
  readonly score: number
}

/** Every label lid.176 can predict (read from the model once and written here, so checking a recipe needs no model). */
export const LID_LANGUAGES: ReadonlySet<string> = new Set([
  'af', 'als', 'am', 'an', 'ar', 'arz', 'as', 'ast', 'av', 'az', 'azb', 'ba', 'bar', 'bcl', 'be',
  'bg', 'bh', 'bn', 'bo', 'bpy', 'br', 'bs', 'bxr', 'ca', 'cbk', 'ce', 'ceb', 'ckb', 'co', 'cs',
  'cv', 'cy', 'da', 'de', 'diq', 'dsb', 'dty', 'dv', 'el', 'eml', 'en', 'eo', 'es', 'et', 'eu',
  'fa', 'fi', 'fr', 'frr', 'fy', 'ga', 'gd', 'gl', 'gn', 'gom', 'gu', 'gv', 'he', 'hi', 'hif',
  'hr', 'hsb', 'ht', 'hu', 'hy', 'ia', 'id', 'ie', 'ilo', 'io', 'is', 'it', 'ja', 'jbo', 'jv',
  'ka', 'kk', 'km', 'kn', 'ko', 'krc', 'ku', 'kv', 'kw', 'ky', 'la', 'lb', 'lez', 'li', 'lmo',
  'lo', 'lrc', 'lt', 'lv', 'mai', 'mg', 'mhr', 'min', 'mk', 'ml', 'mn', 'mr', 'mrj', 'ms', 'mt',
  'mwl', 'my', 'myv', 'mzn', 'nah', 'nap', 'nds', 'ne', 'new', 'nl', 'nn', 'no', 'oc', 'or', 'os',
  'pa', 'pam', 'pfl', 'pl', 'pms', 'pnb', 'ps', 'pt', 'qu', 'rm', 'ro', 'ru', 'rue', 'sa', 'sah',
  'sc', 'scn', 'sco', 'sd', 'sh', 'si', 'sk', 'sl', 'so', 'sq', 'sr', 'su', 'sv', 'sw', 'ta', 'te',
  'tg', 'th', 'tk', 'tl', 'tr', 'tt', 'tyv', 'ug', 'uk', 'ur', 'uz', 'vec', 'vep', 'vi', 'vls',
  'vo', 'wa', 'war', 'wuu', 'xal', 'xmf', 'yi', 'yo', 'yue', 'zh',
])

// fastText splits words on these characters only; a text made of nothing else has no
// words, and the model would answer with its prior alone.
const HAS_WORD = /[^ \n\r\t\v\f\0]/

/**
 * The most likely language of `text` and its probability; null when the text has no
 * words. fastText reads a single line (it stops at the first newline), so newlines
 * become spaces first, as datatrove does, and the scores are comparable with its
 * `language_score`.
 */
export function predictLanguage(text: string): LanguageGuess | null {
  if (!HAS_WORD.test(text)) return null
  return guesses(text, 1, 0)[0] ?? null
}

/** Every language whose probability is at least `threshold`, most likely first; none when the text has no words. */
export function languagesAbove(text: string, threshold: number): LanguageGuess[] {
  if (!HAS_WORD.test(text)) return []
  return guesses(text, -1, threshold)
}

function guesses(text: string, k: number, threshold: number): LanguageGuess[] {
  // A programming error, not a user's: the engine awaits the spec's load before creating the operator.
  if (!model) throw new Error('the language model is not loaded: await loadLanguageModel() before predicting')
  return model.predict(text.replaceAll('\n', ' '), k, threshold).map((p) => ({ lang: p.label, score: p.score }))
}
