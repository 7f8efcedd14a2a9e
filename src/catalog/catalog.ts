/** One source file of an ingestion: its path or URL, size and SHA-256. */
export interface IngestedFile {
  readonly path: string
  readonly size: number
  readonly sha256: string
}

/** The provenance record of one batch landing in bronze. */
export interface IngestionRecord {
  readonly ingestionId: string
  /** `zone/name` of the dataset written. */
  readonly dataset: string
  readonly sourceName: string
  /** The paths, globs or URLs the user gave. */
  readonly sourcePaths: readonly string[]
  /** ISO 8601. */
  readonly ingestionTimestamp: string
  readonly license: string
  readonly fileFormat: string
  readonly rawFileCount: number
  readonly rawSizeBytes: number
  readonly files: readonly IngestedFile[]
  /** Where the dataset's files are, e.g. `bronze/web/`. */
  readonly storagePrefix: string
  readonly strataVersion: string
  readonly actor: string
  readonly documentsWritten: number
  readonly documentsQuarantined: number
  /** The table version the documents were committed as; null when nothing was committed. */
  readonly tableVersion: number | null
}

/** What the catalog knows of a dataset beyond its Delta log. */
export interface DatasetRecord {
  /** `zone/name` */
  readonly dataset: string
  readonly description: string | null
  readonly owner: string | null
  /** SPDX ids a batch must have to be ingested; null when any license is allowed. */
  readonly allowedLicenses: readonly string[] | null
  readonly sensitivity: string | null
}

/** One row of the append-only audit log. `hash` chains it to the row before (`prevHash`). */
export interface AuditEntry {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly target: string
  readonly details: Readonly<Record<string, unknown>>
  readonly prevHash: string
  readonly hash: string
}

/**
 * The outcome of verifying the audit chain. On failure, `seq` is the first row whose content
 * or link does not match (or the first missing one), `reason` says what was found, and
 * `rows` counts the rows that verified before it.
 */
export type AuditVerification =
  | { readonly ok: true; readonly rows: number }
  | { readonly ok: false; readonly rows: number; readonly seq: number; readonly reason: string }

/**
 * The index of everything the Delta logs do not hold: datasets' policies, ingestions,
 * runs, tasks, lineage edges and the audit log. Backends: SQLite (embedded, the default)
 * and PostgreSQL. Every method is atomic.
 */
export interface Catalog {
  upsertDataset(record: DatasetRecord): Promise<void>
  getDataset(dataset: string): Promise<DatasetRecord | undefined>
  recordIngestion(record: IngestionRecord): Promise<void>
  /** Newest first; optionally only one dataset's. */
  listIngestions(filter?: { readonly dataset?: string }): Promise<IngestionRecord[]>
  /** Appends an audit row, chained to the last one by hash; appends from any number of processes form one chain. */
  appendAudit(entry: { readonly actor: string; readonly action: string; readonly target: string; readonly details?: Readonly<Record<string, unknown>> }): Promise<AuditEntry>
  /** Newest first; `limit` keeps the newest rows. */
  listAudit(filter?: { readonly target?: string; readonly limit?: number }): Promise<AuditEntry[]>
  /** Recomputes the chain; the first row whose hash or link does not match is reported. */
  verifyAudit(): Promise<AuditVerification>
  close(): Promise<void>
}
