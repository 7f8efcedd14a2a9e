// Character classes of code points as the splitters and quality rules see them, computed once
// per code point and kept in a table (BMP) or a map (astral planes), so hot loops test a bit
// instead of running a regular expression on a one-character string.

/** Python's `str.isspace()`: the characters Python's `split()`, `strip()` and spaCy split on. */
export const SPACE = 1 << 0
/**
 * A letter of the scripts spaCy's punctuation rules know (its ALPHA): Latin, Greek and
 * Cyrillic letters, and every character of the uncased scripts it lists (Arabic, Hebrew,
 * Devanagari, Bengali, Tamil, Telugu, Kannada, Sinhala, Ethiopic, Hangul, kana, Han).
 */
export const ALPHA = 1 << 1
/** spaCy's ALPHA_LOWER: a lowercase letter of those scripts, or an uncased character. */
export const LOWER = 1 << 2
/** spaCy's ALPHA_UPPER: an uppercase or titlecase letter of those scripts, or an uncased character. */
export const UPPER = 1 << 3
/** A letter of any script (`\p{L}`): Python's `str.isalpha()`. */
export const LETTER = 1 << 4
/** A number character (`\p{N}`); with LETTER and `_`, Python's regex `\w`. */
export const NUMERIC = 1 << 5
/** Unicode category P: spaCy's `is_punct` holds for a token made only of these. */
export const PUNCT = 1 << 6
/** Other symbol (`\p{So}`: dingbats, emoji): spaCy splits these off as prefix, suffix and infix. */
export const SYMBOL = 1 << 7
/** Characters spaCy splits off at either end of a word: its punctuation and quote lists, the dashes and the symbols. */
export const AFFIX = 1 << 8
/** Characters spaCy splits off only at the start of a word: `§ % =` and the currency signs. */
export const PREFIX_ONLY = 1 << 9
/** Characters after which spaCy splits a final period off (besides digits and lowercase letters). */
export const BEFORE_DOT = 1 << 10
/** spaCy's quote characters, which a period between words may touch. */
export const QUOTE = 1 << 11
/** Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar): one word per character in the CJK fallback. */
export const NO_SPACE_SCRIPT = 1 << 12
/** A combining mark (`\p{M}`), which stays with the character before it. */
export const MARK = 1 << 13

const CASED_SCRIPT = 1 << 14
const COMPUTED = 1 << 15
const UNCASED_SCRIPT =
  /[\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Sinhala}\p{sc=Ethiopic}\p{sc=Hangul}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Han}\u2e80-\u2fff\u3000-\u303f\u31c0-\u31ef\u3200-\u33ff\ufe30-\ufe4f\u{1f200}-\u{1f2ff}]/u
const LOWER_LETTER = /\p{Ll}/u
const UPPER_LETTER = /[\p{Lu}\p{Lt}]/u

// Python's str.isspace(): bidirectional class WS, B or S, or category Zs.
const PY_SPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u
const TESTS: readonly (readonly [RegExp, number])[] = [
  [PY_SPACE, SPACE],
  [/\p{L}/u, LETTER],
  [/[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}]/u, CASED_SCRIPT],
  [UNCASED_SCRIPT, ALPHA | LOWER | UPPER],
  [/\p{N}/u, NUMERIC],
  [/\p{P}/u, PUNCT],
  [/\p{So}/u, SYMBOL | AFFIX],
  [/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u, NO_SPACE_SCRIPT],
  [/\p{M}/u, MARK],
]

// spaCy's punctuation and quote lists (one character each), and the dashes it treats alike.
const AFFIX_CHARS = "\u2026,:;!?\u00bf\u061f\u00a1()[]{}<>_#*&\u3002\uff1f\uff01\uff0c\u3001\uff1b\uff1a\uff5e\u00b7\u0964\u060c\u06d4\u061b\u066a" +
  "'\"\u201d\u201c`\u2018\u00b4\u2019\u201a\u201e\u00bb\u00ab\u300c\u300d\u300e\u300f\uff08\uff09\u3014\u3015\u3010\u3011\u300a\u300b\u3008\u3009\u2329\u232a\u27e6\u27e7" +
  '\u2014\u2013'
