/**
 * Where a header block that starts at `from` ends, looking no further than `limit` bytes:
 * `end` is the index just past its last line (before that line's CRLF or LF), `next` the
 * index just past the blank line. Lines may end with CRLF or a bare LF (as ClueWeb09's HTTP
 * headers and hand-made WET files do). `undefined` while no blank line is in view.
 */
export function findHeaderEnd(bytes: Buffer, from: number, limit: number): { end: number; next: number } | undefined {
  const window = bytes.subarray(from, from + limit)
  // Native searches: the usual CRLF blank line first, then a bare LF one only before it.
  const crlf = window.indexOf(LF_CRLF)
  const lf = (crlf < 0 ? window : window.subarray(0, crlf + 1)).indexOf(LF_LF)
  const at = lf >= 0 ? lf : crlf
  if (at < 0) return undefined
  const end = at > 0 && window[at - 1] === CR ? at - 1 : at
  return { end: from + end, next: from + at + (lf >= 0 ? 2 : 3) }
}

const LF_CRLF = Buffer.from('\n\r\n')
const LF_LF = Buffer.from('\n\n')
const CR = 0x0d

/**
 * The `Name: value` fields of a header block's lines (after its first line), by lowercased
 * name. The first occurrence of a repeated name counts; a line that starts with a space or tab
 * continues the previous value; a line without a colon is ignored.
 */
export function parseHeaderFields(lines: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>()
  // The field the previous line set, which a continuation line extends.
  let open: string | undefined
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (open !== undefined) fields.set(open, `${fields.get(open)} ${line.trim()}`)
      continue
    }
    const colon = line.indexOf(':')
    const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : ''
    open = name !== '' && !fields.has(name) ? name : undefined
    if (open !== undefined) fields.set(open, line.slice(colon + 1).trim())
  }
  return fields
}
