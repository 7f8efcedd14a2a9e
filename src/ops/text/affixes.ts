// spaCy 3.8's punctuation rules, as its blank tokenizers apply them inside a space-free chunk
// `s[a:b]` (UTF-16 indices; lookbehind never sees before `a`, lookahead never past `b`): what
// a prefix or suffix splits off, and where an infix splits a word. Written as character tests
// instead of spaCy's regular expressions so that no substring is made in the common case.
import { AFFIX, ALPHA, BEFORE_DOT, charClass, codePointAt, codePointBefore, LOWER, PREFIX_ONLY, QUOTE, SYMBOL, UPPER, unitsOf } from './char-class.ts'

const DOT = 0x2e
const ELLIPSIS = 0x2026
const isDigit = (c: number) => c >= 0x30 && c <= 0x39

// Units and currencies split off after a number (`10km`, `5$`); the Cyrillic and Arabic lists
// meet in one entry, as they do in spaCy.
const UNITS = new Set(
  ('km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz m/s km/h kmh mph hPa Pa mbar mb MB ' +
    'kb KB gb GB tb TB T G M K % км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм кг г мг м/с км/ч кПа Па мбар Кб КБ кб Мб МБ ' +
    'мб Гб ГБ гб Тб ТБ тбكم كم² كم³ م م² م³ سم سم² سم³ مم مم² مم³ كم غرام جرام جم كغ ملغ كوب اكواب').split(' '),
)
const CURRENCIES = new Set(['$', '£', '¥', '฿', 'US$', 'C$', 'A$', '﷼', ...Array.from({ length: 0x20c0 - 0x20a0 }, (_, i) => String.fromCharCode(0x20a0 + i))])
const LONGEST_AFTER_NUMBER = 5

/** UTF-16 length of the prefix spaCy splits off the start of `s[a:b]`, 0 if none. */
export function prefixLength(s: string, a: number, b: number): number {
  const cp = codePointAt(s, a)
  const flags = charClass(cp)
  if (flags & (AFFIX | PREFIX_ONLY)) return unitsOf(cp)
  if (cp === 0x2b) return a + 1 < b && isDigit(s.charCodeAt(a + 1)) ? 0 : 1
  if (cp === DOT) {
    let end = a + 1
    while (end < b && s.charCodeAt(end) === DOT) end++
    return end - a >= 2 ? end - a : 0
  }
  if (cp === 0x55 && b - a >= 3 && s.startsWith('US$', a)) return 3
  if ((cp === 0x43 || cp === 0x41) && b - a >= 2 && s.charCodeAt(a + 1) === 0x24) return 2
  return 0
}

/**
 * UTF-16 length of the suffix spaCy splits off the end of `s[a:b]`, 0 if none: the longest of
 * the endings its rules match (its suffix search takes the leftmost match).
 */
export function suffixLength(s: string, a: number, b: number): number {
  let from = b
  const last = codePointBefore(s, b)
  const lastStart = b - unitsOf(last)
  if (lastStart >= a) {
    const flags = charClass(last)
    if (flags & AFFIX) from = lastStart
    else if (last === 0x2b) {
      if (lastStart > a && isDigit(s.charCodeAt(lastStart - 1))) from = lastStart
    } else if (last === DOT && lastStart > a) {
      const before = codePointBefore(s, lastStart)
      const beforeStart = lastStart - unitsOf(before)
      if (isDigit(before) || charClass(before) & (LOWER | BEFORE_DOT)) from = lastStart
      else if (beforeStart > a && charClass(before) & UPPER && charClass(codePointBefore(s, beforeStart)) & UPPER) from = lastStart
      else if (beforeStart > a && s.charCodeAt(beforeStart - 1) === 0xb0 && 'FfCcKk'.includes(String.fromCharCode(before))) from = lastStart
    }
  }
  if (last === DOT) {
    let start = b - 1
    while (start > a && s.charCodeAt(start - 1) === DOT) start--
    if (b - start >= 2) from = Math.min(from, start)
  }
  if (b - 2 >= a) {
    const c1 = s.charCodeAt(b - 2)
    const c2 = s.charCodeAt(b - 1)
    if ((c1 === ELLIPSIS && c2 === ELLIPSIS) || ((c1 === 0x27 || c1 === 0x2019) && (c2 === 0x73 || c2 === 0x53))) from = Math.min(from, b - 2)
  }
  // A unit or currency after a digit: the longest such ending is the leftmost match.
  for (let length = Math.min(LONGEST_AFTER_NUMBER, b - a - 1); length >= 1; length--) {
    const p = b - length
    if (p >= from) break
    if (!isDigit(s.charCodeAt(p - 1))) continue
    const ending = s.slice(p, b)
    if (UNITS.has(ending) || CURRENCIES.has(ending)) {
      from = p
      break
    }
  }
  return b - from
}

// The dashes spaCy splits between letters, in the order its infix rule tries them.
const HYPHENS = ['-', '\u2013', '\u2014', '--', '---', '\u2014\u2014', '~']

/**
 * UTF-16 length of the infix spaCy's rules match at index `i` of `s[a:b]`, 0 if none: runs of
 * periods, ellipses and symbols anywhere; `+ - * ^` between digits; a period from a lowercase
 * letter to an uppercase one; a comma between letters; a dash after a letter (or, in English,
 * a digit) and before a letter; `: < > = /` between a letter or digit and a letter.
 */
export function infixLength(s: string, a: number, b: number, i: number, hyphenAfterDigit: boolean): number {
  const c = s.charCodeAt(i)
  if (c === DOT && i + 1 < b && s.charCodeAt(i + 1) === DOT) {
    let end = i + 2
    while (end < b && s.charCodeAt(end) === DOT) end++
    return end - i
  }
  if (c === ELLIPSIS) return 1
  const cp = codePointAt(s, i)
  if (charClass(cp) & SYMBOL) return unitsOf(cp)
  if (i === a || i + 1 >= b) return 0
  const before = codePointBefore(s, i)
  const beforeFlags = charClass(before)
  if (c === 0x2b || c === 0x2d || c === 0x2a || c === 0x5e) {
    const next = s.charCodeAt(i + 1)
    if (isDigit(before) && (isDigit(next) || next === 0x2d)) return 1
  }
  if (c === DOT) return beforeFlags & (LOWER | QUOTE) && charClass(codePointAt(s, i + 1)) & (UPPER | QUOTE) ? 1 : 0
  if (c === 0x2c) return beforeFlags & ALPHA && charClass(codePointAt(s, i + 1)) & ALPHA ? 1 : 0
  if ((c === 0x2d || c === 0x2013 || c === 0x2014 || c === 0x7e) && (beforeFlags & ALPHA || (hyphenAfterDigit && isDigit(before)))) {
    for (const hyphen of HYPHENS) {
      const end = i + hyphen.length
      if (end < b && s.startsWith(hyphen, i) && charClass(codePointAt(s, end)) & ALPHA) return hyphen.length
    }
  }
  if ((c === 0x3a || c === 0x3c || c === 0x3e || c === 0x3d || c === 0x2f) && (beforeFlags & ALPHA || isDigit(before))) {
    return charClass(codePointAt(s, i + 1)) & ALPHA ? 1 : 0
  }
  return 0
}
