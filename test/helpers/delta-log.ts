import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** A schema string with one long column `id`. */
export const ID_SCHEMA = JSON.stringify({ type: 'struct', fields: [{ name: 'id', type: 'long', nullable: true, metadata: {} }] })

/** `{"protocol": ...}` for a (1, 2) table unless told otherwise. */
export function protocol(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { protocol: { minReaderVersion: 1, minWriterVersion: 2, ...fields } }
}

/** `{"metaData": ...}` with the `id` schema. */
export function metaData(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { metaData: { id: 'table-id', format: { provider: 'parquet', options: {} }, schemaString: ID_SCHEMA, partitionColumns: [], configuration: {}, ...fields } }
}

/** `{"add": ...}` of a one-byte file. */
export function add(filePath: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { add: { path: filePath, partitionValues: {}, size: 1, modificationTime: 1, dataChange: true, ...fields } }
}

/** `{"remove": ...}`. */
export function remove(filePath: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { remove: { path: filePath, deletionTimestamp: 1, dataChange: true, ...fields } }
}

/** `{"commitInfo": ...}`. */
export function commitInfo(fields: Record<string, unknown>): Record<string, unknown> {
  return { commitInfo: fields }
}

/** The name of commit `version` in `_delta_log`. */
export function commitName(version: number): string {
  return `${String(version).padStart(20, '0')}.json`
}

/**
 * Writes `_delta_log/<version>.json` under `table` with one JSON line per action (or the
 * raw text given), and sets its modification time to `mtime` ms when given.
 */
export function writeCommit(table: string, version: number, actions: readonly Record<string, unknown>[] | string, mtime?: number): string {
  return writeLogFile(table, commitName(version), typeof actions === 'string' ? actions : actions.map((a) => JSON.stringify(a)).join('\n') + '\n', mtime)
}

/** Writes any file under `_delta_log/`, optionally with a modification time in ms. */
export function writeLogFile(table: string, name: string, text: string, mtime?: number): string {
  const file = path.join(table, '_delta_log', name)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, text)
  if (mtime !== undefined) utimesSync(file, mtime / 1000, mtime / 1000)
  return file
}
