import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parquetMetadata } from 'hyparquet'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { readParquetRows } from '../../src/io/parquet-rows.ts'
import { readItems, sourceFile } from '../helpers/read-items.ts'

const BIG = 2n ** 60n
const bytes = new Uint8Array([0, 255, 7])
const file = () =>
  new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'id', data: [1n, 2n, 3n], type: 'INT64' },
        { name: 'big', data: [BIG, -BIG, null], type: 'INT64' },
        { name: 'text', data: ['a', null, 'ç'], type: 'STRING' },
        { name: 'bin', data: [bytes, null, null], type: 'BYTE_ARRAY' },
        { name: 'at', data: [new Date('2024-05-18T01:58:10.123Z'), null, null], type: 'TIMESTAMP' },
        { name: 'score', data: [0.5, 1.5, null], type: 'DOUBLE' },
      ],
      rowGroupSize: 2,
    }),
  )

describe('parquet rows', () => {
  it('reads rows with plain values, the row index as offset', async () => {
    const items = await readItems(readParquetRows, await sourceFile('a.parquet', file()))
    assert.deepEqual(items, [
      { kind: 'record', offset: 0, fields: { id: 1, big: BIG, text: 'a', bin: bytes, at: '2024-05-18T01:58:10.123Z', score: 0.5 } },
      { kind: 'record', offset: 1, fields: { id: 2, big: -BIG, text: null, bin: null, at: null, score: 1.5 } },
      { kind: 'record', offset: 2, fields: { id: 3, big: null, text: 'ç', bin: null, at: null, score: null } },
    ])
  })

  it('makes one bad item of a file that is not Parquet', async () => {
    assert.deepEqual(await readItems(readParquetRows, await sourceFile('x.parquet', 'definitely not parquet')), [
      { kind: 'bad', offset: 0, error: 'x.parquet: not a valid Parquet file (parquet file invalid (footer != PAR1))' },
    ])
  })

  it('skips a row group it cannot decode with one bad item, and reads the next', async () => {
    const data = file()
    const metadata = parquetMetadata(data.buffer)
    const chunk = metadata.row_groups[0]!.columns[0]!.meta_data!
    const start = Number(chunk.data_page_offset)
    data.fill(0xff, start, start + Number(chunk.total_compressed_size))
    const items = await readItems(readParquetRows, await sourceFile('c.parquet', data))
    assert.equal(items.length, 2)
    const [bad, row] = items
    assert.equal(bad?.kind, 'bad')
    assert.match(bad?.kind === 'bad' ? bad.error : '', /^c\.parquet: not a valid Parquet file \(.+\); row group 0 \(2 rows from row 0\) skipped$/)
    assert.deepEqual(row && [row.kind, row.offset], ['record', 2])
  })

  it('throws for a file that does not exist', async () => {
    const present = await sourceFile('a.parquet', file())
    await assert.rejects(readItems(readParquetRows, { ...present, key: 'missing.parquet' }), { code: 'not_found' })
  })
})
