import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { LocalStore } from '../../src/io/local-store.ts'
import { fileKey } from '../../src/table/log-segment.ts'
import type { StructType } from '../../src/table/schema.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { restoreTable } from '../../src/table/restore.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { DOCS_SCHEMA, docs } from '../table/fixtures/docs-schema.ts'
import { interopPython } from './python-venv.ts'

type Row = Record<string, unknown>

// Both sides print rows in one form: timestamps as integer microseconds, longs as numbers.
function normalise(row: Row): Row {
  const out: Row = {}
  for (const [k, v] of Object.entries(row)) {
    out[k] = v instanceof Date ? v.getTime() * 1000 : typeof v === 'bigint' ? Number(v) : v
  }
  return out
}

async function strataRows(store: LocalStore, version: number): Promise<Row[]> {
  const rows: Row[] = []
  for await (const batch of scan(await loadSnapshot(store, { version }))) rows.push(...batch.map(normalise))
  return rows.sort((a, b) => String(a.id).localeCompare(String(b.id)))
}

describe('interop with delta-rs and pyarrow', () => {
  it('reads every version of a Strata table with identical rows', async () => {
    const dir = tempDir()
    const store = new LocalStore(dir)
    const wider: StructType = { type: 'struct', fields: [...DOCS_SCHEMA.fields, { name: 'quality', type: 'double', nullable: true, metadata: {} }] }
    await createTable(store, { schema: DOCS_SCHEMA, partitionColumns: ['lang'], name: 'interop' })
    for (let i = 0; i < 6; i++) await writeRows(store, docs(i * 5, 5, i % 2 ? 'en' : 'de'))
    await writeRows(store, docs(100, 3, 'fr').map((r) => ({ ...r, quality: 0.25 })), { schema: wider })
    await writeRows(store, docs(200, 4, 'en'), { mode: 'overwrite' })
    for (let i = 0; i < 4; i++) await writeRows(store, docs(300 + i * 2, 2, 'en').map((r) => ({ ...r, quality: i })))
    await restoreTable(store, { version: 7 })
    const latest = (await loadSnapshot(store)).version
    assert.ok(latest >= 10 && (await store.stat('_delta_log/00000000000000000010.checkpoint.parquet')), 'the table has a checkpoint')

    const manifest: Record<string, { key: string; partitionValues: Record<string, string | null> }[]> = {}
    for (let v = 0; v <= latest; v++) {
      manifest[v] = (await loadSnapshot(store, { version: v })).files.map((f) => ({ key: fileKey(f.path), partitionValues: f.partitionValues }))
    }
    const manifestPath = path.join(dir, '..', `${path.basename(dir)}-manifest.json`)
    writeFileSync(manifestPath, JSON.stringify(manifest))
    const script = new URL('./read_delta.py', import.meta.url).pathname
    const peers = JSON.parse(execFileSync(interopPython(), [script, dir, manifestPath], { encoding: 'utf8', maxBuffer: 1 << 26 }))

    for (let v = 0; v <= latest; v++) {
      const ours = await strataRows(store, v)
      assert.equal(peers[v].deltalake_version, v)
      assert.deepEqual(peers[v].deltalake, ours, `delta-rs reads version ${v} as Strata does`)
      assert.deepEqual(peers[v].pyarrow, ours, `pyarrow reads the files of version ${v} as Strata does`)
    }
  })
})
