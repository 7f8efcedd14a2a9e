const POW10 = Array.from({ length: 309 }, (_, i) => Number(`1e${i}`))
const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/
const U64_MAX = (1n << 64n) - 1n

/**
 * The f64 that Rust's serde_json reads from the JSON number `source`, as the `tokenizers`
 * crate builds it (without serde_json's `float_roundtrip` feature): the decimal digits as an
 * integer (those past 64 bits dropped), converted to f64, then multiplied or divided by a
 * power of ten. That is not always the nearest f64, as `JSON.parse` gives: about a quarter of
 * a Unigram vocabulary's scores come out one unit in the last place apart, which decides
 * between segmentations whose scores tie.
 */
export function serdeF64(source: string): number {
  const match = NUMBER.exec(source)
  if (!match) throw new Error(`not a JSON number: ${source}`)
  const [, sign, integer, fraction = '', exponentText] = match
  let significand = 0n
  let exponent = exponentText === undefined ? 0 : Number(exponentText)
  let overflowed = false
  for (const digit of integer!) {
    if (overflowed || significand * 10n + BigInt(digit) > U64_MAX) {
      overflowed = true
      exponent++
    } else significand = significand * 10n + BigInt(digit)
  }
  for (const digit of fraction) {
    if (overflowed || significand * 10n + BigInt(digit) > U64_MAX) overflowed = true
    else {
      significand = significand * 10n + BigInt(digit)
      exponent--
    }
  }
  let value = Number(significand)
  for (;;) {
    const pow = POW10[Math.abs(exponent)]
    if (pow !== undefined) {
      value = exponent >= 0 ? value * pow : value / pow
      break
    }
    if (value === 0 || exponent >= 0) break
    value /= 1e308
    exponent += 308
  }
  return sign === '-' ? -value : value
}
