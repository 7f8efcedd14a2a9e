/**
 * Delta decimals as exact strings: plain notation with exactly `scale` fraction digits,
 * such as `-12.50` for decimal(p,2), so no value up to precision 38 loses a digit.
 */

/** Precision and scale of a `decimal(p,s)` type name, or `undefined` for other types. */
export function decimalShape(type: string): { readonly precision: number; readonly scale: number } | undefined {
  const m = /^decimal\((\d+),(\d+)\)$/.exec(type)
  return m ? { precision: Number(m[1]), scale: Number(m[2]) } : undefined
}

/** The decimal string of `unscaled × 10^-scale`. */
export function formatDecimal(unscaled: bigint | number, scale: number): string {
  const negative = unscaled < 0
  const digits = (negative ? -unscaled : unscaled).toString()
  if (scale === 0) return negative ? `-${digits}` : digits
  const padded = digits.padStart(scale + 1, '0')
  return `${negative ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`
}

/**
 * The canonical string of a decimal written as text — plain or scientific (`1.5E-7`, as
 * Java's BigDecimal prints) — at `scale`, or `undefined` when the text is not a number or
 * has non-zero digits beyond the scale.
 */
export function normalizeDecimal(text: string, scale: number): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim())
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined
  const fraction = m[3] ?? ''
  let digits = m[2]! + fraction
  const shift = Number(m[4] ?? 0) - fraction.length + scale
  if (shift >= 0) digits += '0'.repeat(shift)
  else if (/[^0]/.test(digits.slice(shift))) return undefined
  else digits = digits.slice(0, shift)
  const unscaled = BigInt(digits === '' ? '0' : digits)
  return formatDecimal(m[1] === '-' ? -unscaled : unscaled, scale)
}
