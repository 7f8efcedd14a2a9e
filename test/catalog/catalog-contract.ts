// The behaviour every catalog backend must have, run by sqlite.test.ts and postgres.test.ts.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { describe, it } from 'node:test'
import { auditHash, GENESIS_HASH } from '../../src/catalog/audit-chain.ts'
import type { CatalogLocation } from '../../src/catalog/catalog-location.ts'
import type { Catalog, IngestionRecord } from '../../src/catalog/catalog.ts'
import { openCatalogAt } from '../../src/catalog/open-catalog.ts'

/** A fresh, empty catalog location of one backend, and direct SQL access to its database. */
export interface CatalogUnderTest {
  readonly location: CatalogLocation
  /** Runs SQL on the database as it is, append-only triggers included. */
  readonly query: (sql: string) => Promise<Record<string, unknown>[]>
  /** Runs SQL as an attacker with full rights, past the append-only triggers. */
  readonly tamper: (sql: string) => Promise<void>
}

const WORKER = new URL('./fixtures/audit-worker.ts', import.meta.url).pathname

const INGESTION: IngestionRecord = {
  ingestionId: 'ing-2026-11-20-0001',
  dataset: 'bronze/web',
  sourceName: 'common-crawl',
  sourcePaths: ['s3://crawl/CC-MAIN-2026-44/*.warc.gz', './extra/naïve.jsonl'],
  ingestionTimestamp: '2026-11-20T10:00:00.123Z',
  license: 'CC-BY-4.0',
  fileFormat: 'warc,jsonl',
  rawFileCount: 2,
  rawSizeBytes: 5_000_000_000_123,
  files: [
    { path: 's3://crawl/CC-MAIN-2026-44/a.warc.gz', size: 5_000_000_000_000, sha256: 'a'.repeat(64) },
    { path: './extra/naïve.jsonl', size: 123, sha256: '0123456789abcdef'.repeat(4) },
  ],
  storagePrefix: 'bronze/web/',
  strataVersion: '0.1.0',
  actor: 'ana',
  documentsWritten: 1_234_567,
  documentsQuarantined: 89,
  tableVersion: 7,
}

function ingestion(id: string, dataset: string, at: string): IngestionRecord {
  return { ...INGESTION, ingestionId: id, dataset, ingestionTimestamp: at, storagePrefix: `${dataset}/`, tableVersion: null }
}

/** Appends `n` rows, `row-1` … `row-n`, targets alternating between bronze/a and bronze/b. */
async function appendRows(catalog: Catalog, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await catalog.appendAudit({ actor: 'ana', action: `row-${i}`, target: i % 2 ? 'bronze/a' : 'bronze/b', details: { i } })
}

function worker(location: CatalogLocation, id: number, rows: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(location), String(id), String(rows)], { stdio: ['ignore', 'inherit', 'inherit'] })
    child.on('exit', (code) => resolve(code))
  })
}

