// Decodes Parquet row groups for `parquet-rows.ts` in a worker thread, where a corrupt page
// that sends hyparquet's decoder into a near-endless loop can be stopped from outside.
import { parentPort, workerData } from 'node:worker_threads'
import type { AsyncBuffer, FileMetaData } from 'hyparquet'
import { parquetError, readRowGroups } from './parquet.ts'

/** What the worker is started with. */
export interface GroupWorkerData {
  readonly metadata: FileMetaData
  readonly columns: readonly string[]
  readonly where: string
  readonly size: number
}

/** One row group to decode: its index, and the file's bytes from `offset` that hold it. */
export interface GroupRequest {
  readonly group: number
  readonly offset: number
  readonly bytes: Uint8Array
}

/** The group's columns as plain values, or why they could not be decoded. */
export type GroupResult = { readonly columns: unknown[][] } | { readonly error: string }

const { metadata, columns, where, size } = workerData as GroupWorkerData

parentPort!.on('message', async ({ group, offset, bytes }: GroupRequest) => {
  const source: AsyncBuffer = {
    byteLength: size,
    slice(start, end = size) {
      if (start < offset || end > offset + bytes.length) throw new Error(`bytes ${start}-${end} lie outside row group ${group}`)
      return bytes.slice(start - offset, end - offset).buffer
    },
  }
  let result: GroupResult
  try {
    const decoded: unknown[][] = columns.map(() => [])
    const one = { ...metadata, row_groups: [metadata.row_groups[group]!] }
    for await (const part of readRowGroups(source, where, { metadata: one, columns, utf8: false })) {
      part.columns.forEach((values, c) => {
        for (const value of values) decoded[c]!.push(plain(value))
      })
    }
    result = { columns: decoded }
  } catch (e) {
    const error = parquetError(e, where)
    result = { error: error instanceof Error ? error.message : String(error) }
  }
  parentPort!.postMessage(result)
})
parentPort!.postMessage('ready')

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** A value as hyparquet decoded it, in the plain form records carry. */
function plain(value: unknown): unknown {
  if (typeof value !== 'object' && typeof value !== 'bigint') return value === undefined ? null : value
  if (typeof value === 'bigint') return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value
  if (value === null || value instanceof Uint8Array) return value
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (Array.isArray(value)) return value.map(plain)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = plain(v)
  return out
}
