import type { SchemaElement } from 'hyparquet'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { isStrataError } from '../core/errors.ts'
import { STRATA_VERSION } from '../core/version.ts'
import type { BlobStore } from '../io/blob-store.ts'
import { LOG_DIR } from './commit-file.ts'
import { loadSnapshot, type Snapshot } from './snapshot.ts'
import { DEFAULT_RETENTION_HOURS } from './vacuum.ts'

/** `_delta_log/<20-digit version>.checkpoint.parquet` */
export function checkpointKey(version: number): string {
  return `${LOG_DIR}/${String(version).padStart(20, '0')}.checkpoint.parquet`
}

/**
 * Writes a classic (V1) Parquet checkpoint of `version` and points `_last_checkpoint` at
 * it, unless that already names a newer checkpoint. Rewriting the same checkpoint is
 * harmless: its content is a function of the log.
 */
export async function writeCheckpoint(store: BlobStore, version: number): Promise<void> {
  const snapshot = await loadSnapshot(store, { version })
  const rows = checkpointRows(snapshot)
  const bytes = new Uint8Array(parquetWriteBuffer({
    schema: CHECKPOINT_SCHEMA,
    columnData: COLUMNS.map((name) => ({ name, data: rows.map((r) => r[name] ?? null) })),
    statistics: false,
    createdBy: `strata version ${STRATA_VERSION}`,
  }))
  await store.put(checkpointKey(version), bytes)
  const last = await readLastCheckpointVersion(store)
  if (last !== undefined && last >= version) return
  const pointer = { version, size: rows.length, sizeInBytes: bytes.length, numOfAddFiles: snapshot.files.length }
  await store.put(`${LOG_DIR}/_last_checkpoint`, new TextEncoder().encode(JSON.stringify(pointer)))
}

type Row = Partial<Record<(typeof COLUMNS)[number], unknown>>

function checkpointRows(s: Snapshot): Row[] {
  const rows: Row[] = [
    { protocol: { ...s.protocol, kind: undefined } },
    { metaData: { ...s.metadata, kind: undefined, createdTime: big(s.metadata.createdTime) } },
  ]
  for (const [appId, version] of s.txns) rows.push({ txn: { appId, version: BigInt(version) } })
  for (const d of s.domains.values()) rows.push({ domainMetadata: { domain: d.domain, configuration: d.configuration, removed: d.removed } })
  for (const a of s.files) {
    rows.push({
      add: {
        path: a.path, partitionValues: a.partitionValues, size: BigInt(a.size), modificationTime: BigInt(a.modificationTime),
        dataChange: false, stats: a.stats ?? null, tags: a.tags ?? null,
      },
    })
  }
  // Tombstones past the retention window protect nothing any more: keep checkpoints small.
  const expired = Date.now() - DEFAULT_RETENTION_HOURS * 3_600_000
  for (const r of s.tombstones) {
    if ((r.deletionTimestamp ?? Infinity) < expired) continue
    rows.push({
      remove: {
        path: r.path, deletionTimestamp: big(r.deletionTimestamp), dataChange: false,
        extendedFileMetadata: r.extendedFileMetadata ?? null, partitionValues: r.partitionValues ?? null, size: big(r.size),
      },
    })
  }
  return rows
}

const big = (n: number | undefined) => (n === undefined ? null : BigInt(n))

async function readLastCheckpointVersion(store: BlobStore): Promise<number | undefined> {
  try {
    const v = JSON.parse(new TextDecoder().decode(await store.read(`${LOG_DIR}/_last_checkpoint`))).version
    return typeof v === 'number' ? v : undefined
  } catch (e) {
    if (isStrataError(e, 'not_found') || e instanceof SyntaxError) return undefined
    throw e
  }
}

const COLUMNS = ['txn', 'add', 'remove', 'metaData', 'protocol', 'domainMetadata'] as const

const str = (name: string, required = false): SchemaElement => ({
  name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: required ? 'REQUIRED' : 'OPTIONAL',
})
const i64 = (name: string): SchemaElement => ({ name, type: 'INT64', repetition_type: 'OPTIONAL' })
const i32 = (name: string): SchemaElement => ({ name, type: 'INT32', repetition_type: 'OPTIONAL' })
const bool = (name: string): SchemaElement => ({ name, type: 'BOOLEAN', repetition_type: 'OPTIONAL' })
const group = (name: string, children: number): SchemaElement => ({ name, repetition_type: 'OPTIONAL', num_children: children })
const stringMap = (name: string): SchemaElement[] => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'MAP', num_children: 1 },
  { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
  str('key', true),
  str('value'),
]
const stringList = (name: string): SchemaElement[] => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  str('element'),
]

// The checkpoint schema other Delta readers expect: one nullable struct column per action.
const CHECKPOINT_SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: COLUMNS.length },
  group('txn', 3), str('appId'), i64('version'), i64('lastUpdated'),
  group('add', 7), str('path'), ...stringMap('partitionValues'), i64('size'), i64('modificationTime'), bool('dataChange'), str('stats'), ...stringMap('tags'),
  group('remove', 6), str('path'), i64('deletionTimestamp'), bool('dataChange'), bool('extendedFileMetadata'), ...stringMap('partitionValues'), i64('size'),
  group('metaData', 8), str('id'), str('name'), str('description'),
  group('format', 2), str('provider'), ...stringMap('options'),
  str('schemaString'), ...stringList('partitionColumns'), ...stringMap('configuration'), i64('createdTime'),
  group('protocol', 4), i32('minReaderVersion'), i32('minWriterVersion'), ...stringList('readerFeatures'), ...stringList('writerFeatures'),
  group('domainMetadata', 3), str('domain'), str('configuration'), bool('removed'),
]
