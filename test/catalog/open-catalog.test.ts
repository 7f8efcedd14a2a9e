import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { describeLocation } from '../../src/catalog/catalog-location.ts'
import { catalogLocation } from '../../src/catalog/open-catalog.ts'
import type { Repository } from '../../src/repo/repository.ts'

const root = path.resolve('/data/repo')
const sqliteRepo: Repository = { root, config: { version: 1, zones: ['bronze', 'silver', 'gold'], catalog: { type: 'sqlite', path: 'catalog.sqlite' } } }
const postgresRepo: Repository = { ...sqliteRepo, config: { ...sqliteRepo.config, catalog: { type: 'postgres', url: 'postgresql://team@db/strata' } } }

describe('catalogLocation', () => {
  it("resolves the repository's SQLite file against its root", () => {
    assert.deepEqual(catalogLocation(sqliteRepo, {}), { type: 'sqlite', path: path.join(root, 'catalog.sqlite') })
  })

  it('takes the PostgreSQL URL of strata.yaml', () => {
    assert.deepEqual(catalogLocation(postgresRepo, {}), { type: 'postgres', url: 'postgresql://team@db/strata' })
  })

  it('lets STRATA_CATALOG_URL override strata.yaml, and ignores it when empty', () => {
    assert.deepEqual(catalogLocation(sqliteRepo, { STRATA_CATALOG_URL: 'postgres://ci@pg:5432/ci' }), { type: 'postgres', url: 'postgres://ci@pg:5432/ci' })
    assert.deepEqual(catalogLocation(postgresRepo, { STRATA_CATALOG_URL: '' }), { type: 'postgres', url: 'postgresql://team@db/strata' })
  })

  it('refuses a STRATA_CATALOG_URL that is not PostgreSQL, without repeating its credentials', () => {
    assert.throws(() => catalogLocation(sqliteRepo, { STRATA_CATALOG_URL: 'mysql://root:hunter2@db/x' }), {
      code: 'invalid_argument',
      message: 'STRATA_CATALOG_URL must be a postgres:// or postgresql:// URL, not a mysql: URL',
    })
  })
})

describe('describeLocation', () => {
  it('hides the password of a URL', () => {
    assert.equal(describeLocation({ type: 'postgres', url: 'postgresql://team:s3cr:et@db:5432/strata?sslmode=require' }), 'postgresql://team:***@db:5432/strata?sslmode=require')
    assert.equal(describeLocation({ type: 'postgres', url: 'postgresql://db/strata' }), 'postgresql://db/strata')
    assert.equal(describeLocation({ type: 'sqlite', path: '/r/catalog.sqlite' }), '/r/catalog.sqlite')
  })
})
