/**
 * Payment card numbers: a number counts only when its length fits the brand its first
 * digits name (Visa, Mastercard, American Express, Discover, UnionPay, JCB, Diners Club,
 * Maestro, Mir, RuPay) and its check digit passes Luhn. The brand test turns away the
 * tenth of all long numbers (ids, timestamps, ISBNs) that pass Luhn by chance.
 */

/** True when the digits of `text[start, end)` (other characters skipped) pass the Luhn check. */
export function luhnValid(text: string, start: number, end: number): boolean {
  let sum = 0
  let odd = false
  for (let k = end - 1; k >= start; k--) {
    let d = text.charCodeAt(k) - 48
    if (d < 0 || d > 9) continue
    if (odd) d = d > 4 ? d * 2 - 9 : d * 2
    sum += d
    odd = !odd
  }
  return sum % 10 === 0
}

/** True when a card number of `length` digits may start with these six digits (`iin`, as an integer). */
export function cardBrandFits(iin: number, length: number): boolean {
  const p1 = Math.floor(iin / 100000)
  const p2 = Math.floor(iin / 10000)
  const p3 = Math.floor(iin / 1000)
  const p4 = Math.floor(iin / 100)
  const long = length >= 16 && length <= 19
  if (p1 === 4) return length === 13 || length === 16 || length === 19
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return length === 16
  if (p2 === 34 || p2 === 37) return length === 15
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || p2 === 62 || (p4 >= 3528 && p4 <= 3589) || (p4 >= 2200 && p4 <= 2204)) return long
  if (p2 === 36 || (p3 >= 300 && p3 <= 305) || p4 === 3095 || p2 === 38 || p2 === 39) return length >= 14 && length <= 19
  if (p2 === 60 || p2 === 81 || p2 === 82) return long
  if (p2 === 50 || (p2 >= 56 && p2 <= 58) || p2 === 67 || p3 === 639) return length >= 13 && length <= 19
  return false
}
