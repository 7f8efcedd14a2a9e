import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import pg from 'pg'
import { openCatalog } from '../../src/catalog/open-catalog.ts'
import { initRepository } from '../../src/repo/repository.ts'
import { startPostgres } from '../helpers/postgres-server.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { catalogContract, type CatalogUnderTest } from './catalog-contract.ts'

const server = startPostgres()

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

async function fresh(): Promise<CatalogUnderTest> {
  const url = await server.createDatabase()
  return {
    location: { type: 'postgres', url },
    query: (sql) => withClient(url, async (c) => (await c.query(sql)).rows),
    script: (sql) => withClient(url, async (c) => void (await c.query(sql))),
    // A superuser can switch triggers off for the session.
    tamper: (sql) =>
      withClient(url, async (c) => {
        await c.query('SET session_replication_role = replica')
        await c.query(sql)
      }),
  }
}

catalogContract('postgres', fresh)

describe('openCatalog with PostgreSQL', () => {
  it('uses the database of STRATA_CATALOG_URL instead of the repository file', async () => {
    const url = await server.createDatabase()
    const repo = await initRepository(tempDir())
    const catalog = await openCatalog(repo, { STRATA_CATALOG_URL: url })
    try {
      await catalog.appendAudit({ actor: 'ana', action: 'init', target: repo.root })
    } finally {
      await catalog.close()
    }
    assert.deepEqual(await withClient(url, async (c) => (await c.query('SELECT seq, action FROM audit_log')).rows), [{ seq: '1', action: 'init' }])
  })

  it('says which server it could not reach, without the password', async () => {
    const repo = await initRepository(tempDir())
    const url = server.url('no_such_db').replace('strata@', 'strata:s3cret@')
    await assert.rejects(openCatalog(repo, { STRATA_CATALOG_URL: url }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'catalog_unavailable')
      assert.match(e.message, /^cannot open the PostgreSQL catalog at postgresql:\/\/strata:\*\*\*@localhost\/no_such_db\?host=.*: database "no_such_db" does not exist$/)
      return true
    })
  })
})
