import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LocalStore } from '../../src/io/local-store.ts'
import { readHistory } from '../../src/table/history.ts'
import { add, commitInfo, metaData, protocol, writeCommit, writeLogFile } from '../helpers/delta-log.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const T0 = Date.UTC(2026, 0, 1)

describe('readHistory', () => {
  it('lists versions newest first with what their commitInfo says', async () => {
    const dir = tempDir()
    writeCommit(dir, 0, [commitInfo({ operation: 'CREATE TABLE', operationParameters: { mode: 'ErrorIfExists' }, engineInfo: 'Strata/0.1.0' }), protocol(), metaData()], T0)
    writeCommit(dir, 1, [commitInfo({ operation: 'WRITE', operationMetrics: { numFiles: '1' }, inCommitTimestamp: T0 + 5 }), add('a')], T0 + 1000)
    writeCommit(dir, 2, [add('b')], T0 + 2000)
    const history = await readHistory(new LocalStore(dir))
    assert.deepEqual(history.map((h) => [h.version, h.timestamp, h.operation]), [
      [2, T0 + 2000, 'UNKNOWN'],
      [1, T0 + 5, 'WRITE'],
      [0, T0, 'CREATE TABLE'],
    ])
    assert.deepEqual(history[2], {
      version: 0,
      timestamp: T0,
      operation: 'CREATE TABLE',
      operationParameters: { mode: 'ErrorIfExists' },
      operationMetrics: {},
      engineInfo: 'Strata/0.1.0',
      info: { operation: 'CREATE TABLE', operationParameters: { mode: 'ErrorIfExists' }, engineInfo: 'Strata/0.1.0' },
    })
    assert.deepEqual(history[1]!.operationMetrics, { numFiles: '1' })
    assert.deepEqual([history[0]!.info, 'engineInfo' in history[0]!], [{}, false])
  })

  it('returns at most limit versions', async () => {
    const dir = tempDir()
    for (let v = 0; v < 5; v++) writeCommit(dir, v, v === 0 ? [protocol(), metaData()] : [add(`f${v}`)])
    assert.deepEqual((await readHistory(new LocalStore(dir), { limit: 2 })).map((h) => h.version), [4, 3])
    assert.deepEqual(await readHistory(new LocalStore(dir), { limit: 0 }), [])
  })

  it('leaves out versions that log cleanup removed', async () => {
    const dir = tempDir()
    for (let v = 3; v < 6; v++) writeCommit(dir, v, [add(`f${v}`)])
    writeLogFile(dir, `${String(3).padStart(20, '0')}.checkpoint.parquet`, '')
    assert.deepEqual((await readHistory(new LocalStore(dir))).map((h) => h.version), [5, 4, 3])
  })

  it('refuses a folder that is not a table', async () => {
    const dir = tempDir()
    await assert.rejects(readHistory(new LocalStore(dir)), { code: 'not_a_table', message: `'${dir}' is not a Delta table: no _delta_log folder` })
  })
})
