import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { describe, it } from 'node:test'
import { LocalStore } from '../../src/io/local-store.ts'
import { commitVersion, readCommit } from '../../src/table/commit-file.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { vacuumTable } from '../../src/table/vacuum.ts'
import { createTable } from '../../src/table/write.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { DOCS_SCHEMA } from './fixtures/docs-schema.ts'

const WORKER = new URL('./fixtures/append-worker.ts', import.meta.url).pathname

function run(args: string[], onLine?: (line: string, kill: () => void) => void): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WORKER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (line) onLine?.(line, () => child.kill('SIGKILL'))
    })
    child.on('exit', (code, signal) => resolve({ code, signal }))
  })
}

async function allIds(store: LocalStore, version?: number): Promise<string[]> {
  const out: string[] = []
  for await (const batch of scan(await loadSnapshot(store, version === undefined ? undefined : { version }))) {
    for (const r of batch) out.push(String(r.id))
  }
  return out.sort()
}

describe('concurrent writers', () => {
  it('8 processes appending 20 rounds each: every append lands once, versions contiguous', async () => {
    const store = new LocalStore(tempDir())
    await createTable(store, { schema: DOCS_SCHEMA })
    const exits = await Promise.all(Array.from({ length: 8 }, (_, w) => run(['append', store.root, String(w), '20'])))
    assert.deepEqual(exits.map((e) => e.code), Array(8).fill(0))

    const versions = (await store.list('_delta_log/')).map((b) => commitVersion(b.key)).filter((v) => v !== undefined)
    assert.deepEqual(versions, Array.from({ length: 161 }, (_, v) => v))
    const paths: string[] = []
    for (let v = 1; v <= 160; v++) {
      const adds = (await readCommit(store, v))!.filter((a) => a.kind === 'add')
      assert.equal(adds.length, 1, `version ${v} adds one file`)
      paths.push(adds[0]!.path)
    }
    assert.equal(new Set(paths).size, 160, 'no file is referenced twice')
    const snapshot = await loadSnapshot(store)
    assert.equal(snapshot.version, 160)
    assert.equal(snapshot.files.length, 160)
    const expected = Array.from({ length: 8 }, (_, w) => Array.from({ length: 20 }, (_, r) => `w${w}-r${r}`)).flat().sort()
    assert.deepEqual(await allIds(store), expected)
  })
})

describe('a writer killed before it commits', () => {
  it('leaves the table at the previous version, and vacuum removes its orphan files', async () => {
    const store = new LocalStore(tempDir())
    await createTable(store, { schema: DOCS_SCHEMA })
    await run(['append', store.root, '0', '1'])
    const before = await allIds(store)
    const exit = await run(['hang', store.root], (line, kill) => line === 'files-written' && kill())
    assert.equal(exit.signal, 'SIGKILL')

    const dataFiles = (await store.list('')).filter((b) => b.key.endsWith('.parquet') && !b.key.startsWith('_delta_log/'))
    assert.equal(dataFiles.length, 1 + 3, 'the killed writer left three full files behind')
    const snapshot = await loadSnapshot(store)
    assert.equal(snapshot.version, 1)
    assert.deepEqual(await allIds(store), before)

    const dry = await vacuumTable(store, { retentionHours: 0, dryRun: true, now: Date.now() + 1000 })
    assert.equal(dry.files.length, 3)
    assert.equal((await store.list('')).filter((b) => b.key.endsWith('.parquet')).length, 4, 'a dry run deletes nothing')
    await vacuumTable(store, { retentionHours: 0, now: Date.now() + 1000 })
    const left = (await store.list('')).filter((b) => b.key.endsWith('.parquet') && !b.key.startsWith('_delta_log/'))
    assert.deepEqual(left.map((b) => b.key), [snapshot.files[0]!.path])
    assert.deepEqual(await allIds(store), before)
  })
})
