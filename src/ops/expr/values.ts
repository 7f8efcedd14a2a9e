/**
 * How the expression language sees a value's type, for error messages: `null` (also for
 * undefined), `number`, `bigint`, `string`, `boolean`, `array`, `bytes`, `date` or `object`.
 */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return 'array'
  if (v instanceof Uint8Array) return 'bytes'
  if (v instanceof Date) return 'date'
  return typeof v
}

/** True for a number or a bigint: the one numeric type of the language. */
export function isNumeric(v: unknown): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint'
}

/**
 * Equality of two non-null values: true or false for scalars (different scalar types are
 * unequal; a bigint equals a number of the same mathematical value), undefined when either
 * is not a scalar, which the caller reports as a type error.
 */
export function scalarEquals(a: unknown, b: unknown): boolean | undefined {
  const ta = typeof a
  const tb = typeof b
  if (ta === tb && (ta === 'string' || ta === 'number' || ta === 'boolean' || ta === 'bigint')) return a === b
  if (!isScalar(a) || !isScalar(b)) return undefined
  // Loose equality between bigint and number compares mathematical values exactly.
  return isNumeric(a) && isNumeric(b) ? a == b : false
}

/**
 * Orders two non-null values: negative, zero or positive, NaN when a number is NaN;
 * undefined when they are not both numeric or both strings. Mixed bigint and number
 * compare exactly; strings compare by code point (the order of their UTF-8 bytes, as
 * Parquet statistics and DuckDB order them).
 */
export function order(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b)
  if (isNumeric(a) && isNumeric(b)) return a < b ? -1 : a > b ? 1 : a == b ? 0 : NaN
  return undefined
}

/** Compares strings by code point rather than by UTF-16 unit. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    // Surrogates (D800-DFFF) encode code points above FFFF, so they sort after E000-FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    }
    return x - y
  }
  return a.length - b.length
}

/** The number of Unicode code points in `s` (a surrogate pair is one character). */
export function codePointLength(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--
        i++
      }
    }
  }
  return n
}

/** The number of maximal runs of non-whitespace in `s`, whitespace being what `\s` matches. */
export function wordCount(s: string): number {
  let words = 0
  let inWord = false
  for (let i = 0; i < s.length; i++) {
    if (isSpace(s.charCodeAt(i))) inWord = false
    else if (!inWord) {
      inWord = true
      words++
    }
  }
  return words
}

function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 9 && c <= 13)
  if (c < 0xa0) return false
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  )
}

function isScalar(v: unknown): boolean {
  const t = typeof v
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint'
}
