import { constants, gunzipSync, zstdDecompressSync } from 'node:zlib'
import { isStrataError } from '../core/errors.ts'
import { asBuffer, inflate } from './inflate.ts'
import type { SourceFile } from './record-reader.ts'

/** How a source's bytes are compressed, as its first bytes say. */
export type Compression = 'gzip' | 'zstd' | 'none'

/** The compression of a stream that starts with `head`: gzip and zstd by magic bytes, whatever the file is called. */
export function compressionOf(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip'
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd'
  return 'none'
}

/**
 * As much of the decompressed beginning of a stream as `head` (its first raw bytes, possibly
 * cut anywhere) yields; `head` itself when it is not compressed, empty when it is corrupt.
 */
export function decompressHead(head: Uint8Array): Uint8Array {
  const compression = compressionOf(head)
  if (compression === 'none') return head
  try {
    return compression === 'gzip' ? gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }) : zstdDecompressSync(head)
  } catch {
    return new Uint8Array(0)
  }
}

/**
 * The decompressed bytes of `file` as a stream of chunks: gzip (every member of a multi-member
 * file, as WARC.gz files are) and zstd (every frame) by magic bytes, anything else as stored.
 *
 * A truncated or corrupt compressed stream ends the iteration with a `corrupt_file` error (see
 * {@link inflate}). Errors of the store pass through unchanged.
 */
export async function* decompressedChunks(file: SourceFile): AsyncGenerator<Buffer> {
  const source = file.store.stream(file.key)[Symbol.asyncIterator]()
  let head: Buffer = Buffer.alloc(0)
  let ended = false
  // Magic bytes can straddle a store's first chunks.
  while (head.length < 4 && !ended) {
    const next = await source.next()
    if (next.done) ended = true
    else head = head.length === 0 ? asBuffer(next.value) : Buffer.concat([head, next.value])
  }
  const compression = compressionOf(head)
  if (compression === 'none') {
    if (head.length > 0) yield head
    if (!ended) for (let next = await source.next(); !next.done; next = await source.next()) yield asBuffer(next.value)
    return
  }
  yield* inflate(compression, head, ended ? undefined : source)
}

/** A whole decompressed file, when it fits in `maxBytes`. */
export type WholeFile =
  | { readonly kind: 'bytes'; readonly bytes: Buffer }
  | { readonly kind: 'too_long'; readonly size: number }
  | { readonly kind: 'damaged'; readonly error: string }

/**
 * The decompressed bytes of `file` in one buffer, or only their count when there are more
 * than `maxBytes` (counting on without holding them), or the damage that cut the stream short.
 */
export async function readWhole(file: SourceFile, maxBytes: number): Promise<WholeFile> {
  const parts: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of decompressedChunks(file)) {
      size += chunk.length
      if (size <= maxBytes) parts.push(chunk)
      else parts.length = 0
    }
  } catch (e) {
    if (isStrataError(e, 'corrupt_file')) return { kind: 'damaged', error: e.message }
    throw e
  }
  return size > maxBytes ? { kind: 'too_long', size } : { kind: 'bytes', bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts) }
}
