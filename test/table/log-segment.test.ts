import assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import type { BlobStore } from '../../src/io/blob-store.ts'
import { LocalStore } from '../../src/io/local-store.ts'
import { fileKey, readLogSegment, type LogSegment } from '../../src/table/log-segment.ts'
import { commitName, writeCommit, writeLogFile } from '../helpers/delta-log.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const pad = (v: number) => String(v).padStart(20, '0')
const part = (v: number, o: number, p: number) => `${pad(v)}.checkpoint.${String(o).padStart(10, '0')}.${String(p).padStart(10, '0')}.parquet`
const UUID = '6374b053-df23-479b-b2cf-c9c550132b49'

/** A table folder with empty commit files for `versions` and empty files named `extra` in `_delta_log`. */
function table(versions: Iterable<number>, extra: readonly string[] = []): string {
  const dir = tempDir()
  for (const v of versions) writeCommit(dir, v, [])
  for (const name of extra) writeLogFile(dir, name, '')
  return dir
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

function summary(s: LogSegment) {
  return {
    version: s.version,
    checkpoint: s.checkpoint && { version: s.checkpoint.version, kind: s.checkpoint.kind, files: s.checkpoint.files.map((f) => path.basename(f.key)) },
    commits: s.commits.map((c) => c.version),
  }
}

async function segment(dir: string, version?: number) {
  return summary(await readLogSegment(new LocalStore(dir), version))
}

describe('readLogSegment', () => {
  it('replays every commit when there is no checkpoint', async () => {
    assert.deepEqual(await segment(table(range(0, 3))), { version: 3, checkpoint: undefined, commits: [0, 1, 2, 3] })
  })

  it('starts from the newest checkpoint at or below the version asked for', async () => {
    const dir = table(range(0, 12), [`${pad(5)}.checkpoint.parquet`, `${pad(10)}.checkpoint.parquet`])
    assert.deepEqual(await segment(dir), { version: 12, checkpoint: { version: 10, kind: 'classic', files: [`${pad(10)}.checkpoint.parquet`] }, commits: [11, 12] })
    assert.deepEqual(await segment(dir, 9), { version: 9, checkpoint: { version: 5, kind: 'classic', files: [`${pad(5)}.checkpoint.parquet`] }, commits: [6, 7, 8, 9] })
    assert.deepEqual(await segment(dir, 10), { version: 10, checkpoint: { version: 10, kind: 'classic', files: [`${pad(10)}.checkpoint.parquet`] }, commits: [] })
    assert.deepEqual(await segment(dir, 4), { version: 4, checkpoint: undefined, commits: [0, 1, 2, 3, 4] })
  })

  it('reads a multi-part checkpoint with all its parts, in part order', async () => {
    const dir = table(range(0, 3), [part(2, 2, 2), part(2, 1, 2)])
    assert.deepEqual(await segment(dir), { version: 3, checkpoint: { version: 2, kind: 'multi-part', files: [part(2, 1, 2), part(2, 2, 2)] }, commits: [3] })
  })

  it('prefers a UUID-named checkpoint, then a classic one, over a multi-part one of the same version', async () => {
    const v2 = `${pad(2)}.checkpoint.${UUID}.json`
    const dir = table(range(0, 2), [part(2, 1, 2), part(2, 2, 2), `${pad(2)}.checkpoint.parquet`, v2])
    assert.deepEqual((await segment(dir)).checkpoint, { version: 2, kind: 'v2', files: [v2] })
    rmSync(path.join(dir, '_delta_log', v2))
    assert.equal((await segment(dir)).checkpoint?.kind, 'classic')
  })

  it('ignores an incomplete multi-part checkpoint when an older checkpoint covers', async () => {
    const dir = table(range(3, 8), [`${pad(3)}.checkpoint.parquet`, part(6, 1, 3), part(6, 3, 3)])
    assert.deepEqual(await segment(dir), { version: 8, checkpoint: { version: 3, kind: 'classic', files: [`${pad(3)}.checkpoint.parquet`] }, commits: [4, 5, 6, 7, 8] })
  })

  it('ignores an incomplete multi-part checkpoint when the commits from 0 cover', async () => {
    assert.deepEqual(await segment(table(range(0, 3), [part(2, 1, 2)])), { version: 3, checkpoint: undefined, commits: [0, 1, 2, 3] })
  })

  it('names the missing part when nothing else can replace an incomplete checkpoint', async () => {
    const dir = table(range(5, 7), [part(5, 1, 3), part(5, 3, 3)])
    await assert.rejects(readLogSegment(new LocalStore(dir)), {
      code: 'corrupt_log',
      message: `'${dir}' cannot be read: checkpoint 5 is missing part file '_delta_log/${part(5, 2, 3)}', and no older checkpoint or commit 0 can replace it`,
    })
  })

  it('refuses a log with a gap, naming the missing versions', async () => {
    const dir = table([0, 1, 4, 5])
    await assert.rejects(readLogSegment(new LocalStore(dir)), { code: 'versions_not_contiguous', message: `'${dir}' log is not contiguous: commits 2 to 3 are missing before version 4` })
    assert.deepEqual(await segment(dir, 1), { version: 1, checkpoint: undefined, commits: [0, 1] })
  })

  it('refuses a log that starts after 0 without a checkpoint', async () => {
    const dir = table([3, 4])
    await assert.rejects(readLogSegment(new LocalStore(dir)), { code: 'versions_not_contiguous', message: `'${dir}' has no checkpoint and its log starts at version 3: commits 0 to 2 are missing` })
  })

  it('says which versions exist when asked for one that does not', async () => {
    const dir = table(range(5, 7), [`${pad(5)}.checkpoint.parquet`])
    for (const v of [3, 8, -1, 1.5]) {
      await assert.rejects(readLogSegment(new LocalStore(dir), v), { code: 'version_not_found', message: `version ${v} of '${dir}' does not exist: available versions are 5 to 7` })
    }
  })

  it('refuses a folder without a log', async () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'part-0.parquet'), '')
    await assert.rejects(readLogSegment(new LocalStore(dir)), { code: 'not_a_table', message: `'${dir}' is not a Delta table: no _delta_log folder` })
    writeLogFile(dir, '_last_checkpoint', '{"version":0}')
    await assert.rejects(readLogSegment(new LocalStore(dir)), { code: 'not_a_table' })
  })

  it('ignores files that are neither commits nor checkpoints', async () => {
    const dir = table(range(0, 1), [
      `.${commitName(0)}.crc`,
      `${pad(1)}.crc`,
      `${pad(0)}.${pad(1)}.compacted.json`,
      `_sidecars/${pad(1)}.checkpoint.parquet`,
      `_staged_commits/${pad(2)}.${UUID}.json`,
      `${pad(1)}.checkpoint.not-a-uuid.json`,
    ])
    assert.deepEqual(await segment(dir), { version: 1, checkpoint: undefined, commits: [0, 1] })
  })
})

