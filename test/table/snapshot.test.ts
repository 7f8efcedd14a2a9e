import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LocalStore } from '../../src/io/local-store.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { add, commitInfo, commitName, metaData, protocol, remove, writeCommit } from '../helpers/delta-log.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const dv = (id: string) => ({ storageType: 'u', pathOrInlineDv: id, offset: 1, sizeInBytes: 10, cardinality: 2 })
const T0 = Date.UTC(2026, 0, 1)
const minutes = (n: number) => T0 + n * 60_000

/** A table whose commit v was written at minute 10 * v. */
function timedTable(commits: readonly Record<string, unknown>[][]): string {
  const dir = tempDir()
  commits.forEach((actions, v) => writeCommit(dir, v, actions, minutes(10 * v)))
  return dir
}

describe('loadSnapshot reconciliation', () => {
  it('keeps the newest action per logical file, in first-added order', async () => {
    const dir = tempDir()
    writeCommit(dir, 0, [protocol(), metaData(), add('a'), add('b'), add('c')])
    writeCommit(dir, 1, [remove('b', { deletionTimestamp: 111 }), add('a', { stats: '{"numRecords":3}' }), add('d')])
    writeCommit(dir, 2, [add('b'), remove('c', { deletionTimestamp: 222 })])
    const s = await loadSnapshot(new LocalStore(dir))
    assert.equal(s.version, 2)
    assert.deepEqual(s.files.map((f) => f.path), ['a', 'd', 'b'])
    assert.equal(s.files[0]!.stats, '{"numRecords":3}')
    assert.deepEqual(s.tombstones.map((t) => [t.path, t.deletionTimestamp]), [['c', 222]])
    assert.equal(s.checkpointVersion, -1)
  })

  it('tells logical files apart by deletion vector', async () => {
    const dir = tempDir()
    writeCommit(dir, 0, [protocol({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'], writerFeatures: ['deletionVectors'] }), metaData(), add('f')])
    writeCommit(dir, 1, [remove('f'), add('f', { deletionVector: dv('one') })])
    writeCommit(dir, 2, [add('f', { deletionVector: dv('two') }), remove('f', { deletionVector: dv('one') })])
    const s = await loadSnapshot(new LocalStore(dir))
    assert.deepEqual(s.files.map((f) => f.deletionVector?.pathOrInlineDv), ['two'])
    assert.deepEqual(s.tombstones.map((t) => t.deletionVector?.pathOrInlineDv ?? null), [null, 'one'])
  })

  it('lets the latest protocol, metadata, txn per application and domain win', async () => {
    const dir = tempDir()
    writeCommit(dir, 0, [protocol(), metaData({ name: 'first' }), { txn: { appId: 'etl', version: 5 } }, { domainMetadata: { domain: 'a', configuration: '1', removed: false } }, { domainMetadata: { domain: 'b', configuration: '1', removed: false } }])
    writeCommit(dir, 1, [protocol({ minWriterVersion: 3 }), metaData({ name: 'second' }), { txn: { appId: 'etl', version: 3 } }, { txn: { appId: 'other', version: 1 } }, { domainMetadata: { domain: 'a', configuration: '', removed: true } }, { domainMetadata: { domain: 'b', configuration: '2', removed: false } }])
    const s = await loadSnapshot(new LocalStore(dir))
    assert.equal(s.protocol.minWriterVersion, 3)
    assert.equal(s.metadata.name, 'second')
    assert.deepEqual([...s.txns], [['etl', 3], ['other', 1]])
    assert.deepEqual([...s.domains.keys()], ['b'])
    assert.equal(s.domains.get('b')!.configuration, '2')
    assert.deepEqual(s.schema.fields.map((f) => f.name), ['id'])
  })

  it('says which action is missing and where it looked', async () => {
    const dir = tempDir()
    writeCommit(dir, 0, [metaData(), add('a')])
    writeCommit(dir, 1, [add('b')])
    await assert.rejects(loadSnapshot(new LocalStore(dir)), { code: 'corrupt_log', message: `'${dir}' has no protocol action at version 1: none in commits 0 to 1` })
  })

  it('names the file and line of a corrupt commit line', async () => {
    const dir = tempDir()
    writeCommit(dir, 0, [protocol(), metaData()])
    writeCommit(dir, 1, `${JSON.stringify(add('a'))}\n{"add":{"path":"b",\n`)
    await assert.rejects(loadSnapshot(new LocalStore(dir)), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'corrupt_log')
      assert.ok(e.message.startsWith(`${dir}/_delta_log/${commitName(1)}:2: invalid JSON (`), e.message)
      return true
    })
  })

  it('names the field of an action that is not valid', async () => {
    const dir = tempDir()
    writeCommit(dir, 0, [protocol(), metaData(), { add: { path: 'a', partitionValues: {}, size: 'big' } }])
    await assert.rejects(loadSnapshot(new LocalStore(dir)), { code: 'corrupt_log', message: `${dir}/_delta_log/${commitName(0)}:3: add: field 'size' must be a number` })
  })

  it('refuses a table that needs a reader feature Strata lacks', async () => {
    const dir = tempDir()
    writeCommit(dir, 0, [protocol({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['typeWidening'], writerFeatures: ['typeWidening'] }), metaData()])
    await assert.rejects(loadSnapshot(new LocalStore(dir)), { code: 'unsupported_feature', message: "table feature 'typeWidening' is not supported for reads" })
  })
})

describe('loadSnapshot time travel', () => {
  const commits = [[protocol(), metaData(), add('a')], [add('b')], [remove('a')], [add('c')]]

  it('reads any version by number', async () => {
    const store = new LocalStore(timedTable(commits))
    const files = async (version: number) => (await loadSnapshot(store, { version })).files.map((f) => f.path)
    assert.deepEqual(await files(0), ['a'])
    assert.deepEqual(await files(1), ['a', 'b'])
    assert.deepEqual(await files(2), ['b'])
    assert.deepEqual(await files(3), ['b', 'c'])
  })

  it('reads the last version committed at or before a time, by file modification time', async () => {
    const store = new LocalStore(timedTable(commits))
    const at = async (timestamp: number) => {
      const s = await loadSnapshot(store, { timestamp })
      return [s.version, s.timestamp]
    }
    assert.deepEqual(await at(minutes(0)), [0, minutes(0)])
    assert.deepEqual(await at(minutes(15)), [1, minutes(10)])
    assert.deepEqual(await at(minutes(20)), [2, minutes(20)])
    assert.deepEqual(await at(minutes(999)), [3, minutes(30)])
  })

  it('refuses a time before the first version', async () => {
    const dir = timedTable(commits)
    await assert.rejects(loadSnapshot(new LocalStore(dir), { timestamp: minutes(-1) }), {
      code: 'version_not_found',
      message: `no version of '${dir}' was committed at or before 2025-12-31T23:59:00.000Z: the oldest readable version is 0, committed at 2026-01-01T00:00:00.000Z`,
    })
  })

  it('uses in-commit timestamps from the version that enabled them', async () => {
    const ict = (n: number) => commitInfo({ inCommitTimestamp: minutes(n), operation: 'WRITE' })
    const enable = metaData({ configuration: { 'delta.enableInCommitTimestamps': 'true', 'delta.inCommitTimestampEnablementVersion': '2' } })
    // File times are minutes 0, 10, 20, 30, 40; in-commit times from version 2 are 100, 200, 300.
    const dir = timedTable([[protocol(), metaData(), add('a')], [add('b')], [ict(100), enable, add('c')], [ict(200), add('d')], [ict(300), add('e')]])
    const store = new LocalStore(dir)
    const version = async (timestamp: number) => (await loadSnapshot(store, { timestamp })).version
    assert.equal(await version(minutes(5)), 0)
    assert.equal(await version(minutes(99)), 1)
    assert.equal(await version(minutes(100)), 2)
    assert.equal(await version(minutes(250)), 3)
    assert.equal(await version(minutes(1000)), 4)
    assert.equal((await loadSnapshot(store)).timestamp, minutes(300))
    assert.equal((await loadSnapshot(store, { version: 1 })).timestamp, minutes(10))
  })
})
