import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { isStrataError } from '../../src/core/errors.ts'
import { LocalStore } from '../../src/io/local-store.ts'
import { parquetSource, readParquetMetadata } from '../../src/io/parquet.ts'
import { fileKey } from '../../src/table/log-segment.ts'
import { loadSnapshot, type Snapshot } from '../../src/table/snapshot.ts'
import { TESTDATA, tempDir } from '../helpers/temp-dir.ts'

const GOLDEN = path.join(TESTDATA, 'delta/golden')
const table = (name: string) => path.join(GOLDEN, name, 'delta')
const open = (name: string) => new LocalStore(table(name))
const pad = (v: number) => String(v).padStart(20, '0')

/** A writable copy of a golden table's `_delta_log`, without the files named in `drop`. */
function copyLog(name: string, drop: readonly string[]): string {
  const dir = tempDir()
  const log = path.join(dir, '_delta_log')
  mkdirSync(log)
  for (const file of readdirSync(path.join(table(name), '_delta_log'), { withFileTypes: true })) {
    if (file.isFile() && !drop.includes(file.name)) writeFileSync(path.join(log, file.name), readFileSync(path.join(table(name), '_delta_log', file.name)))
  }
  return dir
}

describe('golden tables the log reader must refuse', () => {
  const cases: [string, string, string][] = [
    ['deltalog-invalid-protocol-version', 'unsupported_feature', 'reader version 99 is not supported (Strata reads up to 3)'],
    ['deltalog-state-reconstruction-without-metadata', 'corrupt_log', `'${table('deltalog-state-reconstruction-without-metadata')}' has no metaData action at version 0: none in commit 0`],
    ['deltalog-state-reconstruction-without-protocol', 'corrupt_log', `'${table('deltalog-state-reconstruction-without-protocol')}' has no protocol action at version 0: none in commit 0`],
    [
      'deltalog-state-reconstruction-from-checkpoint-missing-metadata',
      'corrupt_log',
      `'${table('deltalog-state-reconstruction-from-checkpoint-missing-metadata')}' has no metaData action at version 10: none in checkpoint '_delta_log/${pad(10)}.checkpoint.parquet'`,
    ],
    // Its checkpoint lacks the protocol row and holds a metaData row without a schema; the
    // row is refused first.
    [
      'deltalog-state-reconstruction-from-checkpoint-missing-protocol',
      'corrupt_log',
      `${table('deltalog-state-reconstruction-from-checkpoint-missing-protocol')}/_delta_log/${pad(10)}.checkpoint.parquet row 0: metaData: field 'schemaString' must be a string`,
    ],
    ['no-delta-log-folder', 'not_a_table', `'${table('no-delta-log-folder')}' is not a Delta table: no _delta_log folder`],
    ['versions-not-contiguous', 'versions_not_contiguous', `'${table('versions-not-contiguous')}' log is not contiguous: commit 1 is missing before version 2`],
  ]
  for (const [name, code, message] of cases) {
    it(`refuses ${name}`, async () => {
      await assert.rejects(loadSnapshot(open(name)), { code, message })
    })
  }

  it('refuses a multi-part checkpoint with a missing part when no commits can replace it', async () => {
    const dir = copyLog('multi-part-checkpoint', [`${pad(0)}.json`, `${pad(1)}.checkpoint.0000000002.0000000002.parquet`])
    await assert.rejects(loadSnapshot(new LocalStore(dir)), {
      code: 'corrupt_log',
      message: `'${dir}' cannot be read: checkpoint 1 is missing part file '_delta_log/${pad(1)}.checkpoint.0000000002.0000000002.parquet', and no older checkpoint or commit 0 can replace it`,
    })
  })
})

describe('golden tables the log reader must read', () => {
  it('ignores a corrupt _last_checkpoint', async () => {
    const s = await loadSnapshot(open('corrupted-last-checkpoint-kernel'))
    assert.deepEqual([s.version, s.checkpointVersion, s.files.length], [11, 10, 2])
  })

  it('reads a multi-part checkpoint', async () => {
    const s = await loadSnapshot(open('multi-part-checkpoint'))
    assert.deepEqual([s.version, s.checkpointVersion, s.files.length], [1, 1, 10])
  })

  it('replays the commits instead of a multi-part checkpoint with a missing part', async () => {
    const dir = copyLog('multi-part-checkpoint', [`${pad(1)}.checkpoint.0000000001.0000000002.parquet`])
    const s = await loadSnapshot(new LocalStore(dir))
    assert.deepEqual([s.version, s.checkpointVersion, s.files.length], [1, -1, 10])
  })

  for (const name of ['v2-checkpoint-json', 'v2-checkpoint-parquet']) {
    it(`reads ${name} and its sidecars`, async () => {
      const s = await loadSnapshot(open(name))
      assert.deepEqual([s.version, s.checkpointVersion, s.files.length, s.protocol.readerFeatures], [2, 2, 4, ['v2Checkpoint']])
    })
  }

  it('reads the latest protocol and metadata', async () => {
    const s = await loadSnapshot(open('log-replay-latest-metadata-protocol'))
    assert.deepEqual(s.schema.fields.map((f) => f.name), ['col1', 'col2'])
    assert.equal(s.protocol.minReaderVersion, 3)
  })

  it('travels to older versions of a golden table', async () => {
    const store = open('time-travel-start-start20-start40')
    for (const version of [0, 1, 2]) assert.equal((await loadSnapshot(store, { version })).files.length, 2 * (version + 1))
  })
})

// Sums what the stats say each active file holds, minus deleted rows; undefined when a file has no stats.
function statsRows(s: Snapshot): number | undefined {
  let rows = 0
  for (const f of s.files) {
    const n = f.stats === undefined ? undefined : (JSON.parse(f.stats) as { numRecords?: number }).numRecords
    if (n === undefined) return undefined
    rows += n - (f.deletionVector?.cardinality ?? 0)
  }
  return rows
}

async function expectedRows(name: string): Promise<number> {
  const store = new LocalStore(path.join(GOLDEN, name, 'expected'))
  let rows = 0
  for (const { key } of await store.list('')) {
    if (key.endsWith('.parquet')) rows += Number((await readParquetMetadata(await parquetSource(store, key), key)).num_rows)
  }
  return rows
}

describe('every golden table with expected rows', () => {
  const names = readdirSync(GOLDEN).filter((name) => existsSync(path.join(GOLDEN, name, 'expected')))
  for (const name of names) {
    it(`loads ${name} or refuses it as unsupported`, async () => {
      const store = open(name)
      let s: Snapshot
      try {
        s = await loadSnapshot(store)
      } catch (e) {
        if (isStrataError(e, 'unsupported_feature')) return
        throw e
      }
      assert.ok(s.protocol.minReaderVersion >= 1 && s.metadata.schemaString.length > 0)
      assert.ok(s.schema.fields.length > 0)
      for (const f of s.files) assert.ok(await store.stat(fileKey(f.path)), `${name}: data file '${f.path}' does not exist`)
      const rows = statsRows(s)
      if (rows !== undefined) assert.equal(rows, await expectedRows(name), `${name}: rows by file stats`)
    })
  }
})
