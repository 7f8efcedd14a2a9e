import { cardBrandFits, luhnValid } from './card.ts'
import { DigitGroups, GAP_DASH, GAP_DOT, GAP_HARD, GAP_SLASH, GAP_SPACE } from './digit-groups.ts'
import { ibanAt } from './iban.ts'
import { ipv4Public } from './ip-ranges.ts'
import { phoneShape } from './phone.ts'
import { ssnIssuable } from './ssn.ts'
import type { PiiSpan, PiiType } from './types.ts'

// A value that has the shape of a type but fails its check (a private IP address, a card
// number failing Luhn): it is no PII, and no other rule may claim a part of it.
const NEAR_MISS = 'near_miss'
type Verdict = PiiType | typeof NEAR_MISS | null

// How the text goes on after a run: freely, with `:digit` (a port, after which only an IPv4
// address may end), or glued to a word (no value may end there).
const RIGHT_FREE = 0
const RIGHT_PORT = 1
const RIGHT_GLUED = 2

/** The most groups one value spans (`+7 (495) 123-45-67`, a 19-digit card in fives). */
const MAX_VALUE_GROUPS = 7
/** Runs shorter than this (`1.1.1.1`) hold no value, unless glued to an IBAN's country code. */
const MIN_RUN = 7

const VERSION_BEFORE = /(?:^|[^\p{L}])(?:version|versi[oó]n|vers[aã]o|versione|ver|release|build|firmware|update|upgrade|patch|rev|revision|v)\.?\s*:?(?:\s+(?:to|auf|zu|vers|à|a|на|до))?\s*$/iu
const IP_BEFORE = /(?:^|[^\p{L}])(?:ip|ipv4|address|addr|server|host|dns|gateway|router|proxy|ping|nameserver|resolver)s?[^\p{L}\d\n]{0,12}$/iu
const PHONE_BEFORE =
  /(?:(?:^|[^\p{L}])(?:tel|tél|phone|fon|fax|call|mobile?|mob|cell|whats ?app|sms|contact|hotline|m[oó]vil|tel[eé]fono|t[eé]l[eé]phone|portable|telefon|handy|ruf|тел|телефон|моб|звон)|电话|手机|電話|联系|致电)[^\d\n]{0,24}$/iu

const isDigit = (c: number) => c >= 48 && c <= 57
const isUpper = (c: number) => c >= 65 && c <= 90
// Letters of alphabetic scripts (Latin, Greek, Cyrillic), digits and `_`: a number touching
// one is part of a word (an id, a hash, `v1.2.3.4`). CJK text puts no space before a
// number, so its characters do not glue.
const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0x52f)
const isSplit = (gap: number) => gap === GAP_SPACE || gap === GAP_SLASH || gap === GAP_HARD

/**
 * Finds the values written in digit groups (IPv4 addresses, phone numbers, card numbers,
 * SSNs) and IBANs, in one pass: a regular expression finds each run of digits and
 * separators, which is read into groups once, and the longest value that starts at each
 * group is taken, earliest first. A value begins and ends at a word boundary; inside a
 * run, only at a space or slash, so `2024-01-15 555-123-4567` yields the phone number but
 * no part of `4111 1111 1111 1112` (a card failing Luhn) is taken for one.
 */
