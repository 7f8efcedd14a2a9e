import assert from 'node:assert/strict'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, it } from 'node:test'
import { openCatalogAt } from '../../src/catalog/open-catalog.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { catalogContract, type CatalogUnderTest } from './catalog-contract.ts'

function fresh(): Promise<CatalogUnderTest> {
  const file = path.join(tempDir(), 'catalog.sqlite')
  const withDb = <T>(fn: (db: DatabaseSync) => T): T => {
    const db = new DatabaseSync(file, { timeout: 10_000 })
    try {
      return fn(db)
    } finally {
      db.close()
    }
  }
  return Promise.resolve({
    location: { type: 'sqlite', path: file },
    query: async (sql) => withDb((db) => db.prepare(sql).all() as Record<string, unknown>[]),
    script: async (sql) => withDb((db) => db.exec(sql)),
    // Whoever can write the file can drop the triggers, change rows and put the triggers back.
    tamper: async (sql) =>
      withDb((db) => {
        const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as { name: string; sql: string }[]
        db.exec('BEGIN')
        for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`)
        db.exec(sql)
        for (const t of triggers) db.exec(t.sql)
        db.exec('COMMIT')
      }),
  })
}

catalogContract('sqlite', fresh)

describe('sqlite catalog: details that are not JSON', () => {
  // Only SQLite can hold them: PostgreSQL's jsonb refuses such text.
  it('refuses to list the row, and verification names it', async () => {
    const t = await fresh()
    const catalog = await openCatalogAt(t.location)
    try {
      for (const i of [1, 2]) await catalog.appendAudit({ actor: 'ana', action: 'a', target: 't', details: { i } })
      await t.tamper("UPDATE audit_log SET details = 'not json' WHERE seq = 2")
      await assert.rejects(catalog.listAudit(), { code: 'corrupt_catalog', message: 'audit row 2 has details that are not a JSON object: the row was altered outside Strata' })
      assert.deepEqual(await catalog.verifyAudit(), { ok: false, rows: 1, seq: 2, reason: 'its details are not valid JSON: the row was modified' })
    } finally {
      await catalog.close()
    }
  })
})
