import { mapBounded } from '../core/map-bounded.ts'
import { parquetSource, readParquetMetadata } from '../io/parquet.ts'
import { fileKey } from '../table/log-segment.ts'
import { operatorSpec } from '../ops/registry.ts'
import type { Snapshot } from '../table/snapshot.ts'
import type { RecipeStep } from './recipe.ts'
import type { TaskResult, TaskSpec } from './task.ts'

/**
 * A stage: shard-local steps fused, run task by task. A global step ends one stage, which
 * keys its documents (`last`), and begins the next, which first applies its verdicts
 * (`first`).
 */
export interface Stage {
  readonly first?: RecipeStep
  readonly steps: readonly RecipeStep[]
  readonly last?: RecipeStep
}

/** Splits a recipe's steps into stages at each global step: `a, b, dedup, c` is `[a, b] -> dedup` then `dedup -> [c]`. */
export function planStages(steps: readonly RecipeStep[]): Stage[] {
  const stages: Stage[] = []
  let first: RecipeStep | undefined
  let local: RecipeStep[] = []
  for (const step of steps) {
    if (operatorSpec(step.op).kind !== 'global') {
      local.push(step)
      continue
    }
    stages.push({ first, steps: local, last: step })
    first = step
    local = []
  }
  stages.push({ first, steps: local })
  return stages
}

/**
 * The tasks of stage `stage` (after the first): one per file the previous stage's tasks
 * wrote to the staging area, in their order, each with the input its documents came from.
 */
export function stagedTasks(stage: number, previous: readonly TaskResult[]): TaskSpec[] {
  const tasks: TaskSpec[] = []
  for (const result of previous) {
    for (const file of result.files.kept) {
      const rows = (JSON.parse(file.stats!) as { numRecords: number }).numRecords
      tasks.push({ id: `s${stage}-${String(tasks.length).padStart(6, '0')}`, input: result.input, source: 0, file, rows: { start: 0, end: rows }, bytes: file.size })
    }
  }
  return tasks
}

/** The tasks of a run and, per input, how many documents the tasks will read. */
export interface TaskPlan {
  readonly tasks: readonly TaskSpec[]
  /** Rows of each input: the files' row counts less their deletion vectors. The run checks in = out + rejected + quarantined against these. */
  readonly inputRows: readonly number[]
}

const FOOTERS_IN_FLIGHT = 8

/**
 * Splits the inputs into the first stage's tasks: each data file into runs of consecutive whole row groups
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
        if (end > start) tasks.push({ id: String(tasks.length).padStart(6, '0'), input, source: input, file, rows: { start, end }, bytes })
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
