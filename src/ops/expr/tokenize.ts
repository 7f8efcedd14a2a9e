import { expressionError, locate } from './expression-error.ts'

/** The longest expression source accepted, in UTF-16 units. */
export const MAX_EXPRESSION_LENGTH = 10_000

/** Words the language reserves; a column with one of these names is written in backticks. */
export const KEYWORDS = ['and', 'or', 'not', 'in', 'true', 'false', 'null'] as const
export type Keyword = (typeof KEYWORDS)[number]

/** Operators and punctuation, longest first where one is a prefix of another. */
export const SYMBOLS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', ','] as const
export type Punctuator = (typeof SYMBOLS)[number]

/**
 * One token. `pos` and `end` are UTF-16 offsets into the source, so `source.slice(pos, end)`
 * is the token's text. A `name` is a column or function name; `quoted` when it was written
 * in backticks (always a column then).
 */
export type Token =
  | { readonly kind: 'number'; readonly value: number | bigint; readonly pos: number; readonly end: number }
  | { readonly kind: 'string'; readonly value: string; readonly pos: number; readonly end: number }
  | { readonly kind: 'name'; readonly value: string; readonly quoted: boolean; readonly pos: number; readonly end: number }
  | { readonly kind: 'keyword'; readonly value: Keyword; readonly pos: number; readonly end: number }
  | { readonly kind: 'symbol'; readonly value: Punctuator; readonly pos: number; readonly end: number }
  | { readonly kind: 'eof'; readonly pos: number; readonly end: number }

const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y
const NAME = /[\p{L}_][\p{L}\p{M}\p{Nd}_]*/uy
const NAME_TAIL = /[\p{L}\p{M}\p{Nd}_.]+/uy
const SPACE = /\s+/y
const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS)
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', '`': '`', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' }
// Habits from other languages get a pointer to this one's spelling.
const HINTS: Readonly<Record<string, string>> = { '=': '==', '!': 'not', '&': 'and', '|': 'or' }

/**
 * Splits an expression into tokens, ending with one `eof` token. Throws an
 * `invalid_expression` StrataError naming the column of the first fault: an unexpected
 * character, an unterminated string, an unknown escape, a malformed or out-of-range number,
 * or a source longer than {@link MAX_EXPRESSION_LENGTH}.
 */
export function tokenize(source: string): Token[] {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw expressionError(source, `${source.length} characters exceed the limit of ${MAX_EXPRESSION_LENGTH}`)
  }
  const tokens: Token[] = []
  let i = 0
  const fail = (detail: string, at: number): never => {
    throw expressionError(source, detail.replace('{at}', locate(source, at)))
  }
  while (true) {
    SPACE.lastIndex = i
    if (SPACE.test(source)) i = SPACE.lastIndex
    if (i >= source.length) break
    const c = source[i]!
    const start = i
    if ((c >= '0' && c <= '9') || (c === '.' && isDigit(source.charCodeAt(i + 1)))) {
      NUMBER.lastIndex = i
      NUMBER.test(source)
      i = NUMBER.lastIndex
      NAME_TAIL.lastIndex = i
      if (NAME_TAIL.test(source)) fail(`malformed number '${source.slice(start, NAME_TAIL.lastIndex)}' at {at}`, start)
      const text = source.slice(start, i)
      tokens.push({ kind: 'number', value: numberValue(text, () => fail(`number ${text} at {at} is out of range`, start)), pos: start, end: i })
    } else if (c === "'" || c === '"' || c === '`') {
      const { value, end } = quoted(source, i, fail)
      i = end
      if (c !== '`') tokens.push({ kind: 'string', value, pos: start, end })
      else if (value === '') fail('empty column name at {at}', start)
      else tokens.push({ kind: 'name', value, quoted: true, pos: start, end })
    } else {
      NAME.lastIndex = i
      if (NAME.test(source)) {
        i = NAME.lastIndex
        const text = source.slice(start, i)
        tokens.push(
          KEYWORD_SET.has(text)
            ? { kind: 'keyword', value: text as Keyword, pos: start, end: i }
            : { kind: 'name', value: text, quoted: false, pos: start, end: i },
        )
      } else {
        const symbol = SYMBOLS.find((s) => source.startsWith(s, i))
        if (symbol === undefined) {
          const char = String.fromCodePoint(source.codePointAt(i)!)
          const hint = HINTS[char]
          fail(`unexpected '${char}' at {at}${hint ? `; did you mean '${hint}'?` : ''}`, start)
        } else {
          i += symbol.length
          tokens.push({ kind: 'symbol', value: symbol, pos: start, end: i })
        }
      }
    }
  }
  tokens.push({ kind: 'eof', pos: source.length, end: source.length })
  return tokens
}

// Integers beyond 2^53 stay exact as bigint so they compare exactly with bigint columns.
function numberValue(text: string, outOfRange: () => never): number | bigint {
  const n = Number(text)
  if (!Number.isFinite(n)) outOfRange()
  if (!Number.isSafeInteger(n) && /^\d+$/.test(text)) return BigInt(text)
  return n
}

function quoted(source: string, start: number, fail: (detail: string, at: number) => never): { value: string; end: number } {
  const quote = source[start]!
  const what = quote === '`' ? 'quoted name' : 'string'
  let value = ''
  let i = start + 1
  let run = i
  while (true) {
    if (i >= source.length) fail(`unterminated ${what} starting at {at}`, start)
    const c = source[i]!
    if (c === quote) {
      return { value: value + source.slice(run, i), end: i + 1 }
    }
    if (c !== '\\') {
      i++
      continue
    }
    value += source.slice(run, i)
    const e = source[i + 1]
    if (e === undefined) fail(`unterminated ${what} starting at {at}`, start)
    if (e === 'u') {
      const { char, end } = unicodeEscape(source, i, fail)
      value += char
      i = end
    } else {
      const char = ESCAPES[e!]
      if (char === undefined) fail(`unknown escape '\\${String.fromCodePoint(source.codePointAt(i + 1)!)}' at {at}`, i)
      value += char
      i += 2
    }
    run = i
  }
}

function unicodeEscape(source: string, at: number, fail: (detail: string, at: number) => never): { char: string; end: number } {
  const braced = /\\u\{([0-9a-fA-F]{1,6})\}/y
  const plain = /\\u([0-9a-fA-F]{4})/y
  for (const re of [braced, plain]) {
    re.lastIndex = at
    const m = re.exec(source)
    if (m) {
      const code = parseInt(m[1]!, 16)
      if (code <= 0x10ffff) return { char: String.fromCodePoint(code), end: re.lastIndex }
    }
  }
  return fail("invalid unicode escape at {at}; write '\\uXXXX' or '\\u{X…}' up to 10FFFF", at)
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}
