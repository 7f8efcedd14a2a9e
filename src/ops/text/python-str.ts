// Python's `str` operations that datatrove's rules use, with Python's meaning of whitespace
// (`str.isspace()`) and of a line break (`str.splitlines()`), and lengths in code points.
import { codePointCount, isSpaceUnit } from './char-class.ts'

/** Whether code unit `c` ends a line for `str.splitlines()`: \n \r \v \f, U+001C-U+001E, U+0085, U+2028, U+2029. */
const isLineBreak = (c: number): boolean =>
  c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || (c >= 0x1c && c <= 0x1e) || c === 0x85 || c === 0x2028 || c === 0x2029

/**
 * Calls `visit(start, end)` for each line of `text` as `str.splitlines()` cuts it (`\r\n`
 * is one break; a break at the very end adds no empty line); returns the number of lines.
 */
export function forEachLine(text: string, visit: (start: number, end: number) => void): number {
  let lines = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c > 0x1e && c < 0x85) || !isLineBreak(c)) continue
    visit(start, i)
    lines++
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++
    start = i + 1
  }
  if (start < text.length) {
    visit(start, text.length)
    lines++
  }
  return lines
}

/** `str.splitlines()`. */
export function splitLines(text: string): string[] {
  const lines: string[] = []
  forEachLine(text, (start, end) => lines.push(text.slice(start, end)))
  return lines
}

/** The index of the first non-whitespace unit of `s[start:end]`, or `end`. */
export function skipSpace(s: string, start: number, end: number): number {
  while (start < end && isSpaceUnit(s.charCodeAt(start))) start++
  return start
}

/** The index just after the last non-whitespace unit of `s[start:end]`, or `start`. */
export function trimSpaceEnd(s: string, start: number, end: number): number {
  while (end > start && isSpaceUnit(s.charCodeAt(end - 1))) end--
  return end
}

/** `str.strip()`. */
export function strip(s: string): string {
  const start = skipSpace(s, 0, s.length)
  const end = trimSpaceEnd(s, start, s.length)
  return start === 0 && end === s.length ? s : s.slice(start, end)
}

/** `str.count(needle)`: non-overlapping occurrences, left to right. */
export function countOccurrences(text: string, needle: string): number {
  let n = 0
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++
  return n
}

/** The words of `str.split()` (runs of non-whitespace) in `s`: how many, and the longest one's length in code points. */
export interface WhitespaceWords {
  count: number
  longest: number
}

/** Counts the whitespace-separated words of `s` into `out` (reused by the caller) and returns it. */
export function whitespaceWords(s: string, out: WhitespaceWords): WhitespaceWords {
  out.count = 0
  out.longest = 0
  let start = -1
  for (let i = 0; i <= s.length; i++) {
    const space = i === s.length || isSpaceUnit(s.charCodeAt(i))
    if (!space) {
      if (start < 0) start = i
      continue
    }
    if (start < 0) continue
    out.count++
    const length = i - start > out.longest ? codePointCount(s, start, i) : 0
    if (length > out.longest) out.longest = length
    start = -1
  }
  return out
}
