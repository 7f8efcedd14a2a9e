import path from 'node:path'
import { LocalStore } from '../../src/io/local-store.ts'
import type { ReadItem, ReaderOptions, RecordReader, SourceFile } from '../../src/io/record-reader.ts'
import { TESTDATA, tempDir } from './temp-dir.ts'

/** A source file holding `bytes` (a string is UTF-8) in a fresh temporary store. */
export async function sourceFile(key: string, bytes: Uint8Array | string): Promise<SourceFile> {
  const store = new LocalStore(tempDir('strata-reader-'))
  const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes
  await store.put(key, data)
  return { store, key, size: data.length }
}

/** One of the shared WARC samples, by its path under `testdata/warc`. */
export async function warcSample(key: string): Promise<SourceFile> {
  const store = new LocalStore(path.join(TESTDATA, 'warc'))
  return { store, key, size: (await store.stat(key))!.size }
}

/** Everything `reader` yields for `file`. */
export async function readItems(reader: RecordReader, file: SourceFile, options: Partial<ReaderOptions> = {}): Promise<ReadItem[]> {
  const items: ReadItem[] = []
  for await (const item of reader(file, { maxDocBytes: 1 << 20, ...options })) items.push(item)
  return items
}

/** The records among `items`, as their fields. */
export function fieldsOf(items: readonly ReadItem[]): Record<string, unknown>[] {
  return items.flatMap((item) => (item.kind === 'record' ? [item.fields] : []))
}
