// The behaviour every catalog backend must have, run by sqlite.test.ts and postgres.test.ts.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { describe, it } from 'node:test'
import { auditHash, GENESIS_HASH } from '../../src/catalog/audit-chain.ts'
import type { CatalogLocation } from '../../src/catalog/catalog-location.ts'
import type { Catalog, IngestionRecord, LineageEdge, RunRecord, RunStatus, TaskRecord } from '../../src/catalog/catalog.ts'
import { MIGRATIONS } from '../../src/catalog/migrations.ts'
import { openCatalogAt } from '../../src/catalog/open-catalog.ts'

/** A fresh, empty catalog location of one backend, and direct SQL access to its database. */
export interface CatalogUnderTest {
  readonly location: CatalogLocation
  /** Runs SQL on the database as it is, append-only triggers included. */
  readonly query: (sql: string) => Promise<Record<string, unknown>[]>
  /** Runs a script of statements on the database. */
  readonly script: (sql: string) => Promise<void>
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

const RUN: RunRecord = {
  runId: 'run-2026-11-20-0001',
  recipeHash: 'a'.repeat(64),
  planHash: '0123456789abcdef'.repeat(4),
  output: 'silver/web-clean',
  status: 'running',
  startedAt: '2026-11-20T10:00:00.123Z',
  finishedAt: null,
  details: {
    recipe: 'input: bronze/web\nsteps:\n  - filter.length: { min: 50 }\n',
    inputs: { 'bronze/web': 3 },
    steps: [{ op: 'filter.length', kept: 1_234_567, dropped: { 'dropped.too_short': 89 } }, { op: 'mapper.normalize', ratio: 0.25, flags: [true, false, null] }],
    note: 'naïve café, 数据, Ελληνικά, 🚀 "quoted" \\ back\tslash',
    'ключ 🔑': { deeper: { deepest: [[], {}, ''] } },
  },
}

function run(runId: string, startedAt: string, output: string, planHash: string, status: RunStatus): RunRecord {
  return { ...RUN, runId, startedAt, output, planHash, status, details: {} }
}

function task(taskId: string, more: Partial<TaskRecord> = {}): TaskRecord {
  return { runId: RUN.runId, taskId, status: 'done', attempts: 1, details: { files: [`part-${taskId}.parquet`], documents: 10 }, ...more }
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

  describe(`${backend} catalog: runs`, () => {
    it('returns every field of a created run as it was given', () =>
      withCatalog(async (catalog) => {
        await catalog.createRun(RUN)
        assert.deepEqual(await catalog.getRun(RUN.runId), RUN)
        assert.deepEqual(await catalog.listRuns(), [RUN])
        assert.equal(await catalog.getRun('run-unknown'), undefined)
      }))

    it('lists runs newest first by start, ties by run id descending, and keeps the newest under a limit', () =>
      withCatalog(async (catalog) => {
        const p1 = '1'.repeat(64)
        const p2 = '2'.repeat(64)
        const runs = [
          run('a', '2026-11-20T10:00:00.000Z', 'silver/x', p1, 'succeeded'),
          run('b', '2026-11-20T09:00:00.000Z', 'silver/y', p2, 'failed'),
          run('c', '2026-11-21T08:00:00.000Z', 'silver/x', p1, 'running'),
          run('d', '2026-11-21T08:00:00.000Z', 'silver/x', p2, 'succeeded'),
        ]
        for (const r of [runs[1]!, runs[2]!, runs[0]!, runs[3]!]) await catalog.createRun(r)
        const ids = async (filter?: Parameters<Catalog['listRuns']>[0]) => (await catalog.listRuns(filter)).map((r) => r.runId)
        assert.deepEqual(await catalog.listRuns(), [runs[3], runs[2], runs[0], runs[1]])
        assert.deepEqual(await ids({ limit: 2 }), ['d', 'c'])
        assert.deepEqual(await ids({ limit: 0 }), [])
        assert.deepEqual(await ids({ output: 'silver/x' }), ['d', 'c', 'a'])
        assert.deepEqual(await ids({ planHash: p1 }), ['c', 'a'])
        assert.deepEqual(await ids({ status: 'succeeded' }), ['d', 'a'])
        assert.deepEqual(await ids({ output: 'silver/x', status: 'succeeded' }), ['d', 'a'])
        assert.deepEqual(await ids({ output: 'silver/x', planHash: p1, status: 'running' }), ['c'])
        assert.deepEqual(await ids({ output: 'silver/x', planHash: p2, limit: 1 }), ['d'])
        assert.deepEqual(await ids({ output: 'silver/y', status: 'running' }), [])
        assert.deepEqual(await ids({ output: 'gold/none' }), [])
      }))

    it("updates a run's status, finish time and details and leaves the rest", () =>
      withCatalog(async (catalog) => {
        await catalog.createRun(RUN)
        const failed = { status: 'failed', finishedAt: '2026-11-20T10:05:00.000Z', details: { ...RUN.details, error: { code: 'corrupt_file', message: "file 'ü.parquet' is truncated" } } } as const
        await catalog.updateRun(RUN.runId, failed)
        assert.deepEqual(await catalog.getRun(RUN.runId), { ...RUN, ...failed })
        await catalog.updateRun(RUN.runId, { status: 'running', finishedAt: null, details: {} })
        assert.deepEqual(await catalog.getRun(RUN.runId), { ...RUN, details: {} })
      }))

    it('refuses a run id that is already recorded', () =>
      withCatalog(async (catalog) => {
        await catalog.createRun(RUN)
        await assert.rejects(catalog.createRun({ ...RUN, output: 'gold/other' }), {
          code: 'already_exists',
          message: "run 'run-2026-11-20-0001' is already recorded in the catalog",
        })
        assert.deepEqual(await catalog.listRuns(), [RUN])
      }))

    it('refuses to update a run, or record its tasks or lineage, when the run is not recorded', () =>
      withCatalog(async (catalog) => {
        const notFound = { code: 'not_found', message: "run 'run-unknown' is not recorded in the catalog" }
        await assert.rejects(catalog.updateRun('run-unknown', { status: 'failed', finishedAt: null, details: {} }), notFound)
        await assert.rejects(catalog.recordTask(task('00001', { runId: 'run-unknown' })), notFound)
        await catalog.createRun(RUN)
        // One unknown run refuses the whole batch.
        await assert.rejects(catalog.recordLineage([{ from: 'bronze/web@3', to: 'silver/web-clean@1', runId: RUN.runId }, { from: 'bronze/web@3', to: 'silver/web-clean@1', runId: 'run-unknown' }]), notFound)
        assert.deepEqual(await catalog.listTasks('run-unknown'), [])
        assert.deepEqual(await catalog.lineageInto('silver/web-clean@1'), [])
        assert.deepEqual(await catalog.listRuns(), [RUN])
      }))

    it('refuses a malformed run, naming the field', () =>
      withCatalog(async (catalog) => {
        const refused = async (change: Partial<RunRecord>, fact: string) =>
          assert.rejects(catalog.createRun({ ...RUN, ...change }), { code: 'invalid_argument', message: `run '${change.runId ?? RUN.runId}' cannot be recorded: ${fact}` })
        await refused({ runId: '' }, 'runId must not be empty')
        await refused({ recipeHash: 'A'.repeat(64) }, `recipeHash '${'A'.repeat(64)}' is not a lowercase hex SHA-256 (64 characters)`)
        await refused({ planHash: 'abc' }, "planHash 'abc' is not a lowercase hex SHA-256 (64 characters)")
        await refused({ output: 'platinum/x' }, "output 'platinum/x' is not a dataset: expected <zone>/<name> with zone bronze, silver or gold (e.g. silver/web-clean)")
        await refused({ output: 'silver/web-clean@1' }, "output 'silver/web-clean@1' is not a dataset: expected <zone>/<name> with zone bronze, silver or gold (e.g. silver/web-clean)")
        await refused({ status: 'done' as RunStatus }, "status 'done' is not one of running, succeeded, failed")
        await refused({ startedAt: '2026-11-20T10:00:00Z' }, "startedAt '2026-11-20T10:00:00Z' is not a UTC time as Date.toISOString() writes it (e.g. 2026-11-20T10:00:00.000Z)")
        await refused({ startedAt: '2026-02-30T10:00:00.000Z' }, "startedAt '2026-02-30T10:00:00.000Z' is not a UTC time as Date.toISOString() writes it (e.g. 2026-11-20T10:00:00.000Z)")
        await refused({ finishedAt: 'later' }, "finishedAt 'later' is not a UTC time as Date.toISOString() writes it (e.g. 2026-11-20T10:00:00.000Z)")
        await refused({ details: [] as unknown as RunRecord['details'] }, 'details must be a JSON object, not []')
        await refused({ details: { bytes: 1n } }, 'details must be JSON data: Do not know how to serialize a BigInt')
        await refused({ details: { error: 'a\0b' } }, 'details hold the text "a\\u0000b", with a NUL character or a lone surrogate, which PostgreSQL cannot store')
        await refused({ details: { ['\ud800']: 1 } }, 'details hold the text "\\ud800", with a NUL character or a lone surrogate, which PostgreSQL cannot store')
        assert.deepEqual(await catalog.listRuns(), [])
        await catalog.createRun(RUN)
        await assert.rejects(catalog.updateRun(RUN.runId, { status: 'finished' as RunStatus, finishedAt: null, details: {} }), {
          code: 'invalid_argument',
          message: "run 'run-2026-11-20-0001' cannot be updated: status 'finished' is not one of running, succeeded, failed",
        })
        await assert.rejects(catalog.updateRun(RUN.runId, { status: 'failed', finishedAt: '2026-11-20 10:05', details: {} }), {
          message: "run 'run-2026-11-20-0001' cannot be updated: finishedAt '2026-11-20 10:05' is not a UTC time as Date.toISOString() writes it (e.g. 2026-11-20T10:00:00.000Z)",
        })
        await assert.rejects(catalog.updateRun(RUN.runId, { status: 'failed', finishedAt: null, details: null as unknown as RunRecord['details'] }), {
          message: "run 'run-2026-11-20-0001' cannot be updated: details must be a JSON object, not null",
        })
        assert.deepEqual(await catalog.getRun(RUN.runId), RUN)
      }))

    it('refuses a malformed run filter', () =>
      withCatalog(async (catalog) => {
        await assert.rejects(catalog.listRuns({ status: 'done' as RunStatus }), { code: 'invalid_argument', message: "runs cannot be listed: status 'done' is not one of running, succeeded, failed" })
        await assert.rejects(catalog.listRuns({ limit: -1 }), { code: 'invalid_argument', message: 'run limit must be a whole number >= 0, not -1' })
        await assert.rejects(catalog.listRuns({ output: 'web' }), { code: 'invalid_argument', message: "dataset 'web' is not valid: expected <zone>/<name> with zone bronze, silver or gold (e.g. bronze/web)" })
      }))
  })

  describe(`${backend} catalog: tasks`, () => {
    it("replaces a task recorded again and lists a run's tasks by task id", () =>
      withCatalog(async (catalog) => {
        await catalog.createRun(RUN)
        await catalog.createRun({ ...RUN, runId: 'run-other' })
        const failed = task('00002', { status: 'failed', details: { error: { code: 'corrupt_file', message: "file 'données.jsonl.gz' is truncated at byte 1024" } } })
        for (const t of [task('00010'), failed, task('00001'), task('00001', { runId: 'run-other' })]) await catalog.recordTask(t)
        assert.deepEqual(await catalog.listTasks(RUN.runId), [task('00001'), failed, task('00010')])
        const retried = task('00002', { attempts: 3, details: { files: ['part-00002.parquet'], steps: { 'filter.length': { kept: 7, dropped: { too_short: 3 } } }, note: '重试 ✓' } })
        await catalog.recordTask(retried)
        assert.deepEqual(await catalog.listTasks(RUN.runId), [task('00001'), retried, task('00010')])
        assert.deepEqual(await catalog.listTasks('run-other'), [task('00001', { runId: 'run-other' })])
      }))

    it('refuses a malformed task, naming the field', () =>
      withCatalog(async (catalog) => {
        await catalog.createRun(RUN)
        const refused = (change: Partial<TaskRecord>, fact: string) =>
          assert.rejects(catalog.recordTask(task('00001', change)), { code: 'invalid_argument', message: `task '${change.taskId ?? '00001'}' of run '${RUN.runId}' cannot be recorded: ${fact}` })
        await refused({ taskId: '' }, 'taskId must not be empty')
        await refused({ status: 'succeeded' as TaskRecord['status'] }, "status 'succeeded' is not one of done, failed")
        await refused({ attempts: 0 }, 'attempts 0 is not a whole number >= 1')
        await refused({ attempts: 1.5 }, 'attempts 1.5 is not a whole number >= 1')
        await refused({ details: 'ok' as unknown as TaskRecord['details'] }, 'details must be a JSON object, not "ok"')
        assert.deepEqual(await catalog.listTasks(RUN.runId), [])
      }))
  })

  describe(`${backend} catalog: lineage`, () => {
    it('keeps an edge recorded twice once and lists the edges into a version by from', () =>
      withCatalog(async (catalog, t) => {
        for (const runId of ['run-1', 'run-2']) await catalog.createRun({ ...RUN, runId })
        const edge = (from: string, to: string, runId = 'run-1'): LineageEdge => ({ from, to, runId })
        await catalog.recordLineage([edge('bronze/web@3', 'silver/web-clean@1'), edge('bronze/books@12', 'silver/web-clean@1'), edge('bronze/web@3', 'silver/web-clean@1')])
        await catalog.recordLineage([edge('bronze/web@3', 'silver/web-clean@1'), edge('bronze/web@4', 'silver/web-clean@2', 'run-2'), edge('bronze/books@12', 'silver/web-clean@1', 'run-2')])
        await catalog.recordLineage([])
        assert.deepEqual(await catalog.lineageInto('silver/web-clean@1'), [
          edge('bronze/books@12', 'silver/web-clean@1', 'run-1'),
          edge('bronze/books@12', 'silver/web-clean@1', 'run-2'),
          edge('bronze/web@3', 'silver/web-clean@1'),
        ])
        assert.deepEqual(await catalog.lineageInto('silver/web-clean@2'), [edge('bronze/web@4', 'silver/web-clean@2', 'run-2')])
        assert.deepEqual(await catalog.lineageInto('silver/web-clean'), [])
        assert.deepEqual((await t.query('SELECT COUNT(*) AS n FROM lineage_edges')).map((r) => Number(r.n)), [4])
      }))

    it('refuses an edge whose ends are not dataset versions, and records none of its batch', () =>
      withCatalog(async (catalog) => {
        await catalog.createRun(RUN)
        const good = { from: 'bronze/web@3', to: 'silver/web-clean@1', runId: RUN.runId }
        await assert.rejects(catalog.recordLineage([good, { ...good, from: 'bronze/web' }]), {
          code: 'invalid_argument',
          message: "lineage edge 'bronze/web' -> 'silver/web-clean@1' of run 'run-2026-11-20-0001' cannot be recorded: from 'bronze/web' is not a dataset version: expected <zone>/<name>@<version> (e.g. bronze/web@3)",
        })
        await assert.rejects(catalog.recordLineage([{ ...good, to: 'silver/web-clean@latest' }]), {
          message: "lineage edge 'bronze/web@3' -> 'silver/web-clean@latest' of run 'run-2026-11-20-0001' cannot be recorded: to 'silver/web-clean@latest' is not a dataset version: expected <zone>/<name>@<version> (e.g. bronze/web@3)",
        })
        assert.deepEqual(await catalog.lineageInto('silver/web-clean@1'), [])
      }))
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
      assert.deepEqual((await t.query('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version)), [1, 2])
    })

    it('upgrades a catalog created at schema version 1, keeping its records', async () => {
      const t = await fresh()
      const v1 = MIGRATIONS[0]!
      await t.script(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, '${v1.name}', '2026-11-01T00:00:00.000Z');
${v1.sql[t.location.type]}
INSERT INTO datasets (zone, name, owner) VALUES ('bronze', 'web', 'data-team');`)
      const catalog = await openCatalogAt(t.location)
      try {
        assert.deepEqual(await catalog.getDataset('bronze/web'), { dataset: 'bronze/web', description: null, owner: 'data-team', allowedLicenses: null, sensitivity: null })
        await catalog.createRun(RUN)
        await catalog.recordLineage([{ from: 'bronze/web@3', to: 'silver/web-clean@1', runId: RUN.runId }, { from: 'bronze/web@3', to: 'silver/web-clean@1', runId: RUN.runId }])
        assert.deepEqual(await catalog.listRuns({ planHash: RUN.planHash }), [RUN])
        assert.deepEqual(await catalog.lineageInto('silver/web-clean@1'), [{ from: 'bronze/web@3', to: 'silver/web-clean@1', runId: RUN.runId }])
      } finally {
        await catalog.close()
      }
      assert.deepEqual((await t.query('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version)), [1, 2])
    })

    it('refuses a catalog whose schema is newer than this Strata', async () => {
      const t = await fresh()
      await (await openCatalogAt(t.location)).close()
      await t.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00Z')")
      await assert.rejects(openCatalogAt(t.location), {
        code: 'catalog_version',
        message: "the catalog's schema is at version 99, newer than this Strata knows (2); upgrade Strata to use it",
      })
    })
  })
}
