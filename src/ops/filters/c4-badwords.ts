import { hash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { StrataError } from '../../core/errors.ts'
import type { OperatorSpec } from '../operator.ts'
import { charClass, codePointAt, codePointBefore, LETTER, NUMERIC } from '../text/char-class.ts'
import { strip } from '../text/python-str.ts'
import { judgeText } from './judge-text.ts'

export interface C4BadWordsConfig {
  readonly column: string
  readonly language_column: string
  readonly default_language: string
  readonly keep_fraction: number
  readonly fail_on_missing_language: boolean
  readonly seed: number
}

/** The languages with a bundled list (files in `c4-badwords/`, see its README). */
export const BADWORDS_LANGUAGES: readonly string[] = [
  'ar', 'cs', 'da', 'de', 'en', 'eo', 'es', 'fa', 'fi', 'fil', 'fr', 'fr-CA-u-sd-caqc', 'hi', 'hu', 'it', 'ja', 'kab', 'ko',
  'nl', 'no', 'pl', 'pt', 'ru', 'sv', 'th', 'tlh', 'tr', 'zh',
]
const KNOWN = new Set(BADWORDS_LANGUAGES)
// Common parts of ordinary Japanese and Chinese words, left out of every list as datatrove does.
const ALLOWED = new Set(['sm', '\u30b0\u30ed', '\u5973\u306e\u5b50', '\u6027'])
// Written without spaces: a bad word matches anywhere, not only between non-word characters.
const UNSPACED = new Set(['ja', 'th', 'zh'])

/** A trie of words over UTF-16 units; `end` marks the end of a word. */
interface Trie {
  readonly next: Map<number, Trie>
  end: boolean
}

const tries = new Map<string, Trie>()

/** The trie of `language`'s list, read from the bundled file once per thread. */
function trieFor(language: string): Trie {
  let trie = tries.get(language)
  if (trie !== undefined) return trie
  trie = { next: new Map(), end: false }
  const list = readFileSync(new URL(`./c4-badwords/${language}`, import.meta.url), 'utf8')
  for (const line of list.split('\n')) {
    const word = strip(line)
    if (word === '' || ALLOWED.has(word)) continue
    let node = trie
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i)
      let child = node.next.get(c)
      if (child === undefined) node.next.set(c, (child = { next: new Map(), end: false }))
      node = child
    }
    node.end = true
  }
  tries.set(language, trie)
  return trie
}

/** Python's regex `\w`: a letter, a number character or `_`. */
const isWordChar = (cp: number) => cp === 0x5f || (charClass(cp) & (LETTER | NUMERIC)) !== 0

/**
 * Whether lowercased `text` contains a word of `trie`: anywhere when `anywhere`, else only
 * with a non-word character (or the text's edge) on both sides, as datatrove's
 * `(?:\W|^)(words)(?:\W|$)` pattern.
 */
function containsWord(text: string, trie: Trie, anywhere: boolean): boolean {
  for (let p = 0; p < text.length; p++) {
    let node = trie.next.get(text.charCodeAt(p))
    if (node === undefined) continue
    if (!anywhere && p > 0 && isWordChar(codePointBefore(text, p))) continue
    for (let e = p + 1; ; e++) {
      if (node.end && (anywhere || e === text.length || !isWordChar(codePointAt(text, e)))) return true
      if (e === text.length) break
      const next: Trie | undefined = node.next.get(text.charCodeAt(e))
      if (next === undefined) break
      node = next
    }
  }
  return false
}

/**
 * `filter.c4_badwords`: drops documents containing a word of the C4 bad-word list (LDNOOBW) of
 * their language, as datatrove 0.10.1's C4BadWordsFilter: the lowercased text matches a listed
 * word between non-word characters, or anywhere for ja, th and zh. A document's language is
 * its `language_column` value when that is a non-empty string, else `default_language`; a
 * language without a list fails the document (or, with fail_on_missing_language off, keeps
 * it). With keep_fraction above 0, that share of the matching documents is kept: a document is
 * kept when the SHA-256 of `<seed>:<text>` (its first 48 bits, as a number in [0, 1)) is below
 * keep_fraction, so the choice is deterministic and the same for equal texts (datatrove draws
 * from a random generator instead).
 */
export const c4BadWordsFilter: OperatorSpec<C4BadWordsConfig> = {
  name: 'filter.c4_badwords',
  kind: 'filter',
  version: 1,
  summary: 'drop documents containing a word of the C4 bad-word list (LDNOOBW) of their language, as datatrove',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      language_column: { type: 'string', default: 'lang', description: "the column naming each document's language (annotate.language writes lang); absent, null or empty: default_language" },
      default_language: { type: 'string', default: 'en', description: `the language of documents that name none; lists exist for ${BADWORDS_LANGUAGES.join(', ')}` },
      keep_fraction: { type: 'number', minimum: 0, maximum: 1, default: 0, description: 'share of the documents with bad words to keep anyway (chosen by a hash of seed and text)' },
      fail_on_missing_language: { type: 'boolean', default: true, description: 'fail documents in a language without a list (off: keep them)' },
      seed: { type: 'integer', default: 0, description: 'mixed into the hash that picks the kept share' },
    },
    additionalProperties: false,
  },
  create: (c) => {
    if (c.fail_on_missing_language && !KNOWN.has(c.default_language)) {
      throw new StrataError('invalid_argument', `filter.c4_badwords: no bad-word list for default_language '${c.default_language}'; lists exist for ${BADWORDS_LANGUAGES.join(', ')}`)
    }
    const keptAnyway = (text: string): boolean => {
      if (c.keep_fraction <= 0) return false
      return hash('sha256', `${c.seed}:${text}`, 'buffer').readUIntBE(0, 6) / 2 ** 48 < c.keep_fraction
    }
    return {
      kind: 'filter',
      check: judgeText(c.column, (text, doc) => {
        const named = doc[c.language_column]
        const language = typeof named === 'string' && named !== '' ? named : c.default_language
        if (!KNOWN.has(language)) {
          if (!c.fail_on_missing_language) return null
          throw new StrataError('invalid_argument', `filter.c4_badwords: no bad-word list for language '${language}' (column ${c.language_column}); lists exist for ${BADWORDS_LANGUAGES.join(', ')}; set fail_on_missing_language: false to keep such documents`)
        }
        if (!containsWord(text.toLowerCase(), trieFor(language), UNSPACED.has(language))) return null
        return keptAnyway(text) ? null : 'document_removed_with_badwords'
      }),
    }
  },
}
