import { type DigitGroups, GAP_DASH, GAP_DOT, GAP_HARD, GAP_NONE, GAP_SLASH, GAP_SPACE } from './digit-groups.ts'

/**
 * Phone numbers by the shape of their digit groups. A number is `phone` when written in a
 * form few other numbers take: international (`+` or `00`, then 8-15 digits), North American
 * (`(555) 123-4567`, `555.123.4567`), national with a trunk 0 (`030 1234567`,
 * `06 12 34 56 78`, `020 7946 0958`), Russian trunk 8 (`8 (495) 123-45-67`) or a Chinese
 * mobile (`138 1234 5678`). Other groupings of 7-12 digits (`612 345 678`, `5551234567`)
 * are `weak`: the caller accepts them only after a word such as "tel" or "phone". Dates
 * (`15.01.2024`, `2024-01-15`) are never phone numbers.
 */
export type PhoneShape = 'phone' | 'weak' | null

const isSep = (gap: number) => gap === GAP_SPACE || gap === GAP_DASH || gap === GAP_DOT

/** The shape of groups `[i, j)` of `g`; `plus` when a `+` leads them. */
export function phoneShape(g: DigitGroups, i: number, j: number, plus: boolean): PhoneShape {
  for (let k = i + 1; k < j; k++) if (g.gap[k] === GAP_HARD) return null
  if (plus) return international(g, i, j) ? 'phone' : null
  if (exitCode(g, i, j)) return 'phone'
  if (startsWithDate(g, i, j)) return null
  if (northAmerican(g, i, j) || chineseMobile(g, i, j) || russianTrunk(g, i, j) || trunkZero(g, i, j)) return 'phone'
  return weak(g, i, j) ? 'weak' : null
}

// `+` country code, then groups of two or more digits (one may be a lone area digit right
// after the code, and a `(0)` trunk digit is not counted); 8-15 digits in all (E.164).
function international(g: DigitGroups, i: number, j: number): boolean {
  if (g.paren[i] || g.digit(i, 0) === 0) return false
  if (j - i === 1) return g.len(i) >= 8 && g.len(i) <= 15
  if (g.len(i) > 5) return false
  let digits = g.len(i)
  for (let k = i + 1; k < j; k++) {
    const len = g.len(k)
    if (g.paren[k]) {
      if (k > i + 2) return false
      if (len === 1 && g.digit(k, 0) === 0) continue
    } else if (len < 2 && !areaDigitAt(g, i, k) && !extensionAt(g, j, k)) {
      return false
    }
    digits += len
  }
  return digits >= 8 && digits <= 15
}

// `0049 30 1234567`: the international prefix 00 and a country code as the first group.
function exitCode(g: DigitGroups, i: number, j: number): boolean {
  const len = g.len(i)
  if (j - i < 2 || len < 3 || len > 5 || g.paren[i] || g.digit(i, 0) !== 0 || g.digit(i, 1) !== 0 || g.digit(i, 2) === 0) return false
  let digits = len - 2
  for (let k = i + 1; k < j; k++) {
    if (g.paren[k] && k === i + 1 && g.len(k) === 1 && g.digit(k, 0) === 0) continue
    if (g.paren[k] || (g.len(k) < 2 && !areaDigitAt(g, i, k) && !extensionAt(g, j, k))) return false
    digits += g.len(k)
  }
  return digits >= 8 && digits <= 15
}

// A one-digit extension after a dash ends a number (`034202-3090-0`, the switchboard).
const extensionAt = (g: DigitGroups, j: number, k: number) => k === j - 1 && g.gap[k] === GAP_DASH

// A one-digit area code (`+33 6 …`, `+33 (0)6 …`) may follow the country code at `i`.
const areaDigitAt = (g: DigitGroups, i: number, k: number) => k === i + 1 || (k === i + 2 && g.paren[i + 1] === 1)

