import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { LocalStore } from '../../src/io/local-store.ts'
import { fileKey } from '../../src/table/log-segment.ts'
import type { StructType } from '../../src/table/schema.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { interopPython } from './python-venv.ts'

type Row = Record<string, unknown>

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'integer', nullable: false, metadata: {} },
    { name: 'tokens', type: { type: 'array', elementType: 'integer', containsNull: false }, nullable: true, metadata: {} },
    { name: 'ids', type: { type: 'array', elementType: 'long', containsNull: false }, nullable: false, metadata: {} },
  ],
}

const ROWS = 40_000 // two files of 25,000 and 15,000 rows, each of more than one row group
const BIG = 2n ** 53n + 1n

/** Row `i`: null, empty, one-element, extreme and longer lists, in every accepted representation. */
function row(i: number): Row {
  const k = i % 8
  const n = i % 61
  const tokens =
    i === 5 ? Int32Array.from({ length: 400_000 }, (_, j) => (j * 2_654_435_761) | 0) // 1.6 MB: pages of its own
    : k === 0 ? null
    : k === 1 ? []
    : k === 2 ? Uint16Array.of(i & 0xffff)
    : k === 3 ? Int32Array.of(2_147_483_647, -2_147_483_648)
    : k === 4 ? Uint32Array.from({ length: n }, (_, j) => (i + j) * 1013)
    : Array.from({ length: n }, (_, j) => ((i * 131 + j * 7) % 60_000) - 30_000)
  const ids =
    k === 1 ? []
    : k === 2 ? [BIG + BigInt(i)]
    : k === 3 ? BigInt64Array.of(-(2n ** 63n), 2n ** 63n - 1n)
    : k === 4 ? Int32Array.from({ length: n }, (_, j) => i * j - 5000)
    : [i, -(2 ** 53 - 1), BigInt(i) * -3_000_000_019n]
  return { id: i, tokens, ids }
}

// One printed form for every reader: int lists as numbers, long lists as decimal strings.
function printable(r: Row): Row {
  const list = (v: unknown) => (v === null ? null : Array.from(v as ArrayLike<number | bigint>))
  return { id: r.id, tokens: list(r.tokens), ids: (list(r.ids) as (number | bigint)[]).map((x) => String(x)) }
}

describe('list columns read by DuckDB, delta-rs and pyarrow', () => {
  it('reads the token lists of a Strata table exactly as written', async () => {
    const dir = tempDir()
    const store = new LocalStore(dir)
    await createTable(store, { schema: SCHEMA, name: 'lists' })
    const written = Array.from({ length: ROWS }, (_, i) => row(i))
    assert.equal((await writeRows(store, written, { fileRows: 25_000 })).status, 'committed')
    const expected = written.map(printable)

    const snapshot = await loadSnapshot(store)
    assert.equal(snapshot.files.length, 2)
    const files = snapshot.files.map((f) => path.join(dir, fileKey(f.path)))
    const strata: Row[] = []
    for await (const batch of scan(snapshot)) strata.push(...batch.map(printable))
    strata.sort((a, b) => (a.id as number) - (b.id as number))
    assert.deepEqual(strata, expected, 'Strata reads back what it wrote')

    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    try {
      const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')
      const types = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet([${list}])`)
      assert.deepEqual(types.getRowObjectsJS().map((r) => [r.column_name, r.column_type]), [['id', 'INTEGER'], ['tokens', 'INTEGER[]'], ['ids', 'BIGINT[]']])
      const duck = await connection.runAndReadAll(`SELECT id, tokens, ids FROM read_parquet([${list}]) ORDER BY id`)
      assert.deepEqual(duck.getRowObjectsJS().map(printable), expected, 'DuckDB reads the files as written')
    } finally {
      connection.closeSync()
      instance.closeSync()
    }

    const script = new URL('./read_lists.py', import.meta.url).pathname
    const printed = path.join(tempDir(), 'peers.json')
    execFileSync(interopPython(), [script, printed, dir, ...files], { stdio: 'inherit' })
    const peers = JSON.parse(readFileSync(printed, 'utf8'))
    for (const peer of ['deltalake', 'pyarrow'] as const) {
      assert.deepEqual(peers[peer].types, {
        id: 'int32 not null',
        tokens: 'list<element: int32 not null>',
        ids: 'list<element: int64 not null> not null',
      }, `${peer} sees lists of required int32 and int64`)
      assert.deepEqual(peers[peer].rows, expected, `${peer} reads the rows as written`)
    }
  })
})
