import { LocalStore } from '../io/local-store.ts'
import type { RowRange } from '../io/parquet.ts'
import type { AddAction, MetadataAction, ProtocolAction } from '../table/actions.ts'
import { DataFileWriter } from '../table/file-writer.ts'
import { scan } from '../table/scan.ts'
import type { StructType } from '../table/schema.ts'
import { byKind, type OutputKind } from './output-kinds.ts'
import type { RecipeStep } from './recipe.ts'
import { StepChain, type StepStats } from './step-chain.ts'


/** One unit of work: a range of whole row groups of one input file. */
export interface TaskSpec {
  /** Its position in the plan, zero-padded: the order of its rows in the output. */
  readonly id: string
  /** Which of the recipe's inputs the file belongs to. */
  readonly input: number
  readonly file: AddAction
  readonly rows: RowRange
  /** Uncompressed bytes of the row groups, for sizing and progress. */
  readonly bytes: number
}

/** What every task of a stage shares; plain data, so it can be posted to a worker thread. */
export interface StageContext {
  /** Each input's table folder (absolute) and the log state a scan needs. */
  readonly inputs: readonly { readonly root: string; readonly protocol: ProtocolAction; readonly metadata: MetadataAction; readonly schema: StructType }[]
  readonly steps: readonly RecipeStep[]
  readonly mode: 'filter' | 'tag'
  /** The folder and schema of each output table. */
  readonly outputs: Readonly<Record<OutputKind, { readonly root: string; readonly schema: StructType }>>
  /** Names this run's files: the same plan writes the same file names, so a rerun overwrites rather than adds. */
  readonly fileTag: string
  readonly batchSize: number
  readonly fileRows: number
}

/** The durable result of a task: its counts, its step stats and the data files it wrote, not yet committed. */
export interface TaskResult {
  readonly taskId: string
  readonly input: number
  readonly counts: Readonly<Record<'in' | OutputKind, number>>
  readonly steps: readonly StepStats[]
  readonly files: Readonly<Record<OutputKind, readonly AddAction[]>>
  readonly ms: number
}

/**
 * Runs one task: streams its rows batch by batch through the stage's steps and writes
 * kept, rejected and quarantined documents as data files of the three output tables.
 * Memory holds one batch and at most `fileRows` rows per output. Deterministic: the same
 * task writes the same rows to the same file names.
 */
export async function runTask(context: StageContext, task: TaskSpec): Promise<TaskResult> {
  const start = performance.now()
  const input = context.inputs[task.input]!
  const source = { store: new LocalStore(input.root), protocol: input.protocol, metadata: input.metadata, schema: input.schema, files: [task.file] }
  const chain = new StepChain(context.steps, context.mode)
  const writers = byKind(
    (kind) =>
      new DataFileWriter(new LocalStore(context.outputs[kind].root), context.outputs[kind].schema, [], {
        fileRows: context.fileRows,
        fileName: (n) => `part-${task.id}-${String(n).padStart(3, '0')}-${context.fileTag}.zstd.parquet`,
      }),
  )
  const counts = { in: 0, kept: 0, rejected: 0, quarantine: 0 }
  for await (const batch of scan(source, { rows: task.rows, batchSize: context.batchSize })) {
    counts.in += batch.length
    const outcome = chain.run(batch)
    counts.kept += outcome.kept.length
    counts.rejected += outcome.rejected.length
    counts.quarantine += outcome.quarantined.length
    await writers.kept.write(outcome.kept)
    await writers.rejected.write(outcome.rejected)
    await writers.quarantine.write(outcome.quarantined)
  }
  const files = { kept: await writers.kept.finish(), rejected: await writers.rejected.finish(), quarantine: await writers.quarantine.finish() }
  return { taskId: task.id, input: task.input, counts, steps: chain.stats, files, ms: performance.now() - start }
}
