import assert from 'node:assert/strict'
import { userInfo } from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { before, describe, it } from 'node:test'
import type { IngestionRecord } from '../../src/catalog/catalog.ts'
import { openCatalog } from '../../src/catalog/open-catalog.ts'
import { findRepository } from '../../src/repo/repository.ts'
import { strata } from '../helpers/cli.ts'
import { tempDir } from '../helpers/temp-dir.ts'


const RECORD: IngestionRecord = {
  ingestionId: 'ing-1',
  dataset: 'bronze/speeches',
  sourceName: 'gutenberg',
  sourcePaths: ['./corpus'],
  ingestionTimestamp: '2026-11-20T10:00:00.000Z',
  license: 'CC0-1.0',
  fileFormat: 'text',
  rawFileCount: 2,
  rawSizeBytes: 3072,
  files: [
    { path: 'corpus/a.txt', size: 1024, sha256: 'a'.repeat(64) },
    { path: 'corpus/b.txt', size: 2048, sha256: 'b'.repeat(64) },
  ],
  storagePrefix: 'bronze/speeches/',
  strataVersion: '0.1.0',
  actor: 'ana',
  documentsWritten: 1500,
  documentsQuarantined: 3,
  tableVersion: 1,
}

describe('strata audit and strata ingestions, end to end', () => {
  const dir = tempDir()
  const root = path.join(dir, 'repo')

  before(async () => {
    assert.equal(strata(dir, 'init', 'repo').code, 0)
    const catalog = await openCatalog(await findRepository(root), {})
    try {
      await catalog.recordIngestion(RECORD)
      await catalog.appendAudit({ actor: 'ana', action: 'ingest', target: 'bronze/speeches', details: { ingestionId: 'ing-1', documents: 1500 } })
      await catalog.appendAudit({ actor: 'bo', action: 'dataset.update', target: 'bronze/speeches', details: { owner: 'bo' } })
      await catalog.appendAudit({ actor: 'ana', action: 'ingest', target: 'bronze/letters', details: { ingestionId: 'ing-2' } })
    } finally {
      await catalog.close()
    }
  })

  it('init creates the catalog and records itself as the first audit row', () => {
    const [first] = strata(root, 'audit', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l)).reverse()
    assert.deepEqual({ ...first, at: typeof first.at, hash: typeof first.hash }, {
      seq: 1, at: 'string', actor: userInfo().username, action: 'init', target: root, details: { zones: ['bronze', 'silver', 'gold'], catalog: 'sqlite' }, prevHash: '0'.repeat(64), hash: 'string',
    })
  })

  it('lists the audit log newest first, by target, at most n rows', () => {
    const rows = (...args: string[]) => strata(root, 'audit', '--json', ...args).stdout.trim().split('\n').map((l) => JSON.parse(l).seq)
    assert.deepEqual(rows(), [4, 3, 2, 1])
    assert.deepEqual(rows('--target', 'bronze/speeches'), [3, 2])
    assert.deepEqual(rows('-n', '1'), [4])
    const table = strata(root, 'audit', '--target', 'bronze/speeches', '-n', '1').stdout.split('\n')
    assert.match(table[0]!, /^SEQ {2}TIME +ACTOR {2}ACTION +TARGET +DETAILS$/)
    assert.match(table[1]!, /^ {2}3 {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}bo {5}dataset\.update {2}bronze\/speeches {2}\{"owner":"bo"\}$/)
  })

  it('lists ingestion records as a table and as JSON Lines with every field', () => {
    assert.deepEqual(strata(root, 'ingestions'), {
      code: 0,
      stderr: '',
      stdout: [
        'ID     DATASET          SOURCE     LICENSE  FORMAT  FILES    BYTES   DOCS  QUARANTINED  VERSION  TIME',
        'ing-1  bronze/speeches  gutenberg  CC0-1.0  text        2  3.0 KiB  1,500            3        1  2026-11-20T10:00:00Z',
        '',
      ].join('\n'),
    })
    assert.deepEqual(JSON.parse(strata(root, 'ingestions', '--json', '--dataset', 'bronze/speeches').stdout), RECORD)
    assert.deepEqual(strata(root, 'ingestions', '--dataset', 'silver/none'), { code: 0, stdout: 'no ingestions into silver/none\n', stderr: '' })
  })

  it('refuses a malformed --dataset and --verify with a filter as usage errors', () => {
    assert.deepEqual(strata(root, 'ingestions', '--dataset', 'speeches'), {
      code: 2, stdout: '', stderr: "strata: option --dataset must be <zone>/<name>, e.g. bronze/web, not 'speeches'\nrun 'strata ingestions --help' for usage\n",
    })
    assert.deepEqual(strata(root, 'audit', '--verify', '-n', '2'), {
      code: 2, stdout: '', stderr: "strata: --verify checks the whole log; it takes no --target or -n\nrun 'strata audit --help' for usage\n",
    })
  })

  it('verifies the chain, then names the row altered directly in the SQLite file', () => {
    assert.deepEqual(strata(root, 'audit', '--verify'), { code: 0, stdout: 'audit log verified: 4 rows, chain intact\n', stderr: '' })
    const db = new DatabaseSync(path.join(root, 'catalog.sqlite'))
    try {
      db.exec('DROP TRIGGER audit_log_no_update')
      db.exec(`UPDATE audit_log SET details = '{"ingestionId":"ing-1","documents":15}' WHERE seq = 2`)
    } finally {
      db.close()
    }
    assert.deepEqual(strata(root, 'audit', '--verify'), { code: 1, stdout: 'audit log TAMPERED at row 2: its content does not match its hash: the row was modified\n', stderr: '' })
    assert.deepEqual(JSON.parse(strata(root, 'audit', '--verify', '--json').stdout), { ok: false, rows: 1, seq: 2, reason: 'its content does not match its hash: the row was modified' })
  })
})