describe('readLogSegment with a _last_checkpoint hint', () => {
  const dir = table(range(0, 1004), [`${pad(1000)}.checkpoint.parquet`])
  const local = new LocalStore(dir)
  const lists: string[] = []
  const store: BlobStore = { ...bind(local), list: (prefix: string) => (lists.push(prefix), local.list(prefix)) }

  async function withHint(hint: string | undefined) {
    if (hint === undefined) rmSync(path.join(dir, '_delta_log', '_last_checkpoint'), { force: true })
    else writeLogFile(dir, '_last_checkpoint', hint)
    lists.length = 0
    return summary(await readLogSegment(store))
  }

  const expected = { version: 1004, checkpoint: { version: 1000, kind: 'classic', files: [`${pad(1000)}.checkpoint.parquet`] }, commits: range(1001, 1004) }

  it('lists only the versions from the hinted checkpoint on', async () => {
    assert.deepEqual(await withHint('{"version":1000,"size":3}'), expected)
    assert.deepEqual(lists, [`_delta_log/${'0'.repeat(16)}1`])
  })

  it('falls back to a full listing when the hint is corrupt', async () => {
    for (const hint of ['', '{', 'null', '{"version":"ten"}', '{"version":-3}']) {
      assert.deepEqual(await withHint(hint), expected)
      assert.deepEqual(lists, ['_delta_log/'])
    }
  })

  it('still finds a newer checkpoint than a stale hint names', async () => {
    writeLogFile(dir, `${pad(1003)}.checkpoint.parquet`, '')
    try {
      assert.deepEqual((await withHint('{"version":1000}')).checkpoint?.version, 1003)
    } finally {
      rmSync(path.join(dir, '_delta_log', `${pad(1003)}.checkpoint.parquet`))
    }
  })

  it('falls back to a full listing when the hint points past the log', async () => {
    assert.deepEqual(await withHint('{"version":5000}'), expected)
    assert.deepEqual(lists.at(-1), '_delta_log/')
  })

  it('falls back to a full listing when the hinted checkpoint is incomplete', async () => {
    rmSync(path.join(dir, '_delta_log', `${pad(1000)}.checkpoint.parquet`))
    writeLogFile(dir, part(1000, 1, 2), '')
    try {
      const got = await withHint('{"version":1000,"parts":2}')
      assert.deepEqual([got.checkpoint, got.commits.length], [undefined, 1005])
    } finally {
      rmSync(path.join(dir, '_delta_log', part(1000, 1, 2)))
      writeLogFile(dir, `${pad(1000)}.checkpoint.parquet`, '')
    }
  })

  it('lists everything for a version older than the hint', async () => {
    writeLogFile(dir, '_last_checkpoint', '{"version":1000}')
    assert.deepEqual(summary(await readLogSegment(store, 999)).commits.length, 1000)
  })
})

