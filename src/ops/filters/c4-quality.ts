import type { OperatorSpec } from '../operator.ts'
import { splitLines, strip, whitespaceWords, type WhitespaceWords } from '../text/python-str.ts'
import { countSentences } from '../text/split.ts'

export interface C4QualityConfig {
  readonly column: string
  readonly language: string
  readonly remove_citations: boolean
  readonly filter_no_terminal_punct: boolean
  readonly min_num_sentences: number
  readonly min_words_per_line: number
  readonly max_word_length: number
  readonly filter_lorem_ipsum: boolean
  readonly filter_javascript: boolean
  readonly filter_curly_bracket: boolean
  readonly filter_policy: boolean
}

const CITATION = /\[\p{Nd}*\]|\[edit\]|\[citation needed\]/gu
// . ? ! " '
const isTerminal = (c: number) => c === 0x2e || c === 0x3f || c === 0x21 || c === 0x22 || c === 0x27
const POLICY = ['terms of use', 'privacy policy', 'cookie policy', 'uses cookies', 'use of cookies', 'use cookies']

/** What the line rules make of one line: dropped, the whole document dropped (with the reason), or kept as `line`. */
type LineVerdict = { readonly kind: 'skip' } | { readonly kind: 'drop'; readonly reason: string } | { readonly kind: 'keep'; readonly line: string }

const SKIP: LineVerdict = { kind: 'skip' }

/**
 * `filter.c4_quality`: C4's line and page rules (Raffel et al. 2020) with datatrove 0.10.1's
 * C4QualityFilter defaults, order and reasons; it also cleans what it keeps. Each line is
 * stripped and dropped if a word is longer than max_word_length, if (after citations such as
 * `[1]`, `[edit]` are removed) it does not end in . ? ! " ' or ends in "...", if it has fewer
 * than min_words_per_line words, mentions javascript, or a cookie or terms-of-use phrase; a kept
 * line with "lorem ipsum" or "{" drops the page (lorem_ipsum, curly_bracket), and so does a page
 * whose kept lines hold fewer than min_num_sentences sentences (too_few_sentences). The text of
 * a kept page becomes its kept lines, one per line.
 *
 * Running the filter on its own output changes nothing. datatrove's does not always hold to
 * that, and where it does not, Strata gives what a second datatrove pass would: a line whose
 * citation removal leaves it with leading whitespace, fewer words, or a new citation (`[[1]]`)
 * is judged and cleaned again until it is stable. datatrove's sentence mode
 * (split_paragraph=False) is not offered: its output is not stable under a second pass.
 */
export const c4QualityFilter: OperatorSpec<C4QualityConfig> = {
  name: 'filter.c4_quality',
  kind: 'filter',
  version: 1,
  summary: "C4's line rules (terminal punctuation, short lines, javascript, policy text, citations) and page rules, as datatrove; keeps the cleaned text",
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column, rewritten to the kept lines' },
      language: { type: 'string', minLength: 1, default: 'en', description: 'language of the texts, for sentence splitting (ISO 639-1 or -3 code)' },
      remove_citations: { type: 'boolean', default: true, description: 'remove Wikipedia-style citations: [1], [edit], [citation needed]' },
      filter_no_terminal_punct: { type: 'boolean', default: true, description: 'drop lines not ending in . ? ! " \' (or ending in ...)' },
      min_num_sentences: { type: 'integer', minimum: -1, default: 5, description: 'fewer sentences in the kept lines than this: too_few_sentences; -1 turns the rule off' },
      min_words_per_line: { type: 'integer', minimum: -1, default: 3, description: 'drop lines with fewer whitespace-separated words than this; -1 turns the rule off' },
      max_word_length: { type: 'integer', minimum: -1, default: 1000, description: 'drop lines with a word longer than this (code points); -1 turns the rule off' },
      filter_lorem_ipsum: { type: 'boolean', default: true, description: 'a kept line containing "lorem ipsum" (any case): lorem_ipsum' },
      filter_javascript: { type: 'boolean', default: true, description: 'drop lines containing "javascript" (any case)' },
      filter_curly_bracket: { type: 'boolean', default: true, description: 'a kept line containing "{": curly_bracket' },
      filter_policy: { type: 'boolean', default: true, description: 'drop lines about cookies, terms of use or privacy policy' },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const words: WhitespaceWords = { count: 0, longest: 0 }

    // The line rules over one stripped line: the line without citations when it stays.
    const judge = (line: string): LineVerdict | string => {
      // The three line-dropping tests come first in datatrove too, so their order among themselves does not matter.
      const cleaned = c.remove_citations && line.includes('[') ? line.replace(CITATION, '') : line
      if (c.filter_no_terminal_punct && (!isTerminal(cleaned.charCodeAt(cleaned.length - 1)) || cleaned.endsWith('...'))) return SKIP
      whitespaceWords(line, words)
      if (c.max_word_length !== -1 && words.longest > c.max_word_length) return SKIP
      if (words.count < c.min_words_per_line) return SKIP
      const lower = cleaned.toLowerCase()
      if (c.filter_lorem_ipsum && lower.includes('lorem ipsum')) return { kind: 'drop', reason: 'lorem_ipsum' }
      if (c.filter_javascript && lower.includes('javascript')) return SKIP
      if (c.filter_curly_bracket && cleaned.includes('{')) return { kind: 'drop', reason: 'curly_bracket' }
      if (c.filter_policy && POLICY.some((phrase) => lower.includes(phrase))) return SKIP
      return cleaned
    }

    // Judges a line as datatrove does, then again as a second pass would while cleaning changed it.
    const lineVerdict = (raw: string): LineVerdict => {
      let line = strip(raw)
      for (;;) {
        const verdict = judge(line)
        if (typeof verdict !== 'string') return verdict
        if (verdict === line) return { kind: 'keep', line }
        line = strip(verdict)
      }
    }

    const clean = (text: string): { reason: string } | { text: string } => {
      const kept: string[] = []
      let sentences = 0
      for (const raw of splitLines(text)) {
        const verdict = lineVerdict(raw)
        if (verdict.kind === 'drop') return { reason: verdict.reason }
        if (verdict.kind === 'skip') continue
        if (c.min_num_sentences !== -1) sentences += countSentences(verdict.line, c.language)
        kept.push(verdict.line)
      }
      if (sentences < c.min_num_sentences) return { reason: 'too_few_sentences' }
      return { text: kept.join('\n') }
    }

    return {
      kind: 'filter',
      check: (batch) => {
        const results = batch.map((doc) => {
          const text = doc[c.column]
          return typeof text === 'string' ? clean(text) : { reason: 'no_text' }
        })
        // Rewrites only once every document is judged, so a batch is never left half rewritten.
        return results.map((result, i) => {
          if ('reason' in result) return result.reason
          batch[i]![c.column] = result.text
          return null
        })
      },
    }
  },
}
