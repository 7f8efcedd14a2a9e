import { type ErrorCode, StrataError } from '../../core/errors.ts'

const SHOWN_CHARS = 80

/**
 * Where `offset` (a UTF-16 index into `source`) is, as a person counts: `column 15`, or
 * `line 2, column 3` past a newline. Columns are 1-based and count code points.
 */
export function locate(source: string, offset: number): string {
  let line = 1
  let column = 1
  for (let i = 0; i < offset && i < source.length; i++) {
    const c = source.charCodeAt(i)
    if (c === 10) {
      line++
      column = 1
    } else if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && isHighSurrogate(source.charCodeAt(i - 1)))) {
      column++
    }
  }
  return line === 1 ? `column ${column}` : `line ${line}, column ${column}`
}

/** The `expression '…': ` prefix every expression error starts with; long sources are cut. */
export function expressionPrefix(source: string): string {
  const shown = source.length <= SHOWN_CHARS ? source : `${source.slice(0, SHOWN_CHARS - 3)}...`
  return `expression '${shown}': `
}

/**
 * A StrataError about `source`: `expression '<source>': <detail>`. The code is
 * `invalid_expression` for compile-time faults, `invalid_argument` for a value a document
 * supplied.
 */
export function expressionError(source: string, detail: string, code: ErrorCode = 'invalid_expression'): StrataError {
  return new StrataError(code, expressionPrefix(source) + detail)
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff
}