describe('fileKey', () => {
  it('decodes percent-escapes of a relative path', () => {
    assert.equal(fileKey('special%20p@%23h'), 'special p@#h')
    assert.equal(fileKey('_2=bar+%252521/part-0.parquet'), '_2=bar+%2521/part-0.parquet')
  })

  it('accepts an absolute URI inside the table folder', () => {
    assert.equal(fileKey('file:///data/t/x%20y/a.parquet', '/data/t'), 'x y/a.parquet')
    assert.equal(fileKey('file:/data/t/a.parquet', '/data/t/'), 'a.parquet')
    assert.equal(fileKey('/data/t/a.parquet', '/data/t'), 'a.parquet')
    assert.equal(fileKey('s3://bucket/t/a.parquet', 's3://bucket/t'), 'a.parquet')
  })

  it('refuses an absolute URI outside the table folder', () => {
    const message = "file path 's3://other/a.parquet' is an absolute URI outside the table; Strata reads only files inside the table folder"
    assert.throws(() => fileKey('s3://other/a.parquet', '/data/t'), { code: 'unsupported_feature', message })
    assert.throws(() => fileKey('/data/tt/a.parquet', '/data/t'), { code: 'unsupported_feature' })
    assert.throws(() => fileKey('/data/t/a.parquet'), { code: 'unsupported_feature' })
  })

  it('refuses a relative path that leaves the table folder', () => {
    assert.throws(() => fileKey('..//Users/x/foo.parquet'), {
      code: 'unsupported_feature',
      message: "file path '..//Users/x/foo.parquet' points outside the table; Strata reads only files inside the table folder",
    })
  })

  it('refuses a malformed percent-escape', () => {
    assert.throws(() => fileKey('a%2.parquet'), { code: 'corrupt_log', message: "file path 'a%2.parquet' has an invalid percent-escape" })
  })
})

function bind(store: LocalStore): BlobStore {
  return {
    read: store.read.bind(store),
    stream: store.stream.bind(store),
    list: store.list.bind(store),
    put: store.put.bind(store),
    putIfAbsent: store.putIfAbsent.bind(store),
    delete: store.delete.bind(store),
    stat: store.stat.bind(store),
    describe: store.describe.bind(store),
  }
}
