import { decodeDocument } from './charset.ts'
import { readWhole } from './decompress.ts'
import type { RecordReader } from './record-reader.ts'

/**
 * Reads one HTML document per file into `{ text, title?, charset, charset_fallback? }`: `text`
 * is the raw HTML decoded by the charset it declares (see {@link decodeDocument}), `title` the
 * contents of its first `<title>` with entities decoded and whitespace collapsed, `charset`
 * the encoding used and `charset_fallback: true` when windows-1252 stood in for an unknown or
 * undecodable one. A file larger than `maxDocBytes`, damaged, or declared UTF-8 and not, is
 * a bad item. An empty file has no record.
 */
export const readHtml: RecordReader = async function* (file, options) {
  const whole = await readWhole(file, options.maxDocBytes)
  if (whole.kind === 'damaged') yield { kind: 'bad', offset: 0, error: whole.error }
  else if (whole.kind === 'too_long') yield { kind: 'bad', offset: 0, error: `file of ${whole.size} bytes exceeds maxDocBytes ${options.maxDocBytes}` }
  else if (whole.bytes.length > 0) {
    const decoded = decodeDocument(whole.bytes, undefined)
    if (decoded.kind === 'invalid') {
      yield { kind: 'bad', offset: 0, error: `invalid UTF-8 at byte ${decoded.at} of a document declared UTF-8`, raw: whole.bytes.toString('latin1') }
      return
    }
    const title = htmlTitle(decoded.text)
    const fields: Record<string, unknown> = { text: decoded.text }
    if (title !== undefined) fields.title = title
    fields.charset = decoded.charset
    if (decoded.fallback) fields.charset_fallback = true
    yield { kind: 'record', fields, offset: 0 }
  }
}

const TITLE = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos|nbsp));/g
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

/** The text of the first `<title>` element, or `undefined` when there is none or it is blank. */
export function htmlTitle(html: string): string | undefined {
  const raw = TITLE.exec(html)?.[1]
  if (raw === undefined) return undefined
  const title = raw
    .replace(ENTITY, (entity, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) return NAMED[name]!
      const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16)
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : entity
    })
    .replace(/\s+/g, ' ')
    .trim()
  return title === '' ? undefined : title
}
