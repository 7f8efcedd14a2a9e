import { invalidUtf8At } from './utf8.ts'

/**
 * A document decoded to text: `charset` is the WHATWG name of the encoding used (so
 * `iso-8859-1` reads as `windows-1252`), `fallback` is true when the declared label was
 * unknown or undeclared bytes were not UTF-8, and windows-1252 was used instead.
 */
export type Decoded =
  | { readonly kind: 'text'; readonly text: string; readonly charset: string; readonly fallback: boolean }
  | { readonly kind: 'invalid'; readonly at: number }

const META_WINDOW = 1024
const FALLBACK = 'windows-1252'

/**
 * Decodes a web document by the charset it states: a byte order mark first, then `declared`
 * (say, from an HTTP `Content-Type`), then a `<meta charset>` or `http-equiv` declaration in
 * its first 1024 bytes, else UTF-8. An unknown label falls back to windows-1252; so do bytes
 * that declared nothing and are not UTF-8. Bytes that declared UTF-8 and are not are
 * `invalid`, with the index of the first bad byte.
 */
export function decodeDocument(bytes: Uint8Array, declared: string | undefined): Decoded {
  const bom = bomCharset(bytes)
  const label = bom ?? declared ?? metaCharset(bytes)
  if (label === undefined) {
    if (invalidUtf8At(bytes) < 0) return { kind: 'text', text: decoder('utf-8').decode(bytes), charset: 'utf-8', fallback: false }
    return { kind: 'text', text: decoder(FALLBACK).decode(bytes), charset: FALLBACK, fallback: true }
  }
  const chosen = tryDecoder(label)
  if (chosen === undefined) return { kind: 'text', text: decoder(FALLBACK).decode(bytes), charset: FALLBACK, fallback: true }
  if (chosen.encoding === 'utf-8') {
    const invalid = invalidUtf8At(bytes)
    if (invalid >= 0) return { kind: 'invalid', at: invalid }
  }
  return { kind: 'text', text: chosen.decode(bytes), charset: chosen.encoding, fallback: false }
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return undefined
}

const META = /<meta\b[^>]*?charset\s*=\s*["']?\s*([^\s"'/>;]+)/i

// The charset a `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…;
// charset=…">` in the first 1024 bytes declares, lowercased. A UTF-16 label there is read as
// UTF-8, as browsers do: a page that could be scanned as ASCII is not UTF-16.
function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, META_WINDOW)).toString('latin1')
  const label = META.exec(head)?.[1]?.toLowerCase()
  return label?.startsWith('utf-16') ? 'utf-8' : label
}

// Decoders are made once per label (the UTF-8 one only runs on bytes already checked); labels
// come from the data, so only so many are remembered.
const decoders = new Map<string, TextDecoder | null>()
const MAX_REMEMBERED = 256

function tryDecoder(label: string): TextDecoder | undefined {
  let d = decoders.get(label)
  if (d === undefined) {
    try {
      d = new TextDecoder(label)
    } catch {
      d = null
    }
    if (decoders.size < MAX_REMEMBERED) decoders.set(label, d)
  }
  return d ?? undefined
}

function decoder(label: string): TextDecoder {
  return tryDecoder(label)!
}
