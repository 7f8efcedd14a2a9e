import { mapBounded } from '../core/map-bounded.ts'
import { parquetSource, readParquetMetadata } from '../io/parquet.ts'
import { fileKey } from '../table/log-segment.ts'
import type { Snapshot } from '../table/snapshot.ts'
import type { TaskSpec } from './task.ts'

/** The tasks of a run and, per input, how many documents the tasks will read. */
export interface TaskPlan {
  readonly tasks: readonly TaskSpec[]
  /** Rows of each input: the files' row counts less their deletion vectors. The run checks in = out + rejected + quarantined against these. */
  readonly inputRows: readonly number[]
}

const FOOTERS_IN_FLIGHT = 8

/**
 * Splits the inputs into tasks: each data file into runs of consecutive whole row groups
 * of at most `maxTaskBytes` uncompressed bytes (a larger row group is a task alone), in
 * input, file and row order. Reads only the files' footers. Task ids are the tasks'
 * positions, so the same inputs always give the same tasks.
 */
export async function planTasks(inputs: readonly Snapshot[], maxTaskBytes: number): Promise<TaskPlan> {
  const tasks: TaskSpec[] = []
  const inputRows: number[] = []
  for (const [input, snapshot] of inputs.entries()) {
    const root = snapshot.store.describe('')
    const footers = await mapBounded(snapshot.files, FOOTERS_IN_FLIGHT, async (file) => {
      const key = fileKey(file.path, root)
      return readParquetMetadata(await parquetSource(snapshot.store, key), snapshot.store.describe(key))
    })
    let rows = 0
    snapshot.files.forEach((file, f) => {
      let start = 0
      let groupStart = 0
      let bytes = 0
      const cut = (end: number) => {
        if (end > start) tasks.push({ id: String(tasks.length).padStart(6, '0'), input, file, rows: { start, end }, bytes })
        start = end
        bytes = 0
      }
      for (const group of footers[f]!.row_groups) {
        const groupBytes = Number(group.total_byte_size)
        if (bytes > 0 && bytes + groupBytes > maxTaskBytes) cut(groupStart)
        bytes += groupBytes
        groupStart += Number(group.num_rows)
      }
      cut(groupStart)
      rows += groupStart - (file.deletionVector?.cardinality ?? 0)
    })
    inputRows.push(rows)
  }
  return { tasks, inputRows }
}
