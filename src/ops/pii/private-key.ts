import type { PiiSpan } from './types.ts'

/**
 * PEM private keys (`-----BEGIN RSA PRIVATE KEY-----` … `-----END RSA PRIVATE KEY-----`,
 * also `PRIVATE KEY`, `EC`, `OPENSSH`, `ENCRYPTED`, `PGP … PRIVATE KEY BLOCK`), as pasted,
 * or JSON-escaped with literal `\n` as in service-account files. The span runs from BEGIN
 * to the end of END; a key cut off before its END line runs to the end of its base-64
 * lines. A block must hold at least 64 base-64 characters and nothing but them and
 * `Name: value` header lines, so `-----BEGIN PRIVATE KEY-----\n...\n-----END…` in docs is a
 * placeholder, not a key.
 */

const BEGIN = /-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY( BLOCK)?-----/y
/** Lines of a body: split at real or escaped line breaks. */
const LINE_BREAK = /\r?\n|\\r\\n|\\n/
// Base 64, or an OpenPGP armor checksum (`=` and four characters).
const BASE64_LINE = /^(?:[A-Za-z0-9+/]+={0,2}|=[A-Za-z0-9+/]{4})$/
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*: /
const MIN_BASE64 = 64
/** How far an END line is looked for: keys are a few kilobytes at most. */
const MAX_BODY = 16_384

/** Appends the private keys of `text` to `out`, in order. */
export function scanPrivateKeys(text: string, out: PiiSpan[]): void {
  let from = 0
  for (let at = text.indexOf('-----BEGIN ', from); at >= 0; at = text.indexOf('-----BEGIN ', from)) {
    from = at + 11
    BEGIN.lastIndex = at
    const m = BEGIN.exec(text)
    if (m === null) continue
    const bodyStart = BEGIN.lastIndex
    const endMarker = `-----END ${m[1]}PRIVATE KEY${m[2] ?? ''}-----`
    const endAt = text.indexOf(endMarker, bodyStart)
    let end: number
    if (endAt >= 0 && endAt - bodyStart <= MAX_BODY) {
      if (base64In(text.slice(bodyStart, endAt)) < MIN_BASE64) continue
      end = endAt + endMarker.length
    } else {
      end = truncatedEnd(text, bodyStart)
      if (end < 0) continue
    }
    out.push({ type: 'private_key', start: at, end })
    from = end
  }
}

// The base-64 characters of a body, or -1 when a line is neither base 64 nor a header.
function base64In(body: string): number {
  let count = 0
  for (const raw of body.split(LINE_BREAK)) {
    const line = raw.trim()
    if (line === '' || HEADER_LINE.test(line)) continue
    if (!BASE64_LINE.test(line)) return -1
    count += line.length
  }
  return count
}

// The end of a key with no END line: its base-64 lines, up to the first other or blank line.
function truncatedEnd(text: string, bodyStart: number): number {
  const body = text.slice(bodyStart, bodyStart + MAX_BODY)
  let end = bodyStart
  let count = 0
  let offset = 0
  for (const raw of body.split(LINE_BREAK)) {
    const line = raw.trim()
    const at = body.indexOf(raw, offset)
    offset = at + raw.length
    if (HEADER_LINE.test(line) || (line === '' && count === 0)) continue
    if (!BASE64_LINE.test(line)) break
    count += line.length
    end = bodyStart + at + raw.trimEnd().length
  }
  return count >= MIN_BASE64 ? end : -1
}
