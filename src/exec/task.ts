import { LocalStore } from '../io/local-store.ts'
import type { RowRange } from '../io/parquet.ts'
import type { Verdict } from '../ops/operator.ts'
import { operatorSpec } from '../ops/registry.ts'
import type { AddAction, MetadataAction, ProtocolAction } from '../table/actions.ts'
import { DataFileWriter } from '../table/file-writer.ts'
import { scan } from '../table/scan.ts'
import type { StructType } from '../table/schema.ts'
import { encodeKeys, keyFileName } from './global-phases.ts'
import { byKind, type OutputKind } from './output-kinds.ts'
import type { Stage } from './planner.ts'
import { StepChain, type StepStats } from './step-chain.ts'

/** One unit of work: a range of whole row groups of one file. */
export interface TaskSpec {
  /** Its position in the plan, zero-padded (`s1-000000` in the second stage): the order of its rows in the output. */
  readonly id: string
  /** Which of the recipe's inputs its documents came from. */
  readonly input: number
  /** Which of the stage's sources the file belongs to. */
  readonly source: number
  readonly file: AddAction
  readonly rows: RowRange
  /** Bytes of the row groups, for progress. */
  readonly bytes: number
  /** The verdicts of the global step the stage begins with, by row of this task. */
  readonly verdicts?: ReadonlyMap<number, Verdict>
}

/** A folder of data files and the log state a scan needs to read them. */
export interface ScanRoot {
  readonly root: string
  readonly protocol: ProtocolAction
  readonly metadata: MetadataAction
  readonly schema: StructType
}

/** What every task of a stage shares; plain data, so it can be posted to a worker thread. */
export interface StageContext {
  /** What the tasks read: the inputs' tables in the first stage, the staging area after. */
  readonly sources: readonly ScanRoot[]
  readonly stage: Stage
  readonly mode: 'filter' | 'tag'
  /** The folder and schema of each output table; `kept` is the staging area when the stage ends with a global step, which also receives each task's keys. */
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
 * kept (or staged), rejected and quarantined documents as data files of the three tables.
 * Memory holds one batch and at most `fileRows` rows per output. Deterministic: the same
 * task writes the same rows to the same file names.
 */
export async function runTask(context: StageContext, task: TaskSpec): Promise<TaskResult> {
  const start = performance.now()
  const from = context.sources[task.source]!
  const source = { store: new LocalStore(from.root), protocol: from.protocol, metadata: from.metadata, schema: from.schema, files: [task.file] }
  const stage = context.stage
  for (const step of [stage.first, ...stage.steps, stage.last]) if (step) await operatorSpec(step.op).load?.(step.config as never)
  const chain = new StepChain(stage, context.mode, task.verdicts, task.input)
  // Staged documents are read back once, by the next stage: compressing them costs more than it saves.
  const staged = (kind: OutputKind) => kind === 'kept' && context.stage.last !== undefined
  const writers = byKind(
    (kind) =>
      new DataFileWriter(new LocalStore(context.outputs[kind].root), context.outputs[kind].schema, [], {
        fileRows: context.fileRows,
        fileName: (n) => `part-${task.id}-${String(n).padStart(3, '0')}-${context.fileTag}.${staged(kind) ? '' : 'zstd.'}parquet`,
        compression: staged(kind) ? 'none' : 'zstd',
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
  if (context.stage.last) await new LocalStore(context.outputs.kept.root).put(keyFileName(task.id, context.fileTag), encodeKeys(chain.keys))
  return { taskId: task.id, input: task.input, counts, steps: chain.stats, files, ms: performance.now() - start }
}
