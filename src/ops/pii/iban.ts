/**
 * IBANs (ISO 13616): two letters naming a country of the SWIFT registry, two check digits
 * and the country's fixed number of characters, written compact or in groups of four; the
 * whole passes mod-97. A value of the right shape that fails the checksum is a near miss.
 */

/** Total IBAN length by country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
}

const isUpper = (c: number) => c >= 65 && c <= 90
const isDigit = (c: number) => c >= 48 && c <= 57
const isAlnum = (c: number) => isUpper(c) || isDigit(c) || (c >= 97 && c <= 122)

/** An IBAN-shaped value at `start`: its end, and whether its checksum holds. */
export interface IbanMatch {
  readonly end: number
  readonly valid: boolean
}

/**
 * Reads an IBAN starting at `start` (its country code): exactly the country's length in
 * upper-case letters and digits, with single spaces only between groups of four, ending
 * at a word boundary. Null when the text there is not IBAN-shaped.
 */
export function ibanAt(text: string, start: number): IbanMatch | null {
  const length = IBAN_LENGTHS[text.slice(start, start + 2)]
  if (length === undefined) return null
  let count = 0
  let k = start
  let remainder = 0
  // mod-97 of the rearranged IBAN (BBAN, then country and check digits) in one pass: the
  // first four characters' contribution is folded in at the end.
  let head = 0
  for (; count < length && k < text.length; k++) {
    const c = text.charCodeAt(k)
    if (c === 32 && count % 4 === 0 && count > 0 && k + 1 < text.length && text.charCodeAt(k + 1) !== 32) continue
    if (!isUpper(c) && !isDigit(c)) return null
    if (count >= 2 && count < 4 && !isDigit(c)) return null
    const v = isDigit(c) ? c - 48 : c - 55
    if (count < 4) head = v > 9 ? head * 100 + v : head * 10 + v
    else remainder = v > 9 ? (remainder * 100 + v) % 97 : (remainder * 10 + v) % 97
    count++
  }
  if (count < length || (k < text.length && isAlnum(text.charCodeAt(k)))) return null
  // The head is two letters (two digits each) and two digits: six decimal digits.
  remainder = (remainder * 1_000_000 + head) % 97
  return { end: k, valid: remainder === 1 }
}