export class NumberScanner {
  private readonly groups = new DigitGroups()
  private readonly run = /[+(]?\d[\d \u00a0\u202f()\-./]*/g
  private readonly wanted: ReadonlySet<PiiType>
  private readonly includePrivateIps: boolean
  private text = ''

  constructor(wanted: ReadonlySet<PiiType>, includePrivateIps: boolean) {
    this.wanted = wanted
    this.includePrivateIps = includePrivateIps
  }

  /** Appends the values of `text` to `out`, in order. */
  scan(text: string, out: PiiSpan[]): void {
    this.text = text
    const run = this.run
    run.lastIndex = 0
    for (let m = run.exec(text); m !== null; m = run.exec(text)) {
      const from = m.index
      let to = run.lastIndex
      while (to > from && !isDigit(text.charCodeAt(to - 1)) && text.charCodeAt(to - 1) !== 41) to--
      let first = 0
      if (glued(text, from)) {
        if (ibanStart(text, from)) {
          const iban = ibanAt(text, from - 2)
          if (iban !== null) {
            if (iban.valid && this.wanted.has('iban')) out.push({ type: 'iban', start: from - 2, end: iban.end })
            if (iban.end > run.lastIndex) run.lastIndex = iban.end
          }
          continue
        }
        first = 1
      }
      if (to - from < MIN_RUN) continue
      const stop = this.groups.read(text, from, to)
      if (stop < to) run.lastIndex = stop
      this.values(first, stop < to ? RIGHT_FREE : rightOf(text, to), out)
    }
    this.text = ''
  }

  private values(first: number, right: number, out: PiiSpan[]): void {
    const g = this.groups
    for (let i = first; i < g.n; ) {
      if (i > 0 && !isSplit(g.gap[i]!)) {
        i++
        continue
      }
      let limit = Math.min(g.n, i + MAX_VALUE_GROUPS)
      for (let k = i + 1; k < limit; k++) if (g.gap[k] === GAP_HARD) limit = k
      let next = i + 1
      for (let j = limit; j > i; j--) {
        const end = j === g.n ? right : isSplit(g.gap[j]!) ? RIGHT_FREE : RIGHT_GLUED
        if (end === RIGHT_GLUED) continue
        const verdict = this.verdict(i, j, end === RIGHT_PORT)
        if (verdict === null) continue
        if (verdict !== NEAR_MISS && this.wanted.has(verdict)) {
          const start = g.start[i]! - g.paren[i]! - (i === 0 && g.plus ? 1 : 0)
          out.push({ type: verdict, start, end: g.end[j - 1]! + g.paren[j - 1]! })
        }
        next = j
        break
      }
      i = next
    }
  }

  private verdict(i: number, j: number, port: boolean): Verdict {
    const plus = i === 0 && this.groups.plus
    if (!plus) {
      const ip = this.ipv4(i, j)
      if (ip !== null || port) return ip
      const ssn = this.ssn(i, j)
      if (ssn !== null) return ssn
      const card = this.card(i, j)
      if (card !== null) return card
    }
    const shape = phoneShape(this.groups, i, j, plus)
    if (shape === 'phone') return 'phone'
    if (shape === 'weak') {
      const start = this.groups.start[i]! - this.groups.paren[i]!
      if (PHONE_BEFORE.test(this.text.slice(Math.max(0, start - 40), start))) return 'phone'
    }
    return null
  }

  // Four dot-separated octets without leading zeros. Version strings (after "version",
  // "v", or four single digits with no word such as "IP" or "server" before them) and
  // non-public addresses are near misses.
  private ipv4(i: number, j: number): Verdict {
    const g = this.groups
    if (j - i !== 4 || !g.gapsAre(i, j, GAP_DOT) || !g.noParens(i, j)) return null
    let small = true
    for (let k = i; k < j; k++) {
      const len = g.len(k)
      if (len > 3 || (len > 1 && g.digit(k, 0) === 0) || g.value(k) > 255) return null
      if (len > 1) small = false
    }
    const start = g.start[i]!
    const before = this.text.slice(Math.max(0, start - 24), start)
    if (VERSION_BEFORE.test(before) || (small && !IP_BEFORE.test(before))) return NEAR_MISS
    if (!this.includePrivateIps && !ipv4Public(g.value(i), g.value(i + 1), g.value(i + 2))) return NEAR_MISS
    return 'ipv4'
  }

  private ssn(i: number, j: number): Verdict {
    const g = this.groups
    if (j - i !== 3 || g.len(i) !== 3 || g.len(i + 1) !== 2 || g.len(i + 2) !== 4 || !g.gapsAre(i, j, GAP_DASH) || !g.noParens(i, j)) return null
    return ssnIssuable(g.value(i), g.value(i + 1), g.value(i + 2)) ? 'us_ssn' : NEAR_MISS
  }

  // 13-19 digits, whole or grouped by one kind of separator in fours (the last group
  // shorter) or as 4-6-5 and 4-6-4; the brand's prefix and length must fit.
  private card(i: number, j: number): Verdict {
    const g = this.groups
    const digits = g.digits(i, j)
    if (digits < 13 || digits > 19 || !g.noParens(i, j)) return null
    if (j - i > 1) {
      const sep = g.gap[i + 1]!
      if ((sep !== GAP_SPACE && sep !== GAP_DASH) || !g.gapsAre(i, j, sep)) return null
      const n = j - i
      let fours = true
      for (let k = i; k < j - 1; k++) if (g.len(k) !== 4) fours = false
      const sixes = n === 3 && g.len(i) === 4 && g.len(i + 1) === 6 && (g.len(i + 2) === 5 || g.len(i + 2) === 4)
      if (!(fours && g.len(j - 1) <= 4) && !sixes) return null
    }
    let iin = 0
    for (let k = i, taken = 0; k < j && taken < 6; k++) for (let p = 0; p < g.len(k) && taken < 6; p++, taken++) iin = iin * 10 + g.digit(k, p)
    if (!cardBrandFits(iin, digits)) return null
    return luhnValid(this.text, g.start[i]!, g.end[j - 1]!) ? 'credit_card' : NEAR_MISS
  }
}

function glued(text: string, from: number): boolean {
  if (from === 0) return false
  const c = text.charCodeAt(from - 1)
  if (isWordChar(c)) return true
  switch (c) {
    case 35: case 36: case 37: case 38: case 64: case 92: case 0xa3: case 0xa5: case 0x20ac: // # $ % & @ \ £ ¥ €
      return true
    case 44: case 46: case 58: // , . : after a digit: a decimal, a version, a time
      return from >= 2 && isDigit(text.charCodeAt(from - 2))
    case 45: case 47: // - / after a word: an id, a path
      return from >= 2 && isWordChar(text.charCodeAt(from - 2))
    default:
      return false
  }
}

function rightOf(text: string, to: number): number {
  if (to >= text.length) return RIGHT_FREE
  const c = text.charCodeAt(to)
  if (isWordChar(c) || c === 64 || c === 37 || c === 0x20ac) return RIGHT_GLUED
  const next = to + 1 < text.length ? text.charCodeAt(to + 1) : 0
  if ((c === 44 || c === 45 || c === 46 || c === 47) && isWordChar(next)) return RIGHT_GLUED
  if (c === 58 && isDigit(next)) return RIGHT_PORT
  return RIGHT_FREE
}

// Two capitals at a word boundary right before the run's two check digits: an IBAN's start.
function ibanStart(text: string, from: number): boolean {
  if (from < 2 || !isUpper(text.charCodeAt(from - 2)) || !isUpper(text.charCodeAt(from - 1))) return false
  if (from >= 3 && isWordChar(text.charCodeAt(from - 3))) return false
  return isDigit(text.charCodeAt(from)) && isDigit(text.charCodeAt(from + 1))
}
