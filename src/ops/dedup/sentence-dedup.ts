import { hash } from 'node:crypto'
import type { StructField } from '../../table/schema.ts'
import type { OperatorSpec, Verdict } from '../operator.ts'
import { countSentences, tokenizerFor } from '../text/split.ts'
import { simplifyText, type SentenceNorm } from './sentence-normalize.ts'
import { removeSentences } from './sentence-rebuild.ts'
import { NO_SPAN, SentenceRepeats, type SentenceRanges } from './sentence-repeats.ts'
import { SentenceSplitter } from './sentence-split.ts'

export interface SentenceDedupConfig extends SentenceNorm {
  readonly column: string
  readonly language: string
  readonly n_sentences: number
  readonly split_sentences: boolean
  readonly min_doc_words: number
  readonly min_num_sentences: number
  readonly min_words_to_remove_span: number
}

const REMOVED: StructField = { name: 'sentences_removed', type: 'integer', nullable: true, metadata: {} }
/** The verdict value that carries a document's sentence ranges to `rewrite`; not a column. */
const RANGES = 'sentence_ranges'
const TOO_SHORT = 'sentence_dedup_too_short'
const SPAN_BYTES = 8
/** The length of an empty text's key: not a whole number of spans, so it cannot be mistaken for one. */
const EMPTY_TEXT_BYTES = 1
const flag = (description: string, value = true) => ({ type: 'boolean', default: value, description })
const count = (value: number, description: string) => ({ type: 'integer', minimum: 0, default: value, description })

/**
 * `dedup.sentence`: C4's and datatrove's sentence deduplication. Every run of `n_sentences`
 * consecutive sentences (a span) is hashed (64 bits of SHA-256) after normalization (see
 * `simplifyText`); a span seen earlier in the input, in task and row order or earlier in the
 * same document, is cut from the later document, sentence by sentence, overlapping cuts
 * merged, so the first occurrence stays whole. A document that lost sentences is rejoined
 * and dropped as `sentence_dedup_too_short` if it then has fewer than `min_doc_words` words
 * or `min_num_sentences` sentences, or no text (datatrove leaves such documents out of its
 * output, to its exclusion writer if it has one); its `sentences_removed` column says how
 * many sentences it lost (null for documents that lost none). As datatrove, an empty text
 * is dropped too, repeats or not. A document with fewer than `n_sentences` sentences has no
 * span; one without a string text is left alone.
 */
export const sentenceDedup: OperatorSpec<SentenceDedupConfig> = {
  name: 'dedup.sentence',
  kind: 'global',
  version: 1,
  summary: 'remove every span of n sentences that appeared earlier in the input (first kept); drop documents left too short',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      language: { type: 'string', minLength: 1, default: 'en', description: 'language of the texts, for sentence and word splitting (ISO 639-1 or -3 code)' },
      n_sentences: { type: 'integer', minimum: 1, default: 3, description: 'sentences per span: a repeated span of this many consecutive sentences is removed' },
      split_sentences: flag('cut texts into sentences (spaCy rules); off: into lines, and a kept text is rejoined with newlines'),
      min_doc_words: count(50, 'a document that lost sentences is dropped when fewer words remain (0: no minimum)'),
      min_num_sentences: count(3, 'a document that lost sentences is dropped when fewer sentences remain (0: no minimum)'),
      min_words_to_remove_span: count(0, 'a run of repeated sentences with fewer words than this is kept (0: every run is removed)'),
      lowercase: flag('compare sentences case-insensitively'),
      norm_whitespace: flag('treat every run of whitespace as one space'),
      remove_punctuation: flag('ignore punctuation'),
      norm_unicode_diacritics: flag('ignore accents and other combining marks'),
      norm_numbers: flag('treat every number (with at most one decimal part) as 0'),
      norm_weekdays: flag('treat English weekday names alike', false),
      norm_monthnames: flag('treat English month names alike', false),
    },
    additionalProperties: false,
  },
  create: (c) => {
    const n = c.n_sentences
    const lines = !c.split_sentences
    const splitter = new SentenceSplitter(c.language, lines)
    const normalized: string[] = []
    const countWords = (text: string): number => {
      const tokens = tokenizerFor(c.language).tokenize(text)
      let words = 0
      for (let i = 0; i < tokens.count; i++) words += 1 - tokens.space[i]!
      return words
    }
    const tooShort = (text: string): boolean =>
      text === '' || (c.min_doc_words > 0 && countWords(text) < c.min_doc_words) || (c.min_num_sentences > 0 && countSentences(text, c.language) < c.min_num_sentences)
    return {
      kind: 'global',
      columns: [REMOVED],
      // Key: 8 bytes of hash for each run of n consecutive sentences, by its first sentence; no text.
      key: (batch) =>
        batch.map((doc) => {
          const text = doc[c.column]
          if (typeof text !== 'string') return new Uint8Array(0)
          if (text === '') return new Uint8Array(EMPTY_TEXT_BYTES)
          splitter.cut(text)
          const spans = splitter.content - n + 1
          if (spans <= 0) return new Uint8Array(0)
          for (let i = 0; i < splitter.content; i++) normalized[i] = simplifyText(text.slice(splitter.starts[i], splitter.ends[i]), c)
          const key = Buffer.alloc(spans * SPAN_BYTES)
          let hashed = false
          for (let s = 0; s < spans; s++) {
            let span = normalized[s]!
            let empty = span === ''
            for (let i = s + 1; i < s + n; i++) {
              span += ' ' + normalized[i]
              if (normalized[i] !== '') empty = false
            }
            // A span whose sentences are all punctuation or whitespace stays NO_SPAN (zeros), as datatrove skips it.
            if (empty) continue
            const at = s * SPAN_BYTES
            hash('sha256', span, 'buffer').copy(key, at, 0, SPAN_BYTES)
            if (key.readUInt32LE(at) === NO_SPAN && key.readUInt32LE(at + 4) === NO_SPAN) key[at] = 1
            hashed = true
          }
          return hashed ? key : new Uint8Array(0)
        }),
      decide: async (keys, context) => {
        const repeats = new SentenceRepeats(context.keyBytes / SPAN_BYTES)
        const verdicts = new Map<number, Verdict>()
        let position = 0
        for await (const key of keys) {
          if (key.length === EMPTY_TEXT_BYTES) verdicts.set(position, { reason: TOO_SHORT, values: {} })
          else repeats.add(position, key)
          position++
        }
        for (const [at, ranges] of repeats.ranges(n)) {
          let removed = 0
          for (let r = 0; r < ranges.length; r += 2) removed += ranges[r + 1]! - ranges[r]!
          verdicts.set(at, { reason: null, values: { [REMOVED.name]: removed, [RANGES]: ranges } })
        }
        return verdicts
      },
      rewrite: (doc, verdict) => {
        const text = doc[c.column]
        const ranges = verdict.values[RANGES]
        if (typeof text !== 'string' || !Array.isArray(ranges)) return null
        splitter.cut(text)
        const rebuilt = removeSentences(text, splitter, ranges as SentenceRanges, lines, c.min_words_to_remove_span, countWords)
        doc[REMOVED.name] = rebuilt.removed
        // As datatrove, a text that comes back unchanged is kept whatever its length.
        if (rebuilt.text === text) return null
        if (tooShort(rebuilt.text)) return TOO_SHORT
        doc[c.column] = rebuilt.text
        return null
      },
    }
  },
}
