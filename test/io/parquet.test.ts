import assert from 'node:assert/strict'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { describe, it } from 'node:test'
import { parquetWriteBuffer } from 'hyparquet-writer'
import type { BlobStore, ByteRange } from '../../src/io/blob-store.ts'
import { LocalStore } from '../../src/io/local-store.ts'
import { parquetSource, readParquetMetadata, readRowGroups } from '../../src/io/parquet.ts'
import { tempDir } from '../helpers/temp-dir.ts'

// `store` with its reads replaced.
const withRead = (store: LocalStore, read: BlobStore['read']): BlobStore => ({
  read,
  stream: (k) => store.stream(k),
  list: (p) => store.list(p),
  put: (k, b) => store.put(k, b),
  putIfAbsent: (k, b) => store.putIfAbsent(k, b),
  delete: (k) => store.delete(k),
  stat: (k) => store.stat(k),
  describe: (k) => store.describe(k),
})

const ids = Array.from({ length: 10 }, (_, i) => BigInt(i))

async function rowsOf(store: BlobStore, key: string): Promise<{ starts: number[]; values: unknown[] }> {
  const source = await parquetSource(store, key)
  const metadata = await readParquetMetadata(source, key)
  const starts: number[] = []
  const values: unknown[] = []
  for await (const group of readRowGroups(source, key, { metadata, columns: ['id'] })) {
    starts.push(group.rowStart)
    values.push(...group.columns[0]!)
  }
  return { starts, values }
}

describe('parquet', () => {
  it('streams row groups through ranged reads', async () => {
    const store = new LocalStore(tempDir())
    await store.put('a.parquet', new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: ids, type: 'INT64' }], rowGroupSize: 4 })))
    const ranges: (ByteRange | undefined)[] = []
    const counting = withRead(store, (k, r) => (ranges.push(r), store.read(k, r)))
    assert.deepEqual(await rowsOf(counting, 'a.parquet'), { starts: [0, 4, 8], values: ids })
    assert.ok(ranges.every((r) => r !== undefined))
  })

  it('decompresses ZSTD and GZIP pages', async () => {
    const store = new LocalStore(tempDir())
    const compressors = { ZSTD: (b: Uint8Array) => zstdCompressSync(b), GZIP: (b: Uint8Array) => gzipSync(b) }
    for (const codec of ['ZSTD', 'GZIP'] as const) {
      await store.put(`${codec}.parquet`, new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: ids, type: 'INT64' }], codec, compressors })))
      assert.deepEqual((await rowsOf(store, `${codec}.parquet`)).values, ids, codec)
    }
  })

  it('names a missing file', async () => {
    const store = new LocalStore(tempDir())
    await assert.rejects(parquetSource(store, 'x.parquet'), { code: 'not_found', message: `file '${store.describe('x.parquet')}' does not exist` })
  })

  it('names a file that is not Parquet, with what the decoder said', async () => {
    const store = new LocalStore(tempDir())
    await store.put('x.parquet', new TextEncoder().encode('definitely not parquet'))
    const source = await parquetSource(store, 'x.parquet')
    await assert.rejects(readParquetMetadata(source, store.describe('x.parquet')), {
      code: 'corrupt_file',
      message: `${store.describe('x.parquet')}: not a valid Parquet file (parquet file invalid (footer != PAR1))`,
    })
  })

  it('lets the store’s own I/O errors through', async () => {
    const store = new LocalStore(tempDir())
    await store.put('a.parquet', new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: ids, type: 'INT64' }] })))
    const failure = new Error('EIO: i/o error')
    const failing = withRead(store, () => Promise.reject(failure))
    const source = await parquetSource(failing, 'a.parquet')
    await assert.rejects(readParquetMetadata(source, 'a.parquet'), (e) => e === failure)
  })
})
