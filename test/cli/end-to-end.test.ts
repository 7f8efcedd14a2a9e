import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { datasetStore, findRepository } from '../../src/repo/repository.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { jsonLines, strata } from '../helpers/cli.ts'
import { REPO_ROOT, tempDir } from '../helpers/temp-dir.ts'
import { DOCS_SCHEMA, docs } from '../table/fixtures/docs-schema.ts'

const GOLDEN_DECIMALS = '../shared/testdata/delta/golden/basic-decimal-table/delta'

describe('strata, end to end', () => {
  // Made here, not in before(): tempDir's cleanup then runs after the suite, not after the hook.
  const dir = tempDir()
  const root = path.join(dir, 'repo')

  before(async () => {
    const init = strata(dir, 'init', 'repo')
    assert.equal(init.code, 0, init.stderr)
    assert.equal(init.stdout.split('\n')[0], `initialized Strata repository in ${root}`)
    const store = datasetStore(await findRepository(root), 'bronze', 'x')
    await createTable(store, { schema: DOCS_SCHEMA, partitionColumns: ['lang'] })
    await writeRows(store, docs(0, 3))
    await writeRows(store, docs(3, 2, 'de'))
  })

  it('refuses to init a repository twice', () => {
    assert.deepEqual(strata(root, 'init'), { code: 1, stdout: '', stderr: `strata: '${root}' is already a Strata repository: it holds strata.yaml\n` })
  })

  it('lists datasets with version, rows, bytes and files', () => {
    const [x, ...rest] = jsonLines(root, 'ls')
    assert.deepEqual(rest, [])
    assert.deepEqual({ ...x, bytes: typeof x!.bytes, modified: typeof x!.modified }, {
      ref: 'bronze/x', zone: 'bronze', name: 'x', version: 2, rows: 5, bytes: 'number', files: 2, modified: 'string',
    })
  })

  it('lists versions newest first with rows and files added', () => {
    const log = jsonLines(root, 'log', 'bronze/x')
    assert.deepEqual(log.map((v) => [v.version, v.operation, v.rowsAdded, v.rowsRemoved, v.filesAdded, v.filesRemoved]), [
      [2, 'WRITE', 2, 0, 1, 0],
      [1, 'WRITE', 3, 0, 1, 0],
      [0, 'CREATE TABLE', 0, 0, 0, 0],
    ])
    assert.deepEqual(jsonLines(root, 'log', 'bronze/x@1', '-n', '1').map((v) => v.version), [1])
  })

  it('shows schema, partitioning, files and statistics', () => {
    const [show] = jsonLines(root, 'show', 'bronze/x@1')
    const s = show as { version: number; partitionColumns: string[]; schema: { fields: { name: string }[] }; files: Record<string, unknown>; columns: Record<string, unknown>[] }
    assert.equal(s.version, 1)
    assert.deepEqual(s.partitionColumns, ['lang'])
    assert.deepEqual(s.schema.fields.map((f) => f.name), ['id', 'text', 'n', 'score', 'fetched_at', 'lang'])
    assert.deepEqual([s.files.files, s.files.rows, s.files.filesWithStats], [1, 3, 1])
    assert.deepEqual(s.columns.find((c) => c.column === 'n'), { column: 'n', nullCount: 0, min: 0, max: 2 })
  })

  it('prints the first rows as JSON Lines with JSON-safe values', () => {
    const rows = jsonLines(root, 'head', 'bronze/x@1', '-n', '2')
    assert.deepEqual(rows, [
      { id: 'doc-0', text: 'document number 0 ', n: 0, score: 0, fetched_at: '2026-01-01T00:00:00.000000Z', lang: 'en' },
      { id: 'doc-1', text: 'document number 1 document number 1 ', n: 1, score: 0.1, fetched_at: '2026-01-01T00:00:01.000000Z', lang: 'en' },
    ])
  })

  it('prints rows as an aligned table', () => {
    const r = strata(root, 'head', 'bronze/x@1', '-n', '1')
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(r.stdout.split('\n'), [
      'id     text                n  score  fetched_at                   lang',
      'doc-0  document number 0   0      0  2026-01-01T00:00:00.000000Z  en',
      '',
    ])
  })

  it('runs SQL over datasets by zone.name and by quoted ref', () => {
    assert.deepEqual(jsonLines(root, 'sql', 'select count(*) as n from bronze.x'), [{ n: 5 }])
    assert.deepEqual(jsonLines(root, 'sql', 'select lang, count(*) as n from "bronze/x@1" group by lang'), [{ lang: 'en', n: 3 }])
    const plain = strata(root, 'sql', 'select lang, count(*) as n from bronze.x group by lang order by lang')
    assert.deepEqual(plain, { code: 0, stdout: 'lang  n\nde    2\nen    3\n(2 rows)\n', stderr: '' })
  })

  it('reports a query DuckDB rejects as a failure', () => {
    const r = strata(root, 'sql', 'select nope from bronze.x')
    assert.equal(r.code, 1)
    assert.match(r.stderr, /^strata: query failed: Binder Error: Referenced column "nope" not found/)
  })

  it('reads a Delta table folder by path, without a repository', () => {
    assert.equal(existsSync(path.join(REPO_ROOT, 'strata.yaml')), false)
    const rows = jsonLines(REPO_ROOT, 'head', GOLDEN_DECIMALS)
    assert.deepEqual(rows.sort((a, b) => Number(a.part) - Number(b.part)), [
      { part: '-2342342.23423', col1: '-999.99', col2: '-99999.99999', col3: '-9999999999.9999999999' },
      { part: '0.00004', col1: '0.00', col2: '0.00000', col3: '0.0000000000' },
      { part: '234.00000', col1: '1.00', col2: '2.00000', col3: '3.0000000000' },
      { part: '2342222.23454', col1: '111.11', col2: '22222.22222', col3: '3333333333.3333333333' },
    ])
    assert.deepEqual(jsonLines(REPO_ROOT, 'sql', `select sum(col1) as total from "${GOLDEN_DECIMALS}"`), [{ total: '-887.88' }])
  })

  it('names column statistics by their logical names under column mapping', () => {
    const [shown] = jsonLines(REPO_ROOT, 'show', '../shared/testdata/delta/golden/dv-with-columnmapping/delta')
    assert.deepEqual((shown!.columns as { column: string }[]).map((c) => c.column), ['col1', 'col2'])
  })

  it('restores an earlier version as a new one, then vacuum lists what the restore dropped', () => {
    const missing = strata(root, 'restore', 'bronze/x')
    assert.deepEqual(missing, {
      code: 2,
      stdout: '',
      stderr: "strata: restore needs the version to go back to: 'bronze/x@<version>' or 'bronze/x@<time>'\nrun 'strata restore --help' for usage\n",
    })
    const restored = strata(root, 'restore', 'bronze/x@1')
    assert.deepEqual(restored, { code: 0, stdout: 'restored bronze/x to version 1 as version 3 (0 files added back, 1 removed)\n', stderr: '' })
    assert.deepEqual(jsonLines(root, 'sql', 'select count(*) as n from bronze.x'), [{ n: 3 }])

    const [kept] = jsonLines(root, 'vacuum', 'bronze/x', '--dry-run')
    assert.deepEqual(kept, { dryRun: true, retentionHours: 168, files: [], count: 0, bytes: 0 })
    const [due] = jsonLines(root, 'vacuum', 'bronze/x', '--dry-run', '--retention-hours', '0') as [{ files: { key: string }[]; count: number }]
    assert.equal(due.count, 1)
    assert.match(due.files[0]!.key, /^lang=de\/part-.*\.parquet$/)
    assert.ok(existsSync(path.join(root, 'bronze/x', due.files[0]!.key)), 'a dry run deletes nothing')
    const text = strata(root, 'vacuum', 'bronze/x', '--dry-run', '--retention-hours', '0')
    assert.match(text.stdout, /\nwould delete 1 file \(\d+ B\) from bronze\/x\n$/)
  })
})