const QUOTE_CHARS = "'\"\u201d\u201c`\u2018\u00b4\u2019\u201a,\u201e\u00bb\u00ab\u300c\u300d\u300e\u300f\uff08\uff09\u3014\u3015\u3010\u3011\u300a\u300b\u3008\u3009\u2329\u232a\u27e6\u27e7"
// What spaCy splits off only at the start of a word: § % = and currency signs (U+20A0-U+20BF by range).
const PREFIX_ONLY_CHARS = '\u00a7%=$\u00a3\u00a5\u0e3f\ufdfc'
// The class spaCy's final-period rule looks behind at, besides digits and lowercase letters.
const BEFORE_DOT_CHARS = "%\u00b2-+|()?:\u2026,;!\u00bf\u061f\u00a1[]{}<>_#*&\u3002\uff1f\uff01\uff0c\u3001\uff1b\uff1a\uff5e\u00b7\u0964\u060c\u06d4\u061b\u066a"

const table = new Uint16Array(0x10000)
const astral = new Map<number, number>()

function compute(cp: number): number {
  const ch = String.fromCodePoint(cp)
  let flags = COMPUTED
  for (const [re, flag] of TESTS) if (re.test(ch)) flags |= flag
  if (flags & CASED_SCRIPT && flags & LETTER) {
    flags |= ALPHA
    if (LOWER_LETTER.test(ch)) flags |= LOWER
    if (UPPER_LETTER.test(ch)) flags |= UPPER
  }
  if (AFFIX_CHARS.includes(ch)) flags |= AFFIX
  if (QUOTE_CHARS.includes(ch)) flags |= QUOTE | BEFORE_DOT
  if (BEFORE_DOT_CHARS.includes(ch)) flags |= BEFORE_DOT
  if (PREFIX_ONLY_CHARS.includes(ch) || (cp >= 0x20a0 && cp <= 0x20bf)) flags |= PREFIX_ONLY
  return flags
}

/** The class bits of code point `cp`. */
export function charClass(cp: number): number {
  if (cp < 0x10000) {
    const flags = table[cp]!
    if (flags !== 0) return flags
    return (table[cp] = compute(cp))
  }
  let flags = astral.get(cp)
  if (flags === undefined) astral.set(cp, (flags = compute(cp)))
  return flags
}

/** The code point starting at UTF-16 index `i` of `s` (a lone surrogate stands for itself). */
export function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i)
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1)
    if (d >= 0xdc00 && d < 0xe000) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000
  }
  return c
}

/** The code point ending just before UTF-16 index `i` of `s`. */
export function codePointBefore(s: string, i: number): number {
  const d = s.charCodeAt(i - 1)
  if (d >= 0xdc00 && d < 0xe000 && i >= 2) {
    const c = s.charCodeAt(i - 2)
    if (c >= 0xd800 && c < 0xdc00) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000
  }
  return d
}

/** UTF-16 units of code point `cp`. */
export const unitsOf = (cp: number): number => (cp > 0xffff ? 2 : 1)

/** Whether the code unit `c` is Python whitespace (a surrogate never is). */
export const isSpaceUnit = (c: number): boolean => (c <= 0x20 ? c === 0x20 || (c >= 9 && c <= 13) || c >= 0x1c : c >= 0x80 && (charClass(c) & SPACE) !== 0)

/** Python's `len()` of `s[start:end]`: code points, each surrogate pair counting once. */
export function codePointCount(s: string, start = 0, end = s.length): number {
  let n = end - start
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < end) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d < 0xe000) {
        n--
        i++
      }
    }
  }
  return n
}
