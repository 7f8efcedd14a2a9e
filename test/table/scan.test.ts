import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { SchemaElement } from 'hyparquet'
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer'
import { LocalStore } from '../../src/io/local-store.ts'
import type { AddAction, DeletionVectorDescriptor, ProtocolAction } from '../../src/table/actions.ts'
import { scan, type ScanOptions } from '../../src/table/scan.ts'
import { parseSchema } from '../../src/table/schema.ts'
import { loadSnapshot, type Snapshot } from '../../src/table/snapshot.ts'
import { add, metaData, protocol, writeCommit } from '../helpers/delta-log.ts'
import { tempDir } from '../helpers/temp-dir.ts'

type Field = { name: string; type: unknown; nullable?: boolean; metadata?: Record<string, unknown> }

const schemaOf = (fields: readonly Field[]) =>
  parseSchema(JSON.stringify({ type: 'struct', fields: fields.map((f) => ({ nullable: true, metadata: {}, ...f })) }))

function snapshotOf(store: LocalStore, fields: readonly Field[], files: readonly AddAction[], extra: { partitionColumns?: string[]; configuration?: Record<string, string>; protocol?: ProtocolAction } = {}): Snapshot {
  const schema = schemaOf(fields)
  return {
    store,
    version: 0,
    timestamp: 0,
    protocol: extra.protocol ?? { kind: 'protocol', minReaderVersion: 1, minWriterVersion: 2 },
    metadata: {
      kind: 'metaData',
      id: 'test-table',
      format: { provider: 'parquet', options: {} },
      schemaString: JSON.stringify(schema),
      partitionColumns: extra.partitionColumns ?? [],
      configuration: extra.configuration ?? {},
    },
    schema,
    files,
    tombstones: [],
    txns: new Map(),
    domains: new Map(),
    checkpointVersion: -1,
  }
}

async function writeParquet(store: LocalStore, key: string, columnData: ColumnSource[], schema: SchemaElement[]): Promise<AddAction> {
  const bytes = new Uint8Array(parquetWriteBuffer({ columnData, schema: [{ name: 'root', num_children: columnData.length }, ...schema] }))
  await store.put(key, bytes)
  return { kind: 'add', path: key, partitionValues: {}, size: bytes.length, modificationTime: 0, dataChange: true }
}

async function collect(snapshot: Snapshot, opts?: ScanOptions): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = []
  for await (const batch of scan(snapshot, opts)) rows.push(...batch)
  return rows
}

const int32 = (name: string, extra: Partial<SchemaElement> = {}): SchemaElement => ({ name, type: 'INT32', repetition_type: 'OPTIONAL', ...extra })
const text = (name: string, extra: Partial<SchemaElement> = {}): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL', ...extra })

