/** One WARC/1.1 record: the version line, `WARC-Type`, `fields`, `Content-Length`, the block, then CRLF CRLF. */
export function warcRecord(type: string, fields: Record<string, string>, block: string | Uint8Array, declaredLength?: number): Buffer {
  const body = Buffer.from(block)
  const lines = ['WARC/1.1', `WARC-Type: ${type}`, ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${declaredLength ?? body.length}`]
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body, Buffer.from('\r\n\r\n')])
}

/** An HTTP response: status line, `headers`, a blank line, `body`. */
export function httpResponse(status: string, headers: Record<string, string>, body: string | Uint8Array, eol = '\r\n'): Buffer {
  const head = [`HTTP/1.1 ${status}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join(eol)
  return Buffer.concat([Buffer.from(`${head}${eol}${eol}`), Buffer.from(body)])
}

/** `body` in HTTP chunked transfer coding, in chunks of `size` bytes. */
export function chunked(body: Uint8Array, size: number): Buffer {
  const parts: Buffer[] = []
  for (let i = 0; i < body.length; i += size) {
    const piece = body.subarray(i, i + size)
    parts.push(Buffer.from(`${piece.length.toString(16)};ext=1\r\n`), Buffer.from(piece), Buffer.from('\r\n'))
  }
  parts.push(Buffer.from('0\r\n\r\n'))
  return Buffer.concat(parts)
}
