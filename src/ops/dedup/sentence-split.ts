// The sentences of a text as datatrove's sentence dedup cuts them: spaCy's rule-based
// sentencizer over spaCy's tokens (as `countSentences` in ../text/split.ts counts them, here
// with their offsets), or `str.splitlines()` when it works on lines.
import { codePointAt, unitsOf } from '../text/char-class.ts'
import { isSentenceEnd } from '../text/punctuation.ts'
import { forEachLine } from '../text/python-str.ts'
import { allPunctuation, tokenizerFor } from '../text/split.ts'

/**
 * Cuts texts into sentences (or lines), into arrays reused from text to text. Sentence `i`
 * is `text.slice(starts[i], ends[i])`: from its first token to the end of its last, so a
 * single space after it belongs to no sentence, and a longer run of whitespace begins the
 * next sentence.
 */
export class SentenceSplitter {
  /** Sentences of the last text cut. */
  count = 0
  /**
   * Sentences up to the last one holding a word: datatrove hashes only sentences that are
   * not whitespace alone, and whitespace alone can only be the last sentence (trailing
   * whitespace after a full stop), so the others keep their indexes.
   */
  content = 0
  starts = new Int32Array(256)
  ends = new Int32Array(256)
  readonly #language: string
  readonly #lines: boolean
  readonly #addLine = (start: number, end: number): void => this.#add(start, end, true)

  /** `lines`: cut at line breaks instead of sentence ends. */
  constructor(language: string, lines: boolean) {
    this.#language = language
    this.#lines = lines
  }

  /** Cuts `text`; returns `count`. */
  cut(text: string): number {
    this.count = 0
    this.content = 0
    if (this.#lines) forEachLine(text, this.#addLine)
    else this.#sentences(text)
    return this.count
  }

  /**
   * Where what sentence `i` brings to a rebuilt text begins: the end of the sentence before
   * (the whitespace between two sentences goes with the second), or its line's start.
   */
  pieceStart(i: number): number {
    if (this.#lines) return this.starts[i]!
    return i === 0 ? 0 : this.ends[i - 1]!
  }

  // spaCy's sentencizer: a sentence ends at a token that is one sentence-final mark; the next
  // begins at the first later token that is whitespace or not all punctuation.
  #sentences(text: string): void {
    const tokens = tokenizerFor(this.#language).tokenize(text)
    if (tokens.count === 0) return
    let start = tokens.starts[0]!
    let ended = false
    let hasWord = false
    for (let i = 0; i < tokens.count; i++) {
      const from = tokens.starts[i]!
      const to = tokens.ends[i]!
      const first = codePointAt(text, from)
      if (from + unitsOf(first) === to && isSentenceEnd(first)) ended = true
      else if (ended && (tokens.space[i] === 1 || !allPunctuation(text, from, to))) {
        this.#add(start, tokens.ends[i - 1]!, hasWord)
        start = from
        hasWord = false
        ended = false
      }
      if (tokens.space[i] === 0) hasWord = true
    }
    this.#add(start, tokens.ends[tokens.count - 1]!, hasWord)
  }

  #add(start: number, end: number, hasWord: boolean): void {
    const i = this.count
    if (i === this.starts.length) {
      const starts = new Int32Array(i * 2)
      const ends = new Int32Array(i * 2)
      starts.set(this.starts)
      ends.set(this.ends)
      this.starts = starts
      this.ends = ends
    }
    this.starts[i] = start
    this.ends[i] = end
    this.count = i + 1
    if (hasWord) this.content = i + 1
  }
}
