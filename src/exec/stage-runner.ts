import path from 'node:path'
import { LocalStore } from '../io/local-store.ts'
import type { AgainstIndex, GlobalOperator } from '../ops/operator.ts'
import { operatorSpec } from '../ops/registry.ts'
import type { StructType } from '../table/schema.ts'
import { keyBytes, readKeys, withVerdicts } from './global-phases.ts'
import { executeTasks } from './local-executor.ts'
import type { OutputKind } from './output-kinds.ts'
import { stagedTasks, type Stage } from './planner.ts'
import { stagingDir, stagingSource } from './staging.ts'
import { stagedIndexDir } from './step-indexes.ts'
import type { ScanRoot, StageContext, TaskResult, TaskSpec } from './task.ts'

export interface StagesSpec {
  readonly repoRoot: string
  readonly runId: string
  readonly stages: readonly Stage[]
  readonly mode: 'filter' | 'tag'
  /** What the first stage reads: the inputs' tables. */
  readonly inputs: readonly ScanRoot[]
  /** The run's three tables. */
  readonly tables: Readonly<Record<OutputKind, { readonly root: string; readonly schema: StructType }>>
  /** The schema of documents in the staging area. */
  readonly staged: StructType
  readonly fileTag: string
  /** The index each global step with `against` deduplicates against, by step name. */
  readonly against: ReadonlyMap<string, AgainstIndex>
  readonly batchSize: number
  readonly fileRows: number
  readonly workers: number
  readonly retries: number
  /** Results of tasks already done, by task id (a resumed run's); each task finished here is added. */
  readonly results: Map<string, TaskResult>
  /** A stage's tasks are known: called before any of them runs. */
  readonly onStage: (stage: number, tasks: readonly TaskSpec[]) => Promise<void>
  /** Makes a finished task's result durable (see `ExecutorOptions.onDone`). */
  readonly onDone: (task: TaskSpec, result: TaskResult, attempts: number) => Promise<void>
  readonly onFailed: (task: TaskSpec, attempts: number, message: string) => Promise<void>
}

/** Every stage's task results in plan order, and the time each global step spent deciding, by step name. */
export interface StagesOutcome {
  readonly done: readonly (readonly TaskResult[])[]
  readonly decideMs: Readonly<Record<string, number>>
}

/**
 * Runs the stages one after the other, skipping tasks already in `results`. The first
 * stage's tasks are `first`; a later stage's are the files the previous one staged, known
 * only once it is done. Between them the global step decides over the keys the previous
 * stage wrote, unless every task of the next stage is already done.
 */
export async function runStages(spec: StagesSpec, first: readonly TaskSpec[]): Promise<StagesOutcome> {
  const done: TaskResult[][] = []
  const decideMs: Record<string, number> = {}
  for (const [k, stage] of spec.stages.entries()) {
    let tasks = k === 0 ? first : stagedTasks(k, done[k - 1]!)
    const staging = (n: number) => stagingDir(spec.repoRoot, spec.runId, n)
    if (stage.first && tasks.some((t) => !spec.results.has(t.id))) {
      const started = performance.now()
      const op = operatorSpec(stage.first.op).create(stage.first.config as never) as GlobalOperator
      const store = new LocalStore(staging(k - 1))
      const context = {
        keyBytes: await keyBytes(store, done[k - 1]!, spec.fileTag),
        scratch: path.join(staging(k - 1), `decide-${stage.first.name}`),
        index: stagedIndexDir(spec.repoRoot, spec.runId, k, stage.first.name),
        against: spec.against.get(stage.first.name),
      }
      tasks = withVerdicts(tasks, await op.decide(readKeys(store, done[k - 1]!, spec.fileTag), context))
      decideMs[stage.first.name] = performance.now() - started
    }
    await spec.onStage(k, tasks)
    const context: StageContext = {
      sources: k === 0 ? spec.inputs : [stagingSource(staging(k - 1), spec.staged)],
      stage,
      mode: spec.mode,
      outputs: stage.last ? { ...spec.tables, kept: { root: staging(k), schema: spec.staged } } : spec.tables,
      fileTag: spec.fileTag,
      batchSize: spec.batchSize,
      fileRows: spec.fileRows,
    }
    const byId = new Map(tasks.map((t) => [t.id, t]))
    await executeTasks(context, tasks.filter((t) => !spec.results.has(t.id)), {
      workers: spec.workers,
      retries: spec.retries,
      onDone: async (result, attempts) => {
        await spec.onDone(byId.get(result.taskId)!, result, attempts)
        spec.results.set(result.taskId, result)
      },
      onFailed: spec.onFailed,
    })
    done.push(tasks.map((t) => spec.results.get(t.id)!))
  }
  return { done, decideMs }
}
