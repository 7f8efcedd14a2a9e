import { StrataError } from '../core/errors.ts'
import { parseDatasetId } from '../repo/repository.ts'
import type { LineageEdge, RunChange, RunRecord, RunStatus, TaskRecord } from './catalog.ts'
import { jsonDetails, jsonObject } from './json-details.ts'
import type { SqlRow, SqlValue } from './sql-driver.ts'

// Runs, tasks and lineage edges cross into the database here, checked on the way in so
// that rows read back are trusted (as catalog-rows.ts does for the other records).

const RUN_STATUSES = { running: true, succeeded: true, failed: true } satisfies Record<RunStatus, true>
const TASK_STATUSES = { done: true, failed: true } satisfies Record<TaskRecord['status'], true>

/** What lineage edges record as their `kind`: edges written by a run, not by an ingestion. */
const RUN_EDGE = 'run'

/** True when `status` is a run status. */
export function isRunStatus(status: string): status is RunStatus {
  return Object.hasOwn(RUN_STATUSES, status)
}

/** Why `status` is not a run status, for messages. */
export function notRunStatus(status: string): string {
  return `status '${status}' is not one of ${Object.keys(RUN_STATUSES).join(', ')}`
}

/** The `runs` row of a record, by column; refuses a record whose id, hashes, output, status, times or details are malformed. */
export function runRow(r: RunRecord): Record<string, SqlValue> {
  const fail = refusal(`run '${r.runId}' cannot be recorded`)
  if (r.runId === '') throw fail('runId must not be empty')
  for (const [field, hash] of Object.entries({ recipeHash: r.recipeHash, planHash: r.planHash })) {
    if (!isSha256(hash)) throw fail(`${field} '${hash}' is not a lowercase hex SHA-256 (64 characters)`)
  }
  if (!parseDatasetId(r.output)) throw fail(`output '${r.output}' is not a dataset: expected <zone>/<name> with zone bronze, silver or gold (e.g. silver/web-clean)`)
  if (!isUtcTime(r.startedAt)) throw fail(notUtcTime('startedAt', r.startedAt))
  return { run_id: r.runId, recipe_hash: r.recipeHash, plan_hash: r.planHash, output: r.output, started_at: r.startedAt, ...runChangeColumns(r, fail) }
}

/** The `runs` columns a change sets; refuses a malformed status, finish time or details. */
export function runChangeRow(runId: string, change: RunChange): Record<string, SqlValue> {
  return runChangeColumns(change, refusal(`run '${runId}' cannot be updated`))
}

/** The record of a `runs` row. */
export function runFromRow(row: SqlRow): RunRecord {
  const runId = row.run_id as string
  return {
    runId,
    recipeHash: row.recipe_hash as string,
    planHash: row.plan_hash as string,
    output: row.output as string,
    status: row.status as RunStatus,
    startedAt: row.started_at as string,
    finishedAt: row.finished_at as string | null,
    details: storedDetails(row, `run '${runId}'`),
  }
}

/** The `tasks` row of a record, by column; refuses an empty id, an unknown status, attempts below 1 or details that are not a JSON object. */
export function taskRow(t: TaskRecord): Record<string, SqlValue> {
  const fail = refusal(`task '${t.taskId}' of run '${t.runId}' cannot be recorded`)
  if (t.taskId === '') throw fail('taskId must not be empty')
  if (!Object.hasOwn(TASK_STATUSES, t.status)) throw fail(`status '${t.status}' is not one of ${Object.keys(TASK_STATUSES).join(', ')}`)
  if (!Number.isSafeInteger(t.attempts) || t.attempts < 1) throw fail(`attempts ${t.attempts} is not a whole number >= 1`)
  return { run_id: t.runId, task_id: t.taskId, status: t.status, attempts: t.attempts, details: JSON.stringify(jsonDetails(t.details, fail)) }
}

/** The record of a `tasks` row. */
export function taskFromRow(row: SqlRow): TaskRecord {
  return {
    runId: row.run_id as string,
    taskId: row.task_id as string,
    status: row.status as TaskRecord['status'],
    attempts: row.attempts as number,
    details: storedDetails(row, `task '${row.task_id}' of run '${row.run_id}'`),
  }
}

/** The `lineage_edges` row of an edge, by column; refuses an end that is not `zone/name@version`. */
export function lineageRow(e: LineageEdge): Record<string, SqlValue> {
  const fail = refusal(`lineage edge '${e.from}' -> '${e.to}' of run '${e.runId}' cannot be recorded`)
  for (const [field, ref] of Object.entries({ from: e.from, to: e.to })) {
    if (!isDatasetVersion(ref)) throw fail(`${field} '${ref}' is not a dataset version: expected <zone>/<name>@<version> (e.g. bronze/web@3)`)
  }
  return { from_ref: e.from, to_ref: e.to, run_id: e.runId, kind: RUN_EDGE }
}

/** The edge of a `lineage_edges` row written by a run. */
export function lineageFromRow(row: SqlRow): LineageEdge {
  return { from: row.from_ref as string, to: row.to_ref as string, runId: row.run_id as string }
}

type Refusal = (fact: string, options?: { readonly cause: unknown }) => StrataError

// Makes the `invalid_argument` errors of one record: what cannot be done, then the fact.
function refusal(subject: string): Refusal {
  return (fact, options) => new StrataError('invalid_argument', `${subject}: ${fact}`, options)
}

function runChangeColumns(change: RunChange, fail: Refusal): Record<string, SqlValue> {
  if (!isRunStatus(change.status)) throw fail(notRunStatus(change.status))
  if (change.finishedAt !== null && !isUtcTime(change.finishedAt)) throw fail(notUtcTime('finishedAt', change.finishedAt))
  return { status: change.status, finished_at: change.finishedAt, details: JSON.stringify(jsonDetails(change.details, fail)) }
}

// Only the one form toISOString writes, so that text order is time order: runs are listed by started_at.
function isUtcTime(text: string): boolean {
  const ms = Date.parse(text)
  return Number.isFinite(ms) && new Date(ms).toISOString() === text
}

function notUtcTime(field: string, text: string): string {
  return `${field} '${text}' is not a UTC time as Date.toISOString() writes it (e.g. 2026-11-20T10:00:00.000Z)`
}

function isSha256(text: string): boolean {
  return /^[0-9a-f]{64}$/.test(text)
}

function isDatasetVersion(ref: string): boolean {
  const at = ref.lastIndexOf('@')
  return at > 0 && parseDatasetId(ref.slice(0, at)) !== undefined && /^(?:0|[1-9][0-9]*)$/.test(ref.slice(at + 1))
}

function storedDetails(row: SqlRow, subject: string): Record<string, unknown> {
  const details = jsonObject(row.details as string)
  if (!details) throw new StrataError('corrupt_catalog', `${subject} has details that are not a JSON object: the row was altered outside Strata`)
  return details
}
