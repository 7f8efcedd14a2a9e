import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { isStrataError } from '../../src/core/errors.ts'
import { parseRef, resolveRef } from '../../src/repo/ref.ts'
import { datasetStore, initRepository } from '../../src/repo/repository.ts'
import { createTable } from '../../src/table/write.ts'
import { tempDir, TESTDATA } from '../helpers/temp-dir.ts'

const EXPECTED =
  'expected <zone>/<name>, <zone>/<name>@<version> or <zone>/<name>@<time> with zone bronze, silver or gold ' +
  '(e.g. silver/web-en@12 or silver/web-en@2026-11-20T10:00Z), or the path of a Delta table folder (e.g. ./events)'

function refuses(text: string, message: string): void {
  assert.throws(() => parseRef(text), (e) => isStrataError(e, 'invalid_ref') && e.message === message)
}

const noRepository = async (): Promise<never> => assert.fail('a path ref must not open the repository')

describe('parseRef', () => {
  it('reads a dataset ref at its latest version', () => {
    assert.deepEqual(parseRef('bronze/docs'), { kind: 'dataset', text: 'bronze/docs', zone: 'bronze', name: 'docs', at: undefined })
  })

  it('reads a version after @', () => {
    assert.deepEqual(parseRef('silver/web-en@12'), { kind: 'dataset', text: 'silver/web-en@12', zone: 'silver', name: 'web-en', at: { version: 12 } })
  })

  it('reads an ISO time with minutes and a Z', () => {
    assert.deepEqual(parseRef('gold/mix_v2@2026-11-20T10:00Z').at, { timestamp: Date.UTC(2026, 10, 20, 10, 0) })
  })

  it('reads a full ISO time with fraction and offset', () => {
    assert.deepEqual(parseRef('silver/web.en@2026-11-20T10:00:30.250+01:00').at, { timestamp: Date.UTC(2026, 10, 20, 9, 0, 30, 250) })
  })

  it('reads anything else holding a slash, or starting with a dot, as a table folder', () => {
    assert.deepEqual(parseRef('../shared/t/delta'), { kind: 'path', text: '../shared/t/delta', path: '../shared/t/delta', at: undefined })
    assert.deepEqual(parseRef('/data/events@3'), { kind: 'path', text: '/data/events@3', path: '/data/events', at: { version: 3 } })
    assert.equal(parseRef('tables/events').kind, 'path')
    assert.equal(parseRef('bronze/docs/part').kind, 'path')
    assert.equal(parseRef('.').kind, 'path')
  })

  it('keeps an @ in a folder name when what follows is no version', () => {
    assert.deepEqual(parseRef('./exports/team@acme'), { kind: 'path', text: './exports/team@acme', path: './exports/team@acme', at: undefined })
  })

  it('refuses an empty ref', () => refuses('', `ref is empty; ${EXPECTED}`))

  it('refuses a bare name', () => refuses('web-en', `ref 'web-en' is not valid; ${EXPECTED}`))

  it('refuses a dataset name with other characters', () => {
    refuses(
      'silver/web en',
      "ref 'silver/web en' is not valid: dataset name 'web en' may only hold letters, digits, '.', '_' and '-', starting with a letter or digit",
    )
    refuses(
      'bronze/.hidden',
      "ref 'bronze/.hidden' is not valid: dataset name '.hidden' may only hold letters, digits, '.', '_' and '-', starting with a letter or digit",
    )
  })

  it('refuses a selector that is neither a version nor a time', () => {
    const neither = (ref: string, selector: string) =>
      `ref '${ref}' is not valid: '${selector}' after '@' is neither a version number (e.g. @12) nor an ISO time with a zone (e.g. @2026-11-20T10:00Z)`
    refuses('silver/web-en@yesterday', neither('silver/web-en@yesterday', 'yesterday'))
    refuses('silver/web-en@', neither('silver/web-en@', ''))
    refuses('silver/web-en@2026-11-20T10:00', neither('silver/web-en@2026-11-20T10:00', '2026-11-20T10:00'))
    refuses('silver/web-en@2026-11-20', neither('silver/web-en@2026-11-20', '2026-11-20'))
  })

  it('refuses a day that does not exist', () => {
    refuses('silver/web-en@2026-02-30T10:00Z', "ref 'silver/web-en@2026-02-30T10:00Z' is not valid: '2026-02-30T10:00Z' is not a real date and time")
  })
})

describe('resolveRef', () => {
  it('resolves a path ref to a Delta table without any repository', async () => {
    const ref = await resolveRef('basic-decimal-table/delta@0', { cwd: path.join(TESTDATA, 'delta/golden'), repository: noRepository })
    assert.equal(ref.store.describe(''), path.join(TESTDATA, 'delta/golden/basic-decimal-table/delta'))
    assert.deepEqual([ref.label, ref.name, ref.at], ['basic-decimal-table/delta@0', 'basic-decimal-table/delta', { version: 0 }])
  })

  it('refuses a folder that does not exist', async () => {
    const cwd = tempDir()
    await assert.rejects(resolveRef('platinum/docs', { cwd, repository: noRepository }), {
      code: 'not_found',
      message: `ref 'platinum/docs' names no dataset or table folder: folder '${path.join(cwd, 'platinum/docs')}' does not exist; ${EXPECTED}`,
    })
  })

  it('refuses a folder without _delta_log', async () => {
    const cwd = tempDir()
    mkdirSync(path.join(cwd, 'plain'))
    await assert.rejects(resolveRef('./plain', { cwd, repository: noRepository }), {
      code: 'not_a_table',
      message: `'${path.join(cwd, 'plain')}' is not a Delta table: it has no _delta_log folder`,
    })
  })

  it('resolves a dataset of the repository, and refuses one that does not exist', async () => {
    const repo = await initRepository(tempDir())
    await createTable(datasetStore(repo, 'silver', 'web-en'), { schema: { type: 'struct', fields: [{ name: 'id', type: 'string', nullable: true, metadata: {} }] } })
    const ctx = { cwd: '/', repository: async () => repo }
    const ref = await resolveRef('silver/web-en@0', ctx)
    assert.equal(ref.store.describe(''), path.join(repo.root, 'silver/web-en'))
    assert.deepEqual([ref.name, ref.at], ['silver/web-en', { version: 0 }])
    await assert.rejects(resolveRef('silver/web-de', ctx), {
      code: 'not_found',
      message: `dataset 'silver/web-de' does not exist in '${repo.root}'; 'strata ls' lists the datasets`,
    })
  })
})
