import { StrataError } from '../core/errors.ts'
import { parseDatasetId, type DatasetId } from '../repo/repository.ts'
import type { StoredAuditRow } from './audit-chain.ts'
import type { AuditEntry, DatasetRecord, IngestionRecord } from './catalog.ts'
import { jsonObject } from './json-details.ts'
import type { SqlRow, SqlValue } from './sql-driver.ts'

// Records cross into the database here, in both directions: values are checked on the way
// in, so that rows read back are trusted.

/** Splits `zone/name`; refuses anything that does not name a dataset. */
export function datasetKey(dataset: string): DatasetId {
  const id = parseDatasetId(dataset)
  if (!id) throw new StrataError('invalid_argument', `dataset '${dataset}' is not valid: expected <zone>/<name> with zone bronze, silver or gold (e.g. bronze/web)`)
  return id
}

/** The `datasets` row of a record, by column. */
export function datasetRow(record: DatasetRecord): Record<string, SqlValue> {
  const { zone, name } = datasetKey(record.dataset)
  return {
    zone,
    name,
    description: record.description,
    owner: record.owner,
    allowed_licenses: record.allowedLicenses === null ? null : JSON.stringify(record.allowedLicenses),
    sensitivity: record.sensitivity,
  }
}

/** The record of a `datasets` row. */
export function datasetFromRow(row: SqlRow): DatasetRecord {
  return {
    dataset: `${row.zone}/${row.name}`,
    description: row.description as string | null,
    owner: row.owner as string | null,
    allowedLicenses: row.allowed_licenses === null ? null : (JSON.parse(row.allowed_licenses as string) as string[]),
    sensitivity: row.sensitivity as string | null,
  }
}

/**
 * The `ingestions` row of a record, by column. Refuses a record whose dataset, timestamp,
 * counts or file hashes are malformed. `ingested_ms` orders records by instant, whatever
 * offset the timestamp was written with.
 */
export function ingestionRow(r: IngestionRecord): Record<string, SqlValue> {
  datasetKey(r.dataset)
  const at = Date.parse(r.ingestionTimestamp)
  if (!Number.isFinite(at)) throw invalid(r, `ingestionTimestamp '${r.ingestionTimestamp}' is not an ISO 8601 time`)
  const counts = { rawFileCount: r.rawFileCount, rawSizeBytes: r.rawSizeBytes, documentsWritten: r.documentsWritten, documentsQuarantined: r.documentsQuarantined }
  for (const [field, n] of Object.entries(counts)) if (!isCount(n)) throw invalid(r, `${field} ${n} is not a whole number >= 0`)
  if (r.tableVersion !== null && !isCount(r.tableVersion)) throw invalid(r, `tableVersion ${r.tableVersion} is not a whole number >= 0`)
  for (const f of r.files) {
    if (!isCount(f.size) || !/^[0-9a-f]{64}$/.test(f.sha256)) throw invalid(r, `file '${f.path}' needs a whole size >= 0 and a lowercase hex SHA-256`)
  }
  return {
    ingestion_id: r.ingestionId,
    dataset: r.dataset,
    source_name: r.sourceName,
    source_paths: JSON.stringify(r.sourcePaths),
    ingestion_timestamp: r.ingestionTimestamp,
    ingested_ms: at,
    license: r.license,
    file_format: r.fileFormat,
    raw_file_count: r.rawFileCount,
    raw_size_bytes: r.rawSizeBytes,
    files: JSON.stringify(r.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 }))),
    storage_prefix: r.storagePrefix,
    strata_version: r.strataVersion,
    actor: r.actor,
    documents_written: r.documentsWritten,
    documents_quarantined: r.documentsQuarantined,
    table_version: r.tableVersion,
  }
}

/** The record of an `ingestions` row. */
export function ingestionFromRow(row: SqlRow): IngestionRecord {
  return {
    ingestionId: row.ingestion_id as string,
    dataset: row.dataset as string,
    sourceName: row.source_name as string,
    sourcePaths: JSON.parse(row.source_paths as string) as string[],
    ingestionTimestamp: row.ingestion_timestamp as string,
    license: row.license as string,
    fileFormat: row.file_format as string,
    rawFileCount: row.raw_file_count as number,
    rawSizeBytes: row.raw_size_bytes as number,
    files: JSON.parse(row.files as string) as IngestionRecord['files'],
    storagePrefix: row.storage_prefix as string,
    strataVersion: row.strata_version as string,
    actor: row.actor as string,
    documentsWritten: row.documents_written as number,
    documentsQuarantined: row.documents_quarantined as number,
    tableVersion: row.table_version as number | null,
  }
}

/** An `audit_log` row as stored; `details` stays text, since verification must survive text that is not JSON. */
export function auditFromRow(row: SqlRow): StoredAuditRow {
  return {
    seq: Number(row.seq),
    at: row.at as string,
    actor: row.actor as string,
    action: row.action as string,
    target: row.target as string,
    details: row.details as string,
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  }
}

/** The entry of an `audit_log` row; refuses details that are not a JSON object, which only tampering leaves. */
export function auditEntryFromRow(row: SqlRow): AuditEntry {
  const stored = auditFromRow(row)
  const details = jsonObject(stored.details)
  if (!details) throw new StrataError('corrupt_catalog', `audit row ${stored.seq} has details that are not a JSON object: the row was altered outside Strata`)
  return { ...stored, details }
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0
}

function invalid(r: IngestionRecord, fact: string): StrataError {
  return new StrataError('invalid_argument', `ingestion '${r.ingestionId}' cannot be recorded: ${fact}`)
}
