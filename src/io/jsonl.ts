import { isStrataError } from '../core/errors.ts'
import { decompressedChunks } from './decompress.ts'
import { LineSplitter, isBlank, type LineEvent } from './line-splitter.ts'
import type { ReadItem, RecordReader } from './record-reader.ts'
import { invalidUtf8At } from './utf8.ts'

/**
 * Reads JSON Lines (plain, .gz or .zst): one record per non-blank line, whose fields are the
 * line's JSON object. A line that is not valid UTF-8, not valid JSON, not an object, or longer
 * than `maxDocBytes` is a bad item; blank lines are skipped. `offset` is the line's start in
 * the decompressed stream, `line` its 1-based number.
 */
export const readJsonl: RecordReader = async function* (file, options) {
  const lines = new LineSplitter(options.maxDocBytes)
  try {
    for await (const chunk of decompressedChunks(file)) {
      for (const event of lines.push(chunk)) {
        const item = jsonlItem(event, options.maxDocBytes)
        if (item) yield item
      }
    }
    for (const event of lines.end()) {
      const item = jsonlItem(event, options.maxDocBytes)
      if (item) yield item
    }
  } catch (e) {
    if (!isStrataError(e, 'corrupt_file')) throw e
    yield { kind: 'bad', offset: lines.offset, line: lines.line, error: e.message }
  }
}

const OPEN_BRACE = 0x7b

function jsonlItem(event: LineEvent, maxDocBytes: number): ReadItem | undefined {
  const { offset, line } = event
  if (event.kind === 'too_long') return { kind: 'bad', offset, line, error: `line of ${event.length} bytes exceeds maxDocBytes ${maxDocBytes}` }
  const bytes = event.bytes
  if (bytes[0] !== OPEN_BRACE && isBlank(bytes)) return undefined
  const invalid = invalidUtf8At(bytes)
  if (invalid >= 0) return { kind: 'bad', offset, line, error: `invalid UTF-8 at byte ${offset + invalid}`, raw: bytes.toString('utf8') }
  const text = bytes.toString('utf8')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return { kind: 'bad', offset, line, error: `invalid JSON: ${(e as Error).message}`, raw: text }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'bad', offset, line, error: `line is a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not an object`, raw: text }
  }
  return { kind: 'record', fields: value as Record<string, unknown>, offset, line }
}