/** Registers the contract's tests for one backend; `fresh` makes an empty catalog location for each test. */
export function catalogContract(backend: string, fresh: () => Promise<CatalogUnderTest>): void {
  // Opens a fresh catalog, runs `fn`, closes it.
  const withCatalog = async (fn: (catalog: Catalog, t: CatalogUnderTest) => Promise<void>) => {
    const t = await fresh()
    const catalog = await openCatalogAt(t.location)
    try {
      await fn(catalog, t)
    } finally {
      await catalog.close()
    }
  }

  describe(`${backend} catalog: datasets`, () => {
    it('stores a dataset record and replaces it on upsert', () =>
      withCatalog(async (catalog) => {
        const record = { dataset: 'silver/web-en', description: 'English web text', owner: 'data-team', allowedLicenses: ['CC-BY-4.0', 'CC0-1.0'], sensitivity: 'internal' }
        await catalog.upsertDataset(record)
        assert.deepEqual(await catalog.getDataset('silver/web-en'), record)
        const open = { dataset: 'silver/web-en', description: null, owner: null, allowedLicenses: null, sensitivity: null }
        await catalog.upsertDataset(open)
        assert.deepEqual(await catalog.getDataset('silver/web-en'), open)
        assert.equal(await catalog.getDataset('silver/other'), undefined)
      }))

    it('refuses a dataset that is not zone/name', () =>
      withCatalog(async (catalog) => {
        await assert.rejects(catalog.getDataset('platinum/x'), {
          code: 'invalid_argument',
          message: "dataset 'platinum/x' is not valid: expected <zone>/<name> with zone bronze, silver or gold (e.g. bronze/web)",
        })
      }))
  })

  describe(`${backend} catalog: ingestions`, () => {
    it('returns every field of a recorded ingestion as it was given', () =>
      withCatalog(async (catalog) => {
        await catalog.recordIngestion(INGESTION)
        const empty = { ...INGESTION, ingestionId: 'ing-empty', sourcePaths: [], files: [], rawFileCount: 0, rawSizeBytes: 0, documentsWritten: 0, documentsQuarantined: 0, tableVersion: null }
        await catalog.recordIngestion(empty)
        assert.deepEqual(await catalog.listIngestions(), [empty, INGESTION])
      }))

    it('lists newest first by instant, whatever the offset, and filters by dataset', () =>
      withCatalog(async (catalog) => {
        const a = ingestion('a', 'bronze/web', '2026-11-20T10:00:00Z')
        const b = ingestion('b', 'bronze/books', '2026-11-20T11:30:00+02:00') // 09:30Z: older than a
        const c = ingestion('c', 'bronze/web', '2026-11-21T08:00:00.000Z')
        const d = ingestion('d', 'bronze/web', '2026-11-21T08:00:00.000Z') // same instant as c: ties by id, descending
        for (const r of [b, c, a, d]) await catalog.recordIngestion(r)
        assert.deepEqual((await catalog.listIngestions()).map((r) => r.ingestionId), ['d', 'c', 'a', 'b'])
        assert.deepEqual((await catalog.listIngestions({ dataset: 'bronze/web' })).map((r) => r.ingestionId), ['d', 'c', 'a'])
        assert.deepEqual(await catalog.listIngestions({ dataset: 'silver/none' }), [])
      }))

    it('refuses an ingestion id that is already recorded', () =>
      withCatalog(async (catalog) => {
        await catalog.recordIngestion(INGESTION)
        await assert.rejects(catalog.recordIngestion({ ...INGESTION, license: 'MIT' }), {
          code: 'already_exists',
          message: "ingestion 'ing-2026-11-20-0001' is already recorded in the catalog",
        })
        assert.deepEqual(await catalog.listIngestions(), [INGESTION])
      }))

    it('refuses a record with a malformed timestamp, count or hash', () =>
      withCatalog(async (catalog) => {
        await assert.rejects(catalog.recordIngestion({ ...INGESTION, ingestionTimestamp: 'yesterday' }), {
          code: 'invalid_argument',
          message: "ingestion 'ing-2026-11-20-0001' cannot be recorded: ingestionTimestamp 'yesterday' is not an ISO 8601 time",
        })
        await assert.rejects(catalog.recordIngestion({ ...INGESTION, documentsWritten: -1 }), {
          message: "ingestion 'ing-2026-11-20-0001' cannot be recorded: documentsWritten -1 is not a whole number >= 0",
        })
        await assert.rejects(catalog.recordIngestion({ ...INGESTION, files: [{ path: 'x', size: 1, sha256: 'XYZ' }] }), {
          message: "ingestion 'ing-2026-11-20-0001' cannot be recorded: file 'x' needs a whole size >= 0 and a lowercase hex SHA-256",
        })
        assert.deepEqual(await catalog.listIngestions(), [])
      }))
  })

  describe(`${backend} catalog: audit log`, () => {
    it('chains appended rows by hash and lists them newest first', () =>
      withCatalog(async (catalog) => {
        const first = await catalog.appendAudit({ actor: 'ana', action: 'init', target: '/repo' })
        const second = await catalog.appendAudit({ actor: 'bo', action: 'ingest', target: 'bronze/web', details: { z: 1, a: { y: [1, 'two', null], b: true } } })
        assert.deepEqual({ ...first, at: typeof first.at }, {
          seq: 1, at: 'string', actor: 'ana', action: 'init', target: '/repo', details: {}, prevHash: GENESIS_HASH, hash: auditHash({ ...first }),
        })
        assert.equal(second.seq, 2)
        assert.equal(second.prevHash, first.hash)
        assert.equal(second.hash, auditHash(second))
        assert.ok(second.at >= first.at)
        assert.deepEqual(await catalog.listAudit(), [second, first])
      }))

    it('filters the list by target and keeps the newest rows under a limit', () =>
      withCatalog(async (catalog) => {
        await appendRows(catalog, 5)
        assert.deepEqual((await catalog.listAudit({ target: 'bronze/a' })).map((e) => e.seq), [5, 3, 1])
        assert.deepEqual((await catalog.listAudit({ limit: 2 })).map((e) => e.seq), [5, 4])
        assert.deepEqual((await catalog.listAudit({ target: 'bronze/b', limit: 1 })).map((e) => e.action), ['row-4'])
      }))

    it('verifies an empty log and an intact chain', () =>
      withCatalog(async (catalog) => {
        assert.deepEqual(await catalog.verifyAudit(), { ok: true, rows: 0 })
        await appendRows(catalog, 5)
        assert.deepEqual(await catalog.verifyAudit(), { ok: true, rows: 5 })
      }))

    it('refuses UPDATE, DELETE and TRUNCATE of audit rows', () =>
      withCatalog(async (catalog, t) => {
        await appendRows(catalog, 2)
        await assert.rejects(t.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"), /audit_log is append-only: UPDATE refused/)
        await assert.rejects(t.query('DELETE FROM audit_log WHERE seq = 2'), /audit_log is append-only: DELETE refused/)
        // SQLite has no TRUNCATE; a DELETE without WHERE is its equivalent.
        if (backend === 'postgres') await assert.rejects(t.query('TRUNCATE audit_log'), /audit_log is append-only: TRUNCATE refused/)
        else await assert.rejects(t.query('DELETE FROM audit_log'), /audit_log is append-only: DELETE refused/)
        assert.deepEqual(await catalog.verifyAudit(), { ok: true, rows: 2 })
      }))

    const tampering: { name: string; sql: (t: CatalogUnderTest) => Promise<void>; expect: object }[] = [
      {
        name: 'names the row whose details were changed',
        sql: (t) => t.tamper(`UPDATE audit_log SET details = '{"i":33}' WHERE seq = 3`),
        expect: { ok: false, rows: 2, seq: 3, reason: 'its content does not match its hash: the row was modified' },
      },
      {
        name: 'detects a row deleted from the middle',
        sql: (t) => t.tamper('DELETE FROM audit_log WHERE seq = 3'),
        expect: { ok: false, rows: 2, seq: 4, reason: 'row 4 follows row 2: row 3 was deleted' },
      },
      {
        name: 'detects rows deleted from the start',
        sql: (t) => t.tamper('DELETE FROM audit_log WHERE seq <= 2'),
        expect: { ok: false, rows: 0, seq: 3, reason: 'the log starts at row 3, not row 1: rows 1..2 were deleted' },
      },
      {
        name: 'detects a row deleted from the end',
        sql: (t) => t.tamper('DELETE FROM audit_log WHERE seq = 5'),
        expect: { ok: false, rows: 4, seq: 5, reason: 'the log ends at row 4 but row 5 was appended: rows were deleted from the end' },
      },
      {
        name: 'detects two rows swapped',
        sql: async (t) => {
          await t.tamper('UPDATE audit_log SET seq = -seq WHERE seq IN (2, 3)')
          await t.tamper('UPDATE audit_log SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq < 0')
        },
        expect: { ok: false, rows: 1, seq: 2, reason: 'its content does not match its hash: the row was modified' },
      },
      {
        name: 'detects a row replaced with a recomputed hash at the next row',
        sql: async (t) => {
          const [row] = await t.query('SELECT at, prev_hash FROM audit_log WHERE seq = 3')
          const forged = { seq: 3, at: String(row!.at), actor: 'mallory', action: 'row-3', target: 'bronze/a', details: {}, prevHash: String(row!.prev_hash) }
          await t.tamper(`UPDATE audit_log SET actor = 'mallory', details = '{}', hash = '${auditHash(forged)}' WHERE seq = 3`)
        },
        expect: { ok: false, rows: 3, seq: 4, reason: 'its prev_hash does not match the hash of row 3: the row was replaced, or one before it' },
      },
      {
        name: 'detects a row inserted at the end with a valid link',
        sql: async (t) => {
          const [last] = await t.query('SELECT hash FROM audit_log WHERE seq = 5')
          const forged = { seq: 6, at: '2026-01-01T00:00:00.000Z', actor: 'mallory', action: 'grant', target: 'gold/x', details: {}, prevHash: String(last!.hash) }
          await t.tamper(`INSERT INTO audit_log VALUES (6, '${forged.at}', 'mallory', 'grant', 'gold/x', '{}', '${forged.prevHash}', '${auditHash(forged)}')`)
        },
        expect: { ok: false, rows: 5, seq: 6, reason: 'the last row appended through the catalog is row 5 but the log goes on to row 6: rows were inserted' },
      },
    ]
    for (const c of tampering) {
      it(c.name, () =>
        withCatalog(async (catalog, t) => {
          await appendRows(catalog, 5)
          await c.sql(t)
          assert.deepEqual(await catalog.verifyAudit(), c.expect)
        }))
    }

    it('keeps one chain when several processes append at once', async () => {
      const t = await fresh()
      // The workers also race to create the catalog's tables.
      const exits = await Promise.all([0, 1, 2, 3].map((w) => worker(t.location, w, 25)))
      assert.deepEqual(exits, [0, 0, 0, 0])
      const catalog = await openCatalogAt(t.location)
      try {
        assert.deepEqual(await catalog.verifyAudit(), { ok: true, rows: 100 })
        const rows = await catalog.listAudit()
        assert.deepEqual(rows.map((e) => e.seq), Array.from({ length: 100 }, (_, i) => 100 - i))
        for (let w = 0; w < 4; w++) {
          assert.deepEqual(rows.filter((e) => e.actor === `worker-${w}`).map((e) => e.details.i).reverse(), Array.from({ length: 25 }, (_, i) => i))
        }
      } finally {
        await catalog.close()
      }
    })

    it('keeps one chain when several connections of one process append at once', async () => {
      const t = await fresh()
      const catalogs = await Promise.all([1, 2, 3].map(() => openCatalogAt(t.location)))
      try {
        await Promise.all(catalogs.flatMap((catalog, c) => Array.from({ length: 10 }, (_, i) => catalog.appendAudit({ actor: `c${c}`, action: 'a', target: 't', details: { i } }))))
        assert.deepEqual(await catalogs[0]!.verifyAudit(), { ok: true, rows: 30 })
      } finally {
        await Promise.all(catalogs.map((c) => c.close()))
      }
    })
  })

  describe(`${backend} catalog: migrations`, () => {
    it('applies each step once, however often and however concurrently the catalog is opened', async () => {
      const t = await fresh()
      const first = await Promise.all([1, 2, 3, 4].map(() => openCatalogAt(t.location)))
      await first[0]!.appendAudit({ actor: 'ana', action: 'init', target: '/repo' })
      await Promise.all(first.map((c) => c.close()))
      const again = await openCatalogAt(t.location)
      try {
        assert.deepEqual(await again.verifyAudit(), { ok: true, rows: 1 })
      } finally {
        await again.close()
      }
      assert.deepEqual((await t.query('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version)), [1])
    })

    it('refuses a catalog whose schema is newer than this Strata', async () => {
      const t = await fresh()
      await (await openCatalogAt(t.location)).close()
      await t.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00Z')")
      await assert.rejects(openCatalogAt(t.location), {
        code: 'catalog_version',
        message: "the catalog's schema is at version 99, newer than this Strata knows (1); upgrade Strata to use it",
      })
    })
  })
}