describe('scan', () => {
  it('fills partition columns from the log and nulls for columns a file lacks', async () => {
    const store = new LocalStore(tempDir())
    const fields = [
      { name: 'id', type: 'integer' },
      { name: 'day', type: 'date' },
      { name: 'at', type: 'timestamp' },
      { name: 'price', type: 'decimal(10,2)' },
      { name: 'label', type: 'string' },
    ]
    const old = await writeParquet(store, 'day=2024-02-29/a.parquet', [{ name: 'id', data: [1, 2] }], [int32('id')])
    const fresh = await writeParquet(store, 'day=__HIVE_DEFAULT_PARTITION__/b.parquet', [
      { name: 'id', data: [3] },
      { name: 'label', data: ['new'] },
    ], [int32('id'), text('label')])
    const files = [
      { ...old, partitionValues: { day: '2024-02-29', at: '2024-02-29 10:00:00.5', price: '-3.5' } },
      { ...fresh, partitionValues: { day: null, at: '1970-01-01T00:00:00Z', price: '0.00' } },
    ]
    const rows = await collect(snapshotOf(store, fields, files, { partitionColumns: ['day', 'at', 'price'] }))
    assert.deepEqual(rows, [
      { id: 1, day: '2024-02-29', at: 1709200800500000n, price: '-3.50', label: null },
      { id: 2, day: '2024-02-29', at: 1709200800500000n, price: '-3.50', label: null },
      { id: 3, day: null, at: 0n, price: '0.00', label: 'new' },
    ])
  })

  it('returns the columns asked for, in that order, and refuses unknown ones', async () => {
    const store = new LocalStore(tempDir())
    const file = await writeParquet(store, 'a.parquet', [{ name: 'a', data: [1] }, { name: 'b', data: ['x'] }], [int32('a'), text('b')])
    const snapshot = snapshotOf(store, [{ name: 'a', type: 'integer' }, { name: 'b', type: 'string' }], [file])
    assert.deepEqual(await collect(snapshot, { columns: ['b', 'a'] }), [{ b: 'x', a: 1 }])
    assert.deepEqual(Object.keys((await collect(snapshot, { columns: ['b', 'a'] }))[0]!), ['b', 'a'])
    await assert.rejects(collect(snapshot, { columns: ['c'] }), {
      code: 'invalid_argument',
      message: `table ${store.root} has no column 'c'; its columns are a, b`,
    })
  })

  it('converts every type to its documented representation', async () => {
    const store = new LocalStore(tempDir())
    const fields = [
      { name: 'l', type: 'long' },
      { name: 'd', type: 'date' },
      { name: 'ts', type: 'timestamp' },
      { name: 'ntz', type: 'timestamp_ntz' },
      { name: 'dec', type: 'decimal(20,3)' },
      { name: 'small', type: 'decimal(5,2)' },
      { name: 'bin', type: 'binary' },
      { name: 's', type: { type: 'struct', fields: [{ name: 'x', type: 'integer', nullable: true, metadata: {} }] } },
      { name: 'arr', type: { type: 'array', elementType: 'string', containsNull: true } },
      { name: 'm', type: { type: 'map', keyType: 'long', valueType: 'integer', valueContainsNull: true } },
    ]
    const file = await writeParquet(store, 'a.parquet', [
      { name: 'l', data: [9007199254740993n, null, 0n] },
      { name: 'd', data: [-719162, null, 0] },
      { name: 'ts', data: [1700000000123456n, null, 0n] },
      { name: 'ntz', data: [-1n, null, 0n] },
      { name: 'dec', data: [-12345678901234567n, null, 0n] },
      { name: 'small', data: [-5n, null, 0n] },
      { name: 'bin', data: [Uint8Array.of(0, 255), null, Uint8Array.of()] },
      { name: 's', data: [{ x: null }, null, { x: 1 }] },
      { name: 'arr', data: [['a', null], [], null] },
      { name: 'm', data: [[{ key: 5n, value: null }, { key: -1n, value: 2 }], [], null] },
    ], [
      { name: 'l', type: 'INT64', repetition_type: 'OPTIONAL' },
      int32('d', { converted_type: 'DATE' }),
      { name: 'ts', type: 'INT64', repetition_type: 'OPTIONAL', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } },
      { name: 'ntz', type: 'INT64', repetition_type: 'OPTIONAL', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } },
      { name: 'dec', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 9, repetition_type: 'OPTIONAL', converted_type: 'DECIMAL', precision: 20, scale: 3 },
      int32('small', { converted_type: 'DECIMAL', precision: 5, scale: 2 }),
      { name: 'bin', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      { name: 's', repetition_type: 'OPTIONAL', num_children: 1 },
      int32('x'),
      { name: 'arr', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      text('element'),
      { name: 'm', repetition_type: 'OPTIONAL', converted_type: 'MAP', num_children: 1 },
      { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
      { name: 'key', type: 'INT64', repetition_type: 'REQUIRED' },
      int32('value'),
    ])
    const rows = await collect(snapshotOf(store, fields, [file]))
    assert.deepEqual(rows, [
      {
        l: 9007199254740993n,
        d: '0001-01-01',
        ts: 1700000000123456n,
        ntz: -1n,
        dec: '-12345678901234.567',
        small: '-0.05',
        bin: Uint8Array.of(0, 255),
        s: { x: null },
        arr: ['a', null],
        m: new Map<bigint, number | null>([[5n, null], [-1n, 2]]),
      },
      { l: null, d: null, ts: null, ntz: null, dec: null, small: null, bin: null, s: null, arr: [], m: new Map() },
      { l: 0n, d: '1970-01-01', ts: 0n, ntz: 0n, dec: '0.000', small: '0.00', bin: Uint8Array.of(), s: { x: 1 }, arr: null, m: null },
    ])
  })

  it('resolves columns by physical name in column mapping mode name, nested fields too', async () => {
    const store = new LocalStore(tempDir())
    const cm = (physicalName: string, id: number) => ({ 'delta.columnMapping.physicalName': physicalName, 'delta.columnMapping.id': id })
    const fields = [
      { name: 'part', type: 'string', metadata: cm('col-p', 1) },
      { name: 'info', type: { type: 'struct', fields: [{ name: 'inner', type: 'integer', nullable: true, metadata: cm('col-i', 3) }] }, metadata: cm('col-s', 2) },
    ]
    const file = await writeParquet(store, 'a.parquet', [{ name: 'col-s', data: [{ 'col-i': 7 }] }], [
      { name: 'col-s', repetition_type: 'OPTIONAL', num_children: 1 },
      int32('col-i'),
    ])
    const files = [{ ...file, partitionValues: { 'col-p': 'x' } }]
    const mapped = { kind: 'protocol' as const, minReaderVersion: 2, minWriterVersion: 5 }
    const snapshot = snapshotOf(store, fields, files, { partitionColumns: ['part'], configuration: { 'delta.columnMapping.mode': 'name' }, protocol: mapped })
    assert.deepEqual(await collect(snapshot), [{ part: 'x', info: { inner: 7 } }])
  })

  it('resolves columns by Parquet field id in column mapping mode id', async () => {
    const store = new LocalStore(tempDir())
    const cm = (physicalName: string, id: number) => ({ 'delta.columnMapping.physicalName': physicalName, 'delta.columnMapping.id': id })
    const fields = [
      { name: 'a', type: 'integer', metadata: cm('col-a', 1) },
      { name: 'b', type: 'integer', metadata: cm('col-b', 2) },
    ]
    const byId = await writeParquet(store, 'a.parquet', [{ name: 'renamed', data: [1] }], [int32('renamed', { field_id: 2 })])
    const noIds = await writeParquet(store, 'b.parquet', [{ name: 'col-a', data: [1] }], [int32('col-a')])
    const mapped = { kind: 'protocol' as const, minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['columnMapping'], writerFeatures: ['columnMapping'] }
    const extra = { configuration: { 'delta.columnMapping.mode': 'id' }, protocol: mapped }
    assert.deepEqual(await collect(snapshotOf(store, fields, [byId], extra)), [{ a: null, b: 1 }])
    await assert.rejects(collect(snapshotOf(store, fields, [noIds], extra)), {
      code: 'schema_mismatch',
      message: `${store.describe('b.parquet')}: the table maps columns by id, but the file has no Parquet field ids`,
    })
  })

  it('skips the rows a deletion vector removes', async () => {
    const store = new LocalStore(tempDir())
    const ids = Array.from({ length: 32 }, (_, i) => i)
    const file = await writeParquet(store, 'a.parquet', [{ name: 'id', data: ids }], [int32('id')])
    // The protocol's inline example: rows 3, 4, 7, 11, 18 and 29.
    const deletionVector: DeletionVectorDescriptor = { storageType: 'i', pathOrInlineDv: 'wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L', sizeInBytes: 40, cardinality: 6 }
    const rows = await collect(snapshotOf(store, [{ name: 'id', type: 'integer' }], [{ ...file, deletionVector }]), { batchSize: 10 })
    assert.deepEqual(rows.map((r) => r.id), ids.filter((i) => ![3, 4, 7, 11, 18, 29].includes(i)))
  })

  it('yields batches of at most batchSize rows', async () => {
    const store = new LocalStore(tempDir())
    const file = await writeParquet(store, 'a.parquet', [{ name: 'id', data: [1, 2, 3, 4, 5] }], [int32('id')])
    const sizes: number[] = []
    for await (const batch of scan(snapshotOf(store, [{ name: 'id', type: 'integer' }], [file]), { batchSize: 2 })) sizes.push(batch.length)
    assert.deepEqual(sizes, [2, 2, 1])
  })

  it('refuses a file whose Parquet type cannot hold the table type', async () => {
    const store = new LocalStore(tempDir())
    const file = await writeParquet(store, 'a.parquet', [{ name: 'id', data: [1] }], [int32('id')])
    await assert.rejects(collect(snapshotOf(store, [{ name: 'id', type: 'string' }], [file])), {
      code: 'schema_mismatch',
      message: `${store.describe('a.parquet')}: column 'id' is stored as INT32, which cannot hold the table's type string`,
    })
  })

  it('names a missing data file', async () => {
    const store = new LocalStore(tempDir())
    const file: AddAction = { kind: 'add', path: 'gone%20away.parquet', partitionValues: {}, size: 1, modificationTime: 0, dataChange: true }
    await assert.rejects(collect(snapshotOf(store, [{ name: 'id', type: 'integer' }], [file])), {
      code: 'not_found',
      message: `file '${store.describe('gone away.parquet')}' does not exist`,
    })
  })

  it('names a truncated data file of a table', async () => {
    const dir = tempDir()
    const store = new LocalStore(dir)
    const bytes = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: [1n, 2n, 3n], type: 'INT64' }] }))
    await store.put('part-0.parquet', bytes.subarray(0, bytes.length - 10))
    writeCommit(dir, 0, [protocol(), metaData(), add('part-0.parquet', { size: bytes.length - 10 })])
    await assert.rejects(collect(await loadSnapshot(store)), {
      code: 'corrupt_file',
      message: `${store.describe('part-0.parquet')}: not a valid Parquet file (parquet file invalid (footer != PAR1))`,
    })
  })
})
