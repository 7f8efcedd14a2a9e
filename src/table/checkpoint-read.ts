import { parquetSchema } from 'hyparquet'
import { StrataError, isStrataError } from '../core/errors.ts'
import { mapBounded } from '../core/map-bounded.ts'
import type { BlobStore } from '../io/blob-store.ts'
import { parquetSource, readParquetMetadata, readRowGroups } from '../io/parquet.ts'
import { parseAction, parseCommit, type Action, type ActionKind } from './actions.ts'
import { LOG_DIR } from './commit-file.ts'
import { fileKey, type CheckpointRef } from './log-segment.ts'

// Checkpoints never hold commitInfo or cdc (PROTOCOL.md, "Checkpoints"); other columns
// such as a writer's own extras are not actions.
const CHECKPOINT_COLUMNS: readonly ActionKind[] = ['add', 'remove', 'metaData', 'protocol', 'txn', 'domainMetadata', 'checkpointMetadata', 'sidecar']
const SIDECAR_READS = 8

/**
 * The actions of a complete checkpoint: every part of a multi-part one, the rows of a V2
 * checkpoint (JSON or Parquet) followed by the file actions of the sidecars it references.
 */
export async function readCheckpoint(store: BlobStore, checkpoint: CheckpointRef): Promise<Action[]> {
  const parts = await Promise.all(checkpoint.files.map((f) => readCheckpointFile(store, f.key)))
  const actions = parts.flat()
  const sidecars = actions.flatMap((a) => (a.kind === 'sidecar' ? [a.path] : []))
  if (sidecars.length === 0) return actions
  const where = store.describe(checkpoint.files[0]!.key)
  const files = await mapBounded(sidecars, SIDECAR_READS, (path) => readSidecar(store, path, where))
  return actions.concat(...files)
}

async function readCheckpointFile(store: BlobStore, key: string): Promise<Action[]> {
  if (!key.endsWith('.json')) return readParquetActions(store, key)
  const where = store.describe(key)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await store.read(key))
  } catch (e) {
    if (isStrataError(e)) throw e
    throw new StrataError('corrupt_log', `${where}: checkpoint file is not valid UTF-8`, { cause: e })
  }
  return parseCommit(text, where)
}

async function readSidecar(store: BlobStore, path: string, checkpoint: string): Promise<Action[]> {
  // Sidecars live in _delta_log/_sidecars; the spec asks writers to store just the file name.
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.includes('/')) {
    throw new StrataError('unsupported_feature', `${checkpoint}: sidecar path '${path}' is not a file name in _delta_log/_sidecars`)
  }
  const key = `${LOG_DIR}/_sidecars/${fileKey(path)}`
  try {
    return await readParquetActions(store, key)
  } catch (e) {
    if (isStrataError(e, 'not_found')) {
      throw new StrataError('corrupt_log', `${checkpoint}: sidecar file '${store.describe(key)}' does not exist`, { cause: e })
    }
    throw e
  }
}

// Reads row group by row group; each row has one non-null action column.
async function readParquetActions(store: BlobStore, key: string): Promise<Action[]> {
  const where = store.describe(key)
  const source = await parquetSource(store, key)
  const metadata = await readParquetMetadata(source, where)
  const present = new Set(parquetSchema(metadata).children.map((c) => c.element.name))
  const columns = CHECKPOINT_COLUMNS.filter((c) => present.has(c))
  const actions: Action[] = []
  for await (const group of readRowGroups(source, where, { metadata, columns })) {
    for (let i = 0; i < group.rowCount; i++) {
      const j = group.columns.findIndex((col) => col[i] !== null && col[i] !== undefined)
      if (j < 0) continue
      const action = parseAction({ [columns[j]!]: group.columns[j]![i] }, `${where} row ${group.rowStart + i}`)
      if (action) actions.push(action)
    }
  }
  return actions
}
