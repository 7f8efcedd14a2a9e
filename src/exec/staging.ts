import fs from 'node:fs/promises'
import path from 'node:path'
import { schemaString, type StructType } from '../table/schema.ts'
import type { ScanRoot } from './task.ts'

// Where a run keeps what one stage hands the next: the documents that reached a global
// step (plain Parquet files, not a table) and their keys. Kept until the run commits, so
// a resumed run finds them; removed once it has.

/** The staging folder of stage `stage` of a run. */
export function stagingDir(repoRoot: string, runId: string, stage: number): string {
  return path.join(repoRoot, '.staging', runId, `stage-${stage}`)
}

/** Removes a run's staging area. */
export async function removeStaging(repoRoot: string, runId: string): Promise<void> {
  await fs.rm(path.join(repoRoot, '.staging', runId), { recursive: true, force: true })
}

/** A staging folder as something a task can scan: no log, so the log state is made up here. */
export function stagingSource(root: string, schema: StructType): ScanRoot {
  return {
    root,
    schema,
    protocol: { kind: 'protocol', minReaderVersion: 1, minWriterVersion: 2 },
    metadata: { kind: 'metaData', id: 'staging', format: { provider: 'parquet', options: {} }, schemaString: schemaString(schema), partitionColumns: [], configuration: {} },
  }
}

/** The schema of staged documents: the output's columns, all nullable, since the steps after the barrier have not set theirs yet. */
export function stagedSchema(kept: StructType): StructType {
  return { type: 'struct', fields: kept.fields.map((f) => ({ ...f, nullable: true })) }
}
