import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync, zstdDecompressSync } from 'node:zlib'
import { findHeaderEnd, parseHeaderFields } from './header-fields.ts'

/** An HTTP response as a WARC `response` record holds it. */
export interface HttpResponse {
  readonly status: number
  /** Header fields by lowercased name. */
  readonly headers: ReadonlyMap<string, string>
  /** The body as sent: possibly chunked, possibly compressed. */
  readonly body: Buffer
}

const STATUS_LINE = /^HTTP\/\d+(?:\.\d+)?\s+(\d{3})(?:\s|$)/

/** True when `block` starts like an HTTP response (`HTTP/`). */
export function isHttpResponse(block: Uint8Array): boolean {
  return block[0] === 0x48 && block[1] === 0x54 && block[2] === 0x54 && block[3] === 0x50 && block[4] === 0x2f
}

/** Parses the status line and header fields of `block`; a string says why it cannot. */
export function parseHttpResponse(block: Buffer): HttpResponse | string {
  const end = findHeaderEnd(block, 0, block.length)
  if (end === undefined) return 'HTTP headers are not terminated by a blank line'
  const lines = block.toString('latin1', 0, end.end).split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
  const status = STATUS_LINE.exec(lines[0]!)
  if (!status) return `HTTP status line '${lines[0]!.slice(0, 100)}' is invalid`
  return { status: Number(status[1]), headers: parseHeaderFields(lines), body: block.subarray(end.next) }
}

/** The MIME type (lowercased, without parameters) and the `charset` parameter of a `Content-Type` value. */
export function parseContentType(value: string | undefined): { mime: string | undefined; charset: string | undefined } {
  if (value === undefined) return { mime: undefined, charset: undefined }
  const [type, ...params] = value.split(';')
  const mime = type!.trim().toLowerCase() || undefined
  let charset: string | undefined
  for (const param of params) {
    const eq = param.indexOf('=')
    if (eq > 0 && param.slice(0, eq).trim().toLowerCase() === 'charset') {
      charset = param.slice(eq + 1).trim().replace(/^["']|["']$/g, '').toLowerCase() || undefined
      break
    }
  }
  return { mime, charset }
}

/**
 * The payload of `response`: de-chunked when `Transfer-Encoding: chunked` (a body that is not
 * chunked after all is taken as it is, as browsers do; one cut short keeps its whole chunks)
 * and decoded per `Content-Encoding` (gzip, deflate, br, zstd; a truncated stream keeps what
 * it decodes to, since crawlers truncate large payloads). A string says why it cannot be
 * decoded, or that it decodes to more than `maxBytes`.
 */
export function decodedPayload(response: HttpResponse, maxBytes: number): Buffer | string {
  let body = response.body
  if (/\bchunked\b/i.test(response.headers.get('transfer-encoding') ?? '')) body = dechunk(body) ?? body
  const codings = (response.headers.get('content-encoding') ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity')
  // Codings are listed in the order they were applied.
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding]
    if (decode === undefined) return `unsupported Content-Encoding '${coding}'`
    // A server that says gzip and sends plain bytes is common enough to forgive.
    if ((coding === 'gzip' || coding === 'x-gzip') && !(body[0] === 0x1f && body[1] === 0x8b)) continue
    try {
      body = decode(body, maxBytes + 1)
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return `payload decoded with ${coding} exceeds maxDocBytes ${maxBytes}`
      return `payload is not valid ${coding} (${(e as Error).message})`
    }
  }
  return body.length > maxBytes ? `payload of ${body.length} bytes exceeds maxDocBytes ${maxBytes}` : body
}

type Decode = (body: Buffer, maxOutputLength: number) => Buffer

const inflateAny: Decode = (body, maxOutputLength) => {
  const options = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength }
  // `deflate` should be zlib-wrapped; many servers send raw deflate.
  try {
    return inflateSync(body, options)
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw e
    return inflateRawSync(body, options)
  }
}

const DECODERS: Record<string, Decode | undefined> = {
  gzip: (body, maxOutputLength) => gunzipSync(body, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength }),
  'x-gzip': (body, maxOutputLength) => gunzipSync(body, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength }),
  deflate: inflateAny,
  br: (body, maxOutputLength) => brotliDecompressSync(body, { finishFlush: constants.BROTLI_OPERATION_FLUSH, maxOutputLength }),
  zstd: (body, maxOutputLength) => zstdDecompressSync(body, { maxOutputLength }),
}

const HEX = /^[0-9a-fA-F]+$/

/** The data of a chunked body, or `undefined` when it does not start with a chunk. */
function dechunk(body: Buffer): Buffer | undefined {
  const parts: Buffer[] = []
  for (let pos = 0; pos < body.length; ) {
    const eol = body.indexOf(0x0a, pos)
    if (eol < 0) break
    const size = body.toString('latin1', pos, eol).split(';')[0]!.trim()
    if (!HEX.test(size)) {
      if (parts.length === 0) return undefined
      break
    }
    const n = parseInt(size, 16)
    if (n === 0) break
    const start = eol + 1
    parts.push(body.subarray(start, Math.min(start + n, body.length)))
    pos = start + n
    if (body[pos] === 0x0d) pos++
    if (body[pos] === 0x0a) pos++
  }
  return Buffer.concat(parts)
}
