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

/** Where a run is: running, or finished one way or the other. */
export type RunStatus = 'running' | 'succeeded' | 'failed'

/** One run of a recipe. `details` holds the recipe text, pinned inputs, outputs, per-step stats, error. */
export interface RunRecord {
  readonly runId: string
  /** SHA-256 (hex) of the recipe text. */
  readonly recipeHash: string
  /** SHA-256 (hex) of what determines the output: recipe, pinned input versions, Strata version. A re-run with the same plan hash resumes. */
  readonly planHash: string
  /** `zone/name` of the output dataset. */
  readonly output: string
  readonly status: RunStatus
  /** ISO 8601 in UTC, as `Date.toISOString()` writes it (so that text order is time order). */
  readonly startedAt: string
  /** As `startedAt`; null while the run has not finished. */
  readonly finishedAt: string | null
  readonly details: Readonly<Record<string, unknown>>
}

/** What finishing (or otherwise moving) a run changes. */
export interface RunChange {
  readonly status: RunStatus
  readonly finishedAt: string | null
  readonly details: Readonly<Record<string, unknown>>
}

/** The outcome of one task of a run, as last recorded. */
export interface TaskRecord {
  readonly runId: string
  readonly taskId: string
  readonly status: 'done' | 'failed'
  readonly attempts: number
  /** The task's durable result (files written, counts, per-step stats) or its error. */
  readonly details: Readonly<Record<string, unknown>>
}

/** A derivation edge: dataset version `from` (e.g. `bronze/web@3`) was read by run `runId` to write `to` (e.g. `silver/web-clean@1`). */
export interface LineageEdge {
  readonly from: string
  readonly to: string
  readonly runId: string
}

/** Which runs to list; filters combine with AND. */
export interface RunFilter {
  readonly output?: string
  readonly planHash?: string
  readonly status?: RunStatus
  readonly limit?: number
}

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
  /** Records a new run; refuses with `already_exists` a run id already recorded. */
  createRun(record: RunRecord): Promise<void>
  /** Sets a run's status, finish time and details; `not_found` when the run is unknown. */
  updateRun(runId: string, change: RunChange): Promise<void>
  getRun(runId: string): Promise<RunRecord | undefined>
  /** Newest first (by startedAt, ties by run id descending); filters combine with AND; `limit` keeps the newest. */
  listRuns(filter?: RunFilter): Promise<RunRecord[]>
  /** Inserts or replaces the task (run id, task id); `not_found` when the run is unknown. */
  recordTask(task: TaskRecord): Promise<void>
  /** A run's tasks, by task id ascending. */
  listTasks(runId: string): Promise<TaskRecord[]>
  /** Records edges (all in one transaction); an edge recorded twice is kept once. */
  recordLineage(edges: readonly LineageEdge[]): Promise<void>
  /** The edges whose `to` is exactly `to`, by `from` ascending. */
  lineageInto(to: string): Promise<LineageEdge[]>
  close(): Promise<void>
}
