/**
 * A run of digit groups as numbers are written (`+44 (0)20 7946 0958`, `4111-1111-1111-1111`,
 * `192.0.2.1`): each group's offsets, whether it stands in parentheses, and the separator
 * before it. Card, phone, SSN and IPv4 rules all judge this one reading of the text.
 */

/** Separators between two groups: none (beside a parenthesis), one space, dash, dot or slash (` / ` and ` - ` too), or anything else (`hard`, which ends a value). */
export const GAP_NONE = 0
export const GAP_SPACE = 1
export const GAP_DASH = 2
export const GAP_DOT = 3
export const GAP_SLASH = 4
export const GAP_HARD = 5

/** The most groups read from one run; a longer run (a table of numbers) is read in pieces. */
export const MAX_GROUPS = 64

// A no-break space (U+00A0, U+202F) counts as a space: French typography groups numbers with it.
const separator = (c: number): number => (c === 32 || c === 0xa0 || c === 0x202f ? GAP_SPACE : c === 45 ? GAP_DASH : c === 46 ? GAP_DOT : c === 47 ? GAP_SLASH : GAP_HARD)
const isDigit = (c: number) => c >= 48 && c <= 57

// ` / ` and ` - ` between spaces (`0 93 82 / 84 73 99`) are a slash and a dash.
function spaced(text: string, at: number): number {
  const mid = text.charCodeAt(at + 1)
  if (separator(text.charCodeAt(at)) !== GAP_SPACE || separator(text.charCodeAt(at + 2)) !== GAP_SPACE) return GAP_HARD
  return mid === 45 ? GAP_DASH : mid === 47 ? GAP_SLASH : GAP_HARD
}

/** Reusable storage for the groups of one run; `read` overwrites it. */
export class DigitGroups {
  /** How many groups were read. */
  n = 0
  /** True when a `+` stands right before group 0. */
  plus = false
  readonly start = new Int32Array(MAX_GROUPS)
  readonly end = new Int32Array(MAX_GROUPS)
  /** 1 when the group is written `(123)`. */
  readonly paren = new Uint8Array(MAX_GROUPS)
  /** The separator before each group (`GAP_*`); meaningless for group 0. */
  readonly gap = new Uint8Array(MAX_GROUPS)
  private text = ''

  /**
   * Reads the groups of `text[from, to)`, a run of digits, spaces, `-./()` and a leading
   * `+`; returns where it stopped: `to`, or the start of group {@link MAX_GROUPS}.
   */
  read(text: string, from: number, to: number): number {
    this.text = text
    this.n = 0
    let k = from
    this.plus = text.charCodeAt(k) === 43
    if (this.plus) k++
    let gap = GAP_HARD
    while (k < to) {
      const c = text.charCodeAt(k)
      let start = k
      let end = k
      let paren = 0
      if (c === 40) {
        let m = k + 1
        while (m < to && isDigit(text.charCodeAt(m))) m++
        if (m === k + 1 || m >= to || text.charCodeAt(m) !== 41) {
          gap = GAP_HARD
          k++
          continue
        }
        start = k + 1
        end = m
        paren = 1
        k = m + 1
      } else if (isDigit(c)) {
        while (k < to && isDigit(text.charCodeAt(k))) k++
        end = k
      } else {
        gap = GAP_HARD
        k++
        continue
      }
      if (this.n === MAX_GROUPS) return paren ? start - 1 : start
      this.start[this.n] = start
      this.end[this.n] = end
      this.paren[this.n] = paren
      this.gap[this.n] = gap
      this.n++
      const g = k
      while (k < to && !isDigit(text.charCodeAt(k)) && text.charCodeAt(k) !== 40) k++
      gap = k === g ? GAP_NONE : k === g + 1 ? separator(text.charCodeAt(g)) : k === g + 3 ? spaced(text, g) : GAP_HARD
    }
    return to
  }

  /** Digits in group `k`. */
  len(k: number): number {
    return this.end[k]! - this.start[k]!
  }

  /** The value of group `k` (at most 15 digits are exact). */
  value(k: number): number {
    let v = 0
    for (let p = this.start[k]!; p < this.end[k]!; p++) v = v * 10 + this.text.charCodeAt(p) - 48
    return v
  }

  /** The `i`-th digit (from 0) of group `k`. */
  digit(k: number, i: number): number {
    return this.text.charCodeAt(this.start[k]! + i) - 48
  }

  /** Digits in groups `[i, j)`. */
  digits(i: number, j: number): number {
    let d = 0
    for (let k = i; k < j; k++) d += this.end[k]! - this.start[k]!
    return d
  }

  /** True when every separator inside groups `[i, j)` is `gap`. */
  gapsAre(i: number, j: number, gap: number): boolean {
    for (let k = i + 1; k < j; k++) if (this.gap[k] !== gap) return false
    return true
  }

  /** True when no group in `[i, j)` is in parentheses. */
  noParens(i: number, j: number): boolean {
    for (let k = i; k < j; k++) if (this.paren[k]) return false
    return true
  }
}