// NANP: optional leading 1, area code and exchange starting 2-9, then four digits.
function northAmerican(g: DigitGroups, i: number, j: number): boolean {
  let k = i
  if (j - i === 4 && g.len(i) === 1 && g.digit(i, 0) === 1 && !g.paren[i] && isSep(g.gap[i + 1]!)) k++
  if (j - k !== 3 || g.len(k) !== 3 || g.len(k + 1) !== 3 || g.len(k + 2) !== 4) return false
  if (g.digit(k, 0) < 2 || g.digit(k + 1, 0) < 2 || g.paren[k + 1] || g.paren[k + 2]) return false
  if (g.paren[k]) return (g.gap[k + 1] === GAP_NONE || g.gap[k + 1] === GAP_SPACE) && isSep(g.gap[k + 2]!)
  return isSep(g.gap[k + 1]!) && g.gap[k + 1] === g.gap[k + 2]
}

function chineseMobile(g: DigitGroups, i: number, j: number): boolean {
  if (j - i !== 3 || g.len(i) !== 3 || g.len(i + 1) !== 4 || g.len(i + 2) !== 4 || !g.noParens(i, j)) return false
  if (g.digit(i, 0) !== 1 || g.digit(i, 1) < 3) return false
  return (g.gap[i + 1] === GAP_SPACE || g.gap[i + 1] === GAP_DASH) && g.gap[i + 1] === g.gap[i + 2]
}

// `8 (495) 123-45-67`: trunk 8, an area code of 3-5 digits, 11 digits in all.
function russianTrunk(g: DigitGroups, i: number, j: number): boolean {
  if (j - i < 3 || g.len(i) !== 1 || g.digit(i, 0) !== 8 || g.paren[i]) return false
  if (g.len(i + 1) < 3 || g.len(i + 1) > 5) return false
  for (let k = i + 2; k < j; k++) if (g.len(k) < 2 || g.paren[k]) return false
  return g.digits(i, j) === 11
}

// A national number with a trunk 0: an area code `0[1-9]…` of 2-6 digits (maybe in
// parentheses), then groups of two or more digits (or a one-digit extension), 9-12
// digits in all.
function trunkZero(g: DigitGroups, i: number, j: number): boolean {
  if (j - i < 2 || g.len(i) < 2 || g.len(i) > 6 || g.digit(i, 0) !== 0 || g.digit(i, 1) === 0) return false
  // 01234-5678 is as likely a US ZIP+4 code: weak.
  if (j - i === 2 && g.len(i) === 5 && g.len(i + 1) === 4 && g.gap[i + 1] === GAP_DASH) return false
  for (let k = i + 1; k < j; k++) if ((g.len(k) < 2 && !extensionAt(g, j, k)) || g.paren[k] || g.gap[k] === GAP_NONE) return false
  const digits = g.digits(i, j)
  return digits >= 9 && digits <= 12
}

function weak(g: DigitGroups, i: number, j: number): boolean {
  const digits = g.digits(i, j)
  if (digits < 7 || digits > 12) return false
  for (let k = i + 1; k < j; k++) if (g.len(k) < 2 || g.paren[k] || g.gap[k] === GAP_NONE) return false
  // A span of years (2019-2024) is not a number to call.
  if (j - i === 2 && g.len(i) === 4 && g.len(i + 1) === 4 && isYear(g.value(i)) && isYear(g.value(i + 1))) return false
  return true
}

const isYear = (v: number) => v >= 1900 && v <= 2099

// 15.01.2024, 01/15/2024, 2024-01-15 (and 15.01.24 when nothing follows).
function startsWithDate(g: DigitGroups, i: number, j: number): boolean {
  if (j - i < 3) return false
  const sep = g.gap[i + 1]!
  if (sep !== g.gap[i + 2] || (sep !== GAP_DOT && sep !== GAP_SLASH && sep !== GAP_DASH) || !g.noParens(i, i + 3)) return false
  const a = g.len(i)
  const b = g.len(i + 1)
  const c = g.len(i + 2)
  if (a === 4 && b <= 2 && c <= 2) return month(g.value(i + 1)) && day(g.value(i + 2))
  if (a > 2 || b > 2 || (c !== 4 && (c !== 2 || j - i !== 3))) return false
  const x = g.value(i)
  const y = g.value(i + 1)
  return (day(x) && month(y)) || (month(x) && day(y))
}

const day = (v: number) => v >= 1 && v <= 31
const month = (v: number) => v >= 1 && v <= 12
