// The text normalization datatrove applies to a sentence before hashing it for sentence
// dedup (`simplify_text` with a `TextNormConfig`), so that sentences differing only in case,
// numbers, punctuation, spacing or accents are the same sentence.
import { strip } from '../text/python-str.ts'

/** Which normalizations apply, by datatrove's `TextNormConfig` names. */
export interface SentenceNorm {
  readonly lowercase: boolean
  readonly norm_whitespace: boolean
  readonly remove_punctuation: boolean
  readonly norm_unicode_diacritics: boolean
  readonly norm_numbers: boolean
  readonly norm_weekdays: boolean
  readonly norm_monthnames: boolean
}

/** A number in any script, with at most one decimal part after one separator. */
const NUMBERS = /\p{Nd}+(?:[.,\u060c\u066b\u2396-\u2398]\p{Nd}+)?/gu
const WEEKDAYS = /monday|tuesday|wednesday|thursday|friday|saturday|sunday/g
const MONTHS = /january|february|march|april|may|june|july|august|september|october|november|december/g
// datatrove's PUNCTUATION (not its terminal punctuation of other scripts): ASCII punctuation,
// C0 and C1 controls but tab and newline, and some typographic and CJK marks.
const PUNCTUATION =
  /[\0-\x08\x0b-\x1f!-/:-@[-`{-\x9f\xab\xb4\xbb\u2013\u2014\u2019\u201c-\u201e\u2026\u2236\u2501\u25ba\u3001\u3002\u3008-\u300d\u3010\u3011\uff01\uff05\uff08\uff09\uff0c\uff0e\uff11\uff1a\uff1b\uff1f\uff5e]/g
// Python whitespace (`str.isspace()`), which JavaScript's `\s` does not quite match: runs of
// it, and single whitespace other than a space (the places where collapsing changes the text).
const WHITESPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]{2,}|[\t-\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g
const NONSPACING_MARKS = /\p{Mn}/gu
const NON_ASCII = /[^\0-\x7f]/

/**
 * `text` normalized as datatrove's `simplify_text` does, in its order: lowercased, numbers
 * to `0`, weekday and month names to `WEEKDAY` and `MONTH` (English names, after
 * lowercasing), punctuation to spaces, whitespace runs to one space, accents removed
 * (NFD without nonspacing marks); the result has no whitespace at either end.
 */
export function simplifyText(text: string, norm: SentenceNorm): string {
  if (norm.lowercase) text = text.toLowerCase()
  if (norm.norm_numbers) text = text.replace(NUMBERS, '0')
  if (norm.norm_weekdays) text = text.replace(WEEKDAYS, 'WEEKDAY')
  if (norm.norm_monthnames) text = text.replace(MONTHS, 'MONTH')
  if (norm.remove_punctuation) text = text.replace(PUNCTUATION, ' ')
  if (norm.norm_whitespace) text = strip(text).replace(WHITESPACE, ' ')
  // ASCII has nothing to decompose, and most sentences are ASCII.
  if (norm.norm_unicode_diacritics && NON_ASCII.test(text)) text = text.normalize('NFD').replace(NONSPACING_MARKS, '')
  return strip(text)
}
