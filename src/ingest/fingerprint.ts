import { createHash } from 'node:crypto'
import type { SourceFile } from '../io/record-reader.ts'

/** The SHA-256 of a source file's stored bytes, in hex, read as a stream. */
export async function sha256File(file: SourceFile): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of file.store.stream(file.key)) hash.update(chunk)
  return hash.digest('hex')
}

/**
 * The Delta `txn` application id that marks a source file as ingested into a table: the
 * same content from the same source is the same id, wherever the file lies.
 */
export function ingestAppId(source: string, sha256: string): string {
  return `strata-ingest:${createHash('sha256').update(`${source}\0${sha256}`).digest('hex').slice(0, 32)}`
}

/** A document id that does not change when the same file is ingested again. */
export function stableId(source: string, fileSha256: string, offset: number): string {
  return createHash('sha256').update(`${source}\0${fileSha256}\0${offset}`).digest('hex').slice(0, 32)
}
