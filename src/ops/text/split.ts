// Words and sentences as datatrove 0.10.1 counts them. datatrove splits words with spaCy's
// blank tokenizer for the language (English: spacy.blank("en")) and sentences with spaCy's
// rule-based sentencizer over those tokens; `Tokenizer` reproduces the English tokenizer
// (token for token on the parity corpus), and every other space-separated language gets
// spaCy's shared punctuation rules without English's contractions and abbreviations (spaCy's
// per-language exceptions, such as French elision, are not reproduced). Languages written
// without spaces (zh, ja, th, and the Han characters of ko) fall back to one word per
// character of those scripts, where datatrove would run jieba, SudachiPy, pythainlp or Kiwi.
import { charClass, codePointAt, PUNCT, unitsOf } from './char-class.ts'
import { isSentenceEnd } from './punctuation.ts'
import { BASE_SPECIAL_CASES, ENGLISH_SPECIAL_CASES } from './special-cases.ts'
import { Tokenizer } from './tokenizer.ts'

export type { Tokens } from './tokenizer.ts'

/** The splitting rules a language gets: English, the shared rules of space-separated languages, or per-character for scripts without spaces. */
export type SplitStyle = 'english' | 'spaced' | 'characters'

const CHARACTER_LANGUAGES = new Set(['zh', 'zho', 'cmn', 'yue', 'wuu', 'ja', 'jpn', 'ko', 'kor', 'th', 'tha'])

/**
 * How `language` is split: an ISO 639-1 or -3 code, optionally with a script or region
 * (`en`, `eng`, `eng_Latn`, `zh-Hans`); case does not matter.
 */
export function splitStyle(language: string): SplitStyle {
  const base = language.toLowerCase().split(/[-_]/)[0]!
  if (base === 'en' || base === 'eng') return 'english'
  return CHARACTER_LANGUAGES.has(base) ? 'characters' : 'spaced'
}

const tokenizers = new Map<SplitStyle, Tokenizer>()

/**
 * The tokenizer for `language`, shared by every operator of the thread (it keeps a cache of
 * the words it has split). Its result is valid until its next call.
 */
export function tokenizerFor(language: string): Tokenizer {
  const style = splitStyle(language)
  let tokenizer = tokenizers.get(style)
  if (tokenizer === undefined) {
    tokenizer = new Tokenizer({
      specials: style === 'english' ? ENGLISH_SPECIAL_CASES : BASE_SPECIAL_CASES,
      hyphenAfterDigit: style === 'english',
      charPerToken: style === 'characters',
    })
    tokenizers.set(style, tokenizer)
  }
  return tokenizer
}

/** The words of `text` (its tokens other than whitespace), as datatrove's `split_into_words`. */
export function splitWords(text: string, language: string): string[] {
  const tokens = tokenizerFor(language).tokenize(text)
  const words: string[] = []
  for (let i = 0; i < tokens.count; i++) if (tokens.space[i] === 0) words.push(text.slice(tokens.starts[i], tokens.ends[i]))
  return words
}

/**
 * How many sentences spaCy's sentencizer finds in `text` (datatrove's `split_into_sentences`
 * length): a sentence ends at a token that is a single sentence-final mark (. ! ? and their
 * kin in other scripts), and the next begins at the first later token that is not
 * punctuation. A text without tokens counts as one, as datatrove's does.
 */
export function countSentences(text: string, language: string): number {
  const tokens = tokenizerFor(language).tokenize(text)
  let sentences = 1
  let ended = false
  for (let i = 0; i < tokens.count; i++) {
    const start = tokens.starts[i]!
    const end = tokens.ends[i]!
    const first = codePointAt(text, start)
    const endsSentence = start + unitsOf(first) === end && isSentenceEnd(first)
    if (endsSentence) ended = true
    else if (ended && (tokens.space[i] === 1 || !allPunctuation(text, start, end))) {
      sentences++
      ended = false
    }
  }
  return sentences
}

/** Whether `text[start, end)` holds punctuation only: such a token continues the sentence a sentence end closed. */
export function allPunctuation(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; ) {
    const cp = codePointAt(text, i)
    if (!(charClass(cp) & PUNCT)) return false
    i += unitsOf(cp)
  }
  return true
}
