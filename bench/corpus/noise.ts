import { paragraph, sentence, utf8Length, word, type Lang } from './languages.ts'
import type { Rng } from './rng.ts'

/**
 * The defects a noisy document is built to carry, each with the rule (datatrove defaults)
 * meant to drop it. A noisy document carries one defect and is otherwise ordinary text.
 */
export const DEFECTS = {
  too_short: 'gopher_quality min_doc_words (50); c4 min_num_sentences (5)',
  symbol_heavy: "gopher_quality max_symbol_word_ratio (0.1 of '#' and '...' per word)",
  bullet_lines: 'gopher_quality max_bullet_lines_ratio (0.9)',
  ellipsis_lines: 'gopher_quality max_ellipsis_lines_ratio (0.3)',
  non_alpha_words: 'gopher_quality max_non_alpha_words_ratio (0.8 of words must hold a letter)',
  long_words: 'gopher_quality max_avg_word_length (10); c4 max_word_length (1000) on one line',
  repeated_lines: 'gopher_repetition dup_line_frac (0.3); fineweb char_duplicates_ratio (0.01)',
  repeated_paragraphs: 'gopher_repetition dup_para_frac (0.3)',
  repeated_ngrams: 'gopher_repetition top_n_grams (2-gram 0.2, 3-gram 0.18, 4-gram 0.16)',
  no_terminal_punctuation: 'fineweb line_punct_thr (0.12); c4 filter_no_terminal_punct then min_num_sentences',
  short_lines: 'fineweb short_line_thr (0.67 of lines at most 30 characters)',
  lorem_ipsum: 'c4 filter_lorem_ipsum',
  javascript_policy: 'c4 filter_javascript and filter_policy, then min_num_sentences (5)',
  curly_bracket: "c4 filter_curly_bracket ('{')",
} as const
export type Defect = keyof typeof DEFECTS
export const DEFECT_NAMES = Object.keys(DEFECTS) as Defect[]

/** Defects built from space-separated words; a zh document with one of them is written in en instead. */
export const WORD_DEFECTS: ReadonlySet<Defect> = new Set(['too_short', 'symbol_heavy', 'non_alpha_words', 'long_words', 'repeated_ngrams', 'short_lines'])

// Lines until the text reaches `bytes` (at least `min` lines).
function fill(bytes: number, line: (i: number) => string, min = 3): string[] {
  const lines: string[] = []
  let n = 0
  while (n < bytes || lines.length < min) {
    const l = line(lines.length)
    lines.push(l)
    n += utf8Length(l) + 1
  }
  return lines
}

const words = (rng: Rng, lang: Lang, n: number) => Array.from({ length: n }, () => word(rng, lang)).join(lang === 'zh' ? '' : ' ')
const LOREM = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.'
const JS_POLICY = [
  'Please enable JavaScript in your browser to view this page.',
  'You need to enable javascript to run this app.',
  'By using this site you agree to our Terms of Use and Privacy Policy.',
  'We use cookies to personalise content. Read our cookie policy.',
  'This site uses cookies. By continuing to browse you agree to the use of cookies.',
]
const CODE = ['function init() { window.dataLayer = window.dataLayer || []; }', 'var config = { "theme": "dark", "ads": true };', '.header { display: flex; margin: 0 auto; }']

const BUILDERS: { readonly [D in Defect]: (rng: Rng, lang: Lang, bytes: number) => string[] } = {
  too_short: (rng, lang) => [sentence(rng, lang, rng.int(3, 12)), ...(rng.chance(0.5) ? [sentence(rng, lang, rng.int(3, 12))] : [])],
  symbol_heavy: (rng, lang, bytes) =>
    fill(bytes, () => {
      const parts: string[] = []
      for (let i = rng.int(8, 20); i > 0; i--) parts.push(rng.chance(0.35) ? `#${word(rng, lang)}` : rng.chance(0.1) ? '...' : word(rng, lang))
      return `${parts.join(' ')}.`
    }),
  bullet_lines: (rng, lang, bytes) => fill(bytes, () => `${rng.pick(['•', '-'])} ${sentence(rng, lang, rng.int(3, 9))}`),
  ellipsis_lines: (rng, lang, bytes) => fill(bytes, () => (rng.chance(0.8) ? `${sentence(rng, lang, rng.int(5, 14)).slice(0, -1)}${rng.pick(['...', '…'])}` : sentence(rng, lang))),
  non_alpha_words: (rng, lang, bytes) =>
    fill(bytes, () => {
      const parts: string[] = []
      for (let i = rng.int(8, 20); i > 0; i--) parts.push(rng.chance(0.5) ? rng.pick([String(rng.int(0, 9999)), '|', '--', '&', String(rng.int(1, 99)) + '%', '=', '+/-']) : word(rng, lang))
      return `${parts.join(' ')}.`
    }),
  long_words: (rng, lang, bytes) => {
    const lines = fill(bytes, () => {
      const parts: string[] = []
      for (let i = rng.int(6, 14); i > 0; i--) parts.push(words(rng, lang, rng.int(3, 5)).replace(/ /g, ''))
      return `${parts.join(' ')}.`
    })
    lines.splice(rng.int(0, lines.length - 1), 0, rng.chars('abcdefghijklmnopqrstuvwxyz', rng.int(1001, 1500)))
    return lines
  },
  repeated_lines: (rng, lang, bytes) => {
    const pool = Array.from({ length: rng.int(2, 4) }, () => paragraph(rng, lang, rng.int(1, 2)))
    return fill(bytes, (i) => (i % 4 === 3 ? paragraph(rng, lang, 1) : rng.pick(pool)), 6)
  },
  repeated_paragraphs: (rng, lang, bytes) => {
    const pool = Array.from({ length: rng.int(2, 3) }, () => `${paragraph(rng, lang, 2)}\n${paragraph(rng, lang, 2)}`)
    return [fill(bytes, (i) => (i % 3 === 2 ? paragraph(rng, lang) : rng.pick(pool)), 6).join('\n\n')]
  },
  repeated_ngrams: (rng, lang, bytes) => {
    const phrase = words(rng, lang, 2)
    return fill(bytes, () => {
      const parts: string[] = []
      for (let i = rng.int(4, 8); i > 0; i--) parts.push(rng.chance(0.6) ? phrase : word(rng, lang))
      return `${parts.join(' ')}.`
    })
  },
  no_terminal_punctuation: (rng, lang, bytes) => fill(bytes, () => sentence(rng, lang).slice(0, -1).replace(/^¿/, '')),
  short_lines: (rng, lang, bytes) => fill(bytes, () => sentence(rng, lang, rng.int(2, 3))),
  lorem_ipsum: (rng, lang, bytes) => {
    const lines = fill(bytes, () => paragraph(rng, lang))
    lines.splice(rng.int(0, lines.length), 0, LOREM)
    return lines
  },
  javascript_policy: (rng, lang, bytes) => fill(bytes, (i) => (i % 5 === 4 && i < 15 ? sentence(rng, lang) : rng.pick(JS_POLICY)), 6),
  curly_bracket: (rng, lang, bytes) => {
    const lines = fill(bytes, () => paragraph(rng, lang))
    lines.splice(rng.int(0, lines.length), 0, rng.pick(CODE))
    return lines
  },
}

/** The text of a document of about `bytes` UTF-8 bytes carrying `defect`. */
export function noisyText(rng: Rng, lang: Lang, defect: Defect, bytes: number): string {
  return BUILDERS[defect](rng, lang, bytes).join('\n')
}
