import { StrataError } from '../core/errors.ts'
import { GENESIS_HASH } from './audit-chain.ts'
import type { SqlDriver } from './sql-driver.ts'

/** One step of the catalog schema: applied once, in order, recorded in `schema_migrations`. */
export interface Migration {
  readonly version: number
  readonly name: string
  /** The step's SQL script for each backend. */
  readonly sql: { readonly [K in SqlDriver['kind']]: string }
}

// JSON columns are jsonb on PostgreSQL, so a team can query them there; SQLite keeps the text.
const tables = (json: string) => `
CREATE TABLE datasets (
  zone TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  owner TEXT,
  allowed_licenses ${json},
  sensitivity TEXT,
  PRIMARY KEY (zone, name)
);
CREATE TABLE ingestions (
  ingestion_id TEXT NOT NULL PRIMARY KEY,
  dataset TEXT NOT NULL,
  source_name TEXT NOT NULL,
  source_paths ${json} NOT NULL,
  ingestion_timestamp TEXT NOT NULL,
  ingested_ms BIGINT NOT NULL,
  license TEXT NOT NULL,
  file_format TEXT NOT NULL,
  raw_file_count BIGINT NOT NULL,
  raw_size_bytes BIGINT NOT NULL,
  files ${json} NOT NULL,
  storage_prefix TEXT NOT NULL,
  strata_version TEXT NOT NULL,
  actor TEXT NOT NULL,
  documents_written BIGINT NOT NULL,
  documents_quarantined BIGINT NOT NULL,
  table_version BIGINT
);
CREATE INDEX ingestions_by_dataset ON ingestions (dataset, ingested_ms);
CREATE TABLE runs (
  run_id TEXT NOT NULL PRIMARY KEY,
  recipe_hash TEXT,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  details ${json} NOT NULL
);
CREATE TABLE tasks (
  run_id TEXT NOT NULL REFERENCES runs (run_id),
  task_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  details ${json} NOT NULL,
  PRIMARY KEY (run_id, task_id)
);
CREATE TABLE lineage_edges (
  from_ref TEXT NOT NULL,
  to_ref TEXT NOT NULL,
  run_id TEXT REFERENCES runs (run_id),
  ingestion_id TEXT REFERENCES ingestions (ingestion_id),
  kind TEXT NOT NULL,
  CHECK ((run_id IS NULL) <> (ingestion_id IS NULL))
);
CREATE INDEX lineage_edges_from ON lineage_edges (from_ref);
CREATE INDEX lineage_edges_to ON lineage_edges (to_ref);
CREATE TABLE audit_log (
  seq BIGINT NOT NULL PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  details ${json} NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_by_target ON audit_log (target, seq);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}');
`

// Appends only, where the database can enforce it; whoever gets past this is still caught by verification.
const SQLITE_APPEND_ONLY = `
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;
`

const POSTGRES_APPEND_ONLY = `
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
`

// Runs become findable by plan (to resume) and by output; a lineage edge is kept once.
const RUNS_AND_LINEAGE = `
ALTER TABLE runs ADD COLUMN plan_hash TEXT;
ALTER TABLE runs ADD COLUMN output TEXT;
CREATE INDEX runs_by_plan_hash ON runs (plan_hash);
CREATE INDEX runs_by_output ON runs (output, started_at);
CREATE UNIQUE INDEX lineage_edges_once ON lineage_edges (from_ref, to_ref, run_id);
`

/** The schema steps, oldest first. Append new steps; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'datasets, ingestions, runs, tasks, lineage edges, append-only audit log',
    sql: { sqlite: tables('TEXT') + SQLITE_APPEND_ONLY, postgres: tables('JSONB') + POSTGRES_APPEND_ONLY },
  },
  {
    version: 2,
    name: 'runs by plan hash and output, lineage edges kept once',
    sql: { sqlite: RUNS_AND_LINEAGE, postgres: RUNS_AND_LINEAGE },
  },
]

/**
 * Brings the catalog's schema up to date: applies, in one write transaction, the steps
 * not yet in `schema_migrations`. Holding the write lock makes concurrent opens safe: the
 * first applies, the others find the steps recorded. Refuses a schema newer than this
 * Strata knows, since writing to it could break the newer Strata's data.
 */
export async function migrate(driver: SqlDriver): Promise<void> {
  await driver.transaction('write', async (tx) => {
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
    const applied = new Set((await tx.query('SELECT version FROM schema_migrations')).map((r) => Number(r.version)))
    const known = MIGRATIONS.at(-1)!.version
    const newest = Math.max(0, ...applied)
    if (newest > known) {
      throw new StrataError('catalog_version', `the catalog's schema is at version ${newest}, newer than this Strata knows (${known}); upgrade Strata to use it`)
    }
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue
      await tx.exec(m.sql[driver.kind])
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()])
    }
  })
}
