import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LocalStore } from '../../src/io/local-store.ts'
import { readCommit } from '../../src/table/commit-file.ts'
import type { StructType } from '../../src/table/schema.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot, type SnapshotAt } from '../../src/table/snapshot.ts'
import { createTable, TableWriter, writeRows } from '../../src/table/write.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { DOCS_SCHEMA, docs } from './fixtures/docs-schema.ts'

async function rows(store: LocalStore, at?: SnapshotAt): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = []
  for await (const batch of scan(await loadSnapshot(store, at))) out.push(...batch)
  return out.sort((a, b) => String(a.id).localeCompare(String(b.id)))
}

const ids = (rs: Record<string, unknown>[]) => rs.map((r) => r.id)

describe('table writes', () => {
  it('creates a table and appends rows that read back with stats', async () => {
    const store = new LocalStore(tempDir())
    assert.equal(await createTable(store, { schema: DOCS_SCHEMA, name: 'docs' }), 0)
    const result = await writeRows(store, docs(0, 3))
    assert.equal(result.status, 'committed')
    const back = await rows(store)
    assert.deepEqual(ids(back), ['doc-0', 'doc-1', 'doc-2'])
    assert.equal(back[1]!.text, docs(1, 1)[0]!.text)
    assert.equal(back[2]!.n, 2n)
    const snapshot = await loadSnapshot(store)
    assert.equal(snapshot.version, 1)
    assert.deepEqual(JSON.parse(snapshot.files[0]!.stats!), {
      numRecords: 3,
      minValues: { id: 'doc-0', text: 'document number 0 ', n: 0, score: 0, fetched_at: '2026-01-01T00:00:00.000Z', lang: 'en' },
      maxValues: { id: 'doc-2', n: 2, score: 0.2, fetched_at: '2026-01-01T00:00:02.000Z', lang: 'en' },
      nullCount: { id: 0, text: 0, n: 0, score: 0, fetched_at: 0, lang: 0 },
    })
    assert.match(snapshot.files[0]!.path, /^part-00000-[0-9a-f-]{36}-c000\.zstd\.parquet$/)
  })

  it('refuses to create a table twice', async () => {
    const dir = tempDir()
    const store = new LocalStore(dir)
    await createTable(store, { schema: DOCS_SCHEMA })
    await assert.rejects(createTable(store, { schema: DOCS_SCHEMA }), { code: 'already_exists', message: `table '${dir}' already exists` })
  })

  it('records commitInfo with the engine, operation, metrics and Strata fields', async () => {
    const store = new LocalStore(tempDir())
    await createTable(store, { schema: DOCS_SCHEMA })
    await writeRows(store, docs(0, 2), { strata: { runId: 'run-1' } })
    const info = (await readCommit(store, 1))!.find((a) => a.kind === 'commitInfo')!
    assert.equal(info.kind, 'commitInfo')
    const i = info.info as Record<string, unknown>
    assert.equal(i.operation, 'WRITE')
    assert.match(String(i.engineInfo), /^strata\/\d+\.\d+\.\d+$/)
    assert.equal(i.isBlindAppend, true)
    assert.equal(i.readVersion, 0)
    assert.deepEqual(i.strata, { runId: 'run-1' })
    assert.equal((i.operationMetrics as Record<string, string>).numOutputRows, '2')
  })

  it('overwrites by removing the files it read', async () => {
    const store = new LocalStore(tempDir())
    await createTable(store, { schema: DOCS_SCHEMA })
    await writeRows(store, docs(0, 3))
    const result = await writeRows(store, docs(10, 2), { mode: 'overwrite' })
    assert.equal(result.status === 'committed' && result.filesRemoved, 1)
    assert.deepEqual(ids(await rows(store)), ['doc-10', 'doc-11'])
    assert.deepEqual(ids(await rows(store, { version: 1 })), ['doc-0', 'doc-1', 'doc-2'])
  })

  it('adds a nullable column and reads null for it in older files', async () => {
    const store = new LocalStore(tempDir())
    await createTable(store, { schema: DOCS_SCHEMA })
    await writeRows(store, docs(0, 1))
    const wider: StructType = { type: 'struct', fields: [...DOCS_SCHEMA.fields, { name: 'quality', type: 'double', nullable: true, metadata: {} }] }
    await writeRows(store, [{ ...docs(1, 1)[0], quality: 0.5 }], { schema: wider })
    const back = await rows(store)
    assert.equal(back[0]!.quality, null)
    assert.equal(back[1]!.quality, 0.5)
    assert.equal((await loadSnapshot(store)).schema.fields.length, 7)
  })

  it('refuses incompatible schema changes with the column and the reason', async () => {
    const dir = tempDir()
    const store = new LocalStore(dir)
    await createTable(store, { schema: DOCS_SCHEMA })
    const retyped: StructType = { type: 'struct', fields: DOCS_SCHEMA.fields.map((f) => (f.name === 'n' ? { ...f, type: 'string' } : f)) }
    await assert.rejects(writeRows(store, [], { schema: retyped }), {
      code: 'schema_mismatch',
      message: `${dir}: column 'n' would change type from "long" to "string"; Strata only adds nullable columns`,
    })
    const dropped: StructType = { type: 'struct', fields: DOCS_SCHEMA.fields.filter((f) => f.name !== 'lang') }
    await assert.rejects(writeRows(store, [], { schema: dropped }), { message: `${dir}: column 'lang' is missing from the new schema; Strata only adds columns` })
    const required: StructType = { type: 'struct', fields: [...DOCS_SCHEMA.fields, { name: 'x', type: 'long', nullable: false, metadata: {} }] }
    await assert.rejects(writeRows(store, [], { schema: required }), { message: `${dir}: new column 'x' must be nullable, since existing rows have no value for it` })
    await assert.rejects(writeRows(store, [{ id: 'a', extra: 1 }]), { message: `${dir}: column 'extra' is not in the table schema; pass a new schema to add it` })
    await assert.rejects(writeRows(store, [{ id: 'a', n: 'seven' }]), { message: `${dir}: column 'n' row 0: string 'seven' is not a valid long` })
    await assert.rejects(writeRows(store, [{ text: 'no id' }]), { message: `${dir}: column 'id' is not nullable, but row 0 has no value` })
  })

  it('skips a write whose txn app id and version were already committed', async () => {
    const store = new LocalStore(tempDir())
    await createTable(store, { schema: DOCS_SCHEMA })
    const txns = [{ appId: 'ingest-a', version: 1 }]
    assert.equal((await writeRows(store, docs(0, 2), { txns })).status, 'committed')
    const again = await writeRows(store, docs(0, 2), { txns })
    assert.deepEqual(again, { status: 'skipped', version: 1, reason: "application 'ingest-a' already committed version 1" })
    assert.equal((await rows(store)).length, 2)
  })

  it('returns a conflict when a concurrent writer committed the same txn app id', async () => {
    const store = new LocalStore(tempDir())
    await createTable(store, { schema: DOCS_SCHEMA })
    const txns = [{ appId: 'file-a', version: 1 }, { appId: 'file-b', version: 1 }]
    const first = await TableWriter.open(store, { txns })
    const second = await TableWriter.open(store, { txns: [txns[1]!] })
    await first.write(docs(0, 1))
    await second.write(docs(0, 1))
    assert.equal((await first.commit()).status, 'committed')
    assert.deepEqual(await second.commit(), {
      status: 'conflict', version: 1, reason: "application 'file-b' committed version 1 concurrently (table version 1)",
    })
    assert.equal((await rows(store)).length, 1)
  })

  it('writes partitioned tables into Hive-style folders', async () => {
    const store = new LocalStore(tempDir())
    await createTable(store, { schema: DOCS_SCHEMA, partitionColumns: ['lang'] })
    await writeRows(store, [...docs(0, 2, 'en'), ...docs(2, 1, 'de/at'), ...docs(3, 1, null as unknown as string)])
    const snapshot = await loadSnapshot(store)
    const folders = snapshot.files.map((f) => f.path.split('/')[0]).sort()
    assert.deepEqual(folders, ['lang=__HIVE_DEFAULT_PARTITION__', 'lang=de%252Fat', 'lang=en'])
    const back = await rows(store)
    assert.deepEqual(back.map((r) => r.lang), ['en', 'en', 'de/at', null])
  })

  it('writes a checkpoint every ten commits that the next reader starts from', async () => {
    const store = new LocalStore(tempDir())
    await createTable(store, { schema: DOCS_SCHEMA })
    for (let i = 0; i < 12; i++) await writeRows(store, docs(i, 1))
    assert.ok(await store.stat('_delta_log/00000000000000000010.checkpoint.parquet'))
    assert.deepEqual(JSON.parse(new TextDecoder().decode(await store.read('_delta_log/_last_checkpoint'))).version, 10)
    const snapshot = await loadSnapshot(store)
    assert.equal(snapshot.checkpointVersion, 10)
    assert.equal(snapshot.version, 12)
    assert.equal((await rows(store)).length, 12)
    // The checkpoint alone reconstructs the state: drop the JSON commits it covers.
    for (let v = 0; v <= 10; v++) await store.delete(`_delta_log/${String(v).padStart(20, '0')}.json`)
    assert.equal((await rows(store)).length, 12)
  })
})
