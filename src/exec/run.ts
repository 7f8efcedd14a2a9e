import { createHash, randomBytes } from 'node:crypto'
import path from 'node:path'
import { canonicalJson } from '../catalog/audit-chain.ts'
import type { Catalog, RunRecord } from '../catalog/catalog.ts'
import { StrataError, isStrataError } from '../core/errors.ts'
import { STRATA_VERSION } from '../core/version.ts'
import { datasetStore, parseDatasetId, type DatasetId, type Repository } from '../repo/repository.ts'
import { parseRef } from '../repo/ref.ts'
import { loadSnapshot, type Snapshot } from '../table/snapshot.ts'
import { planStages, planTasks } from './planner.ts'
import { parseRecipe, type Recipe } from './recipe.ts'
import { commitOutputs, outputSchemas, type OutputVersions } from './run-output.ts'
import { runStages } from './stage-runner.ts'
import { againstIndexes, keepIndexes, pinAgainst, type AgainstPin } from './step-indexes.ts'
import { removeStaging, stagedSchema } from './staging.ts'
import { foldPhases, mergeStepStats, type StepStats } from './step-chain.ts'
import { OUTPUT_KINDS, byKind, companion, type OutputKind } from './output-kinds.ts'
import type { TaskResult, TaskSpec } from './task.ts'

export interface RunRequest {
  readonly repo: Repository
  readonly catalog: Catalog
  /** A recipe to run (its YAML and the file it came from, for messages), or the id of a run to resume. */
  readonly recipe: { readonly text: string; readonly file: string } | { readonly resume: string }
  readonly workers: number
  readonly retries: number
  /** Most uncompressed input bytes per task (whole row groups; a larger row group is a task alone). */
  readonly maxTaskBytes: number
  readonly actor: string
  readonly onProgress?: (progress: RunProgress) => void
}

/** Where a run is: tasks and bytes of the current stage (0-based); documents read, kept, rejected and quarantined so far over the run. */
export interface RunProgress {
  readonly runId: string
  stage: number
  readonly stages: number
  tasksDone: number
  tasksTotal: number
  bytesDone: number
  bytesTotal: number
  documents: number
  kept: number
  rejected: number
  quarantined: number
}

/** Per input, how its documents were accounted for: `in = kept + rejected + quarantine`. */
export interface InputCounts {
  readonly dataset: string
  readonly version: number
  readonly in: number
  readonly kept: number
  readonly rejected: number
  readonly quarantine: number
}

/**
 * What a run did. `noop`: the same recipe already ran on the same input versions and the
 * output's latest version is that run's; `run` is that earlier run.
 */
export interface RunSummary {
  readonly status: 'succeeded' | 'noop'
  readonly run: RunRecord
  /** Tasks taken from an interrupted run instead of being run again. */
  readonly tasksReused: number
}

/** What a run records in the catalog and in its commits: enough to explain and redo it. */
export interface RunDetails {
  readonly name: string | null
  readonly recipe: string
  readonly recipeFile: string
  readonly inputs: readonly { readonly dataset: string; readonly version: number }[]
  /** The dataset versions whose dedup indexes steps deduplicate against. */
  readonly against: readonly AgainstPin[]
  readonly mode: 'filter' | 'tag'
  /** Tasks over every stage; until the run ends, those of the first stage. */
  readonly tasks: number
  readonly counts?: readonly InputCounts[]
  readonly steps?: readonly StepStats[]
  readonly outputs?: OutputVersions
  readonly error?: string
}

const FILE_ROWS = 20_000
const BATCH_ROWS = 1024

/**
 * Runs a recipe over its inputs, pinned to their versions when the run starts, into its
 * output dataset and the companions `<output>__rejected` and `<output>__quarantine`.
 * Tasks run on a worker pool; each finished task's result is recorded in the catalog, so
 * a run that was killed resumes — by `{ resume: id }` or by running the same recipe on
 * the same input versions again — without redoing them. The three tables are committed
 * once every task is done and every input is accounted for; each carries the run's txn
 * id, so a resumed run skips what it already committed, and the output comes last.
 */
export async function runRecipe(request: RunRequest): Promise<RunSummary> {
  const { repo, catalog } = request
  let run: RunRecord | undefined
  let source = request.recipe
  let pinned: Pick<RunDetails, 'inputs' | 'against'> | undefined
  if ('resume' in source) {
    run = await catalog.getRun(source.resume)
    if (!run) throw new StrataError('not_found', `run '${source.resume}' is not in the catalog; 'strata runs' lists the runs`)
    if (run.status === 'succeeded') return { status: 'noop', run, tasksReused: 0 }
    const details = run.details as unknown as RunDetails
    source = { text: details.recipe, file: details.recipeFile }
    pinned = details
  }
  const recipe: Recipe = parseRecipe(source.text, source.file)
  const snapshots = await Promise.all(pinned ? pinned.inputs.map((i) => loadInput(repo, i.dataset, { version: i.version })) : recipe.input.map((ref) => pinInput(repo, ref)))
  const inputs = snapshots.map((s, i) => ({ dataset: datasetOf(recipe.input[i]!), version: s.version }))
  const against = pinned?.against ?? (await pinAgainst(repo, recipe.steps, async (dataset, at) => (await loadInput(repo, dataset, at)).version))
  const planHash = sha256(canonicalJson({
    strata: STRATA_VERSION,
    output: recipe.output,
    mode: recipe.mode,
    steps: recipe.steps.map((s) => ({ op: s.op, config: s.config })),
    inputs: snapshots.map((s, i) => ({ ...inputs[i], table: s.metadata.id })),
    ...(against.length > 0 ? { against } : {}),
  }))
  const output = parseDatasetId(recipe.output)!

  if (!run) {
    run = (await catalog.listRuns({ planHash, status: 'running' }))[0] ?? (await catalog.listRuns({ planHash, status: 'failed' }))[0]
    const done = run ? undefined : (await catalog.listRuns({ planHash, status: 'succeeded' }))[0]
    if (done && (done.details as unknown as RunDetails).outputs?.kept === (await latestVersion(repo, output))) return { status: 'noop', run: done, tasksReused: 0 }
  }

  const plan = await planTasks(snapshots, request.maxTaskBytes)
  let details: RunDetails = { name: recipe.name ?? null, recipe: source.text, recipeFile: source.file, inputs, against, mode: recipe.mode, tasks: plan.tasks.length }
  if (!run) {
    const now = new Date()
    run = {
      runId: `run-${now.toISOString().replace(/[-:.]/g, '').slice(0, 15)}Z-${randomBytes(4).toString('hex')}`,
      recipeHash: sha256(source.text),
      planHash,
      output: recipe.output,
      status: 'running',
      startedAt: now.toISOString(),
      finishedAt: null,
      details: details as unknown as Record<string, unknown>,
    }
    await catalog.createRun(run)
  } else if (run.status === 'failed') {
    await catalog.updateRun(run.runId, { status: 'running', finishedAt: null, details: details as unknown as Record<string, unknown> })
  }
  const runId = run.runId

  const schemas = outputSchemas(snapshots.map((s) => s.schema), recipe)
  const stages = planStages(recipe.steps)

  const results = new Map<string, TaskResult>()
  for (const t of await catalog.listTasks(runId)) if (t.status === 'done') results.set(t.taskId, t.details as unknown as TaskResult)
  let reused = 0
  let planned = plan.tasks.length
  const progress: RunProgress = { runId, stage: 0, stages: stages.length, tasksDone: 0, tasksTotal: 0, bytesDone: 0, bytesTotal: 0, documents: 0, kept: 0, rejected: 0, quarantined: 0 }
  const count = (task: TaskSpec, result: TaskResult) => {
    progress.tasksDone++
    progress.bytesDone += task.bytes
    if (progress.stage === 0) progress.documents += result.counts.in
    if (progress.stage === stages.length - 1) progress.kept += result.counts.kept
    progress.rejected += result.counts.rejected
    progress.quarantined += result.counts.quarantine
  }

  try {
    const { done, decideMs } = await runStages(
      {
        repoRoot: repo.root,
        runId,
        stages,
        mode: recipe.mode,
        inputs: snapshots.map((s, i) => ({ root: path.join(repo.root, datasetOf(recipe.input[i]!)), protocol: s.protocol, metadata: s.metadata, schema: s.schema })),
        tables: byKind((kind) => ({ root: path.join(repo.root, output.zone, companion(output.name, kind)), schema: schemas[kind] })),
        staged: stagedSchema(schemas.kept),
        fileTag: planHash.slice(0, 16),
        against: againstIndexes(repo.root, against),
        batchSize: BATCH_ROWS,
        fileRows: FILE_ROWS,
        workers: request.workers,
        retries: request.retries,
        results,
        onStage: async (stage, tasks) => {
          if (stage > 0) {
            planned += tasks.length
            details = { ...details, tasks: planned }
            await catalog.updateRun(runId, { status: 'running', finishedAt: null, details: details as unknown as Record<string, unknown> })
          }
          Object.assign(progress, { stage, tasksDone: 0, tasksTotal: tasks.length, bytesDone: 0, bytesTotal: tasks.reduce((n, t) => n + t.bytes, 0) })
          for (const task of tasks) if (results.has(task.id)) count(task, results.get(task.id)!)
          reused += progress.tasksDone
          request.onProgress?.(progress)
        },
        onDone: async (task, result, attempts) => {
          await catalog.recordTask({ runId, taskId: result.taskId, status: 'done', attempts, details: result as unknown as Record<string, unknown> })
          count(task, result)
          request.onProgress?.(progress)
        },
        onFailed: (task, attempts, message) => catalog.recordTask({ runId, taskId: task.id, status: 'failed', attempts, details: { error: message } }),
      },
      plan.tasks,
    )
    const all = done.flat()
    const counts = account(done, inputs, plan.inputRows)
    const merged: StepStats[] = []
    for (const r of all) mergeStepStats(merged, r.steps)
    const steps = foldPhases(merged, recipe.steps, decideMs)
    const summary: RunDetails = { ...details, tasks: all.length, counts, steps }
    const outputs = await commitOutputs({
      stores: byKind((kind) => datasetStore(repo, output.zone, companion(output.name, kind))),
      names: byKind((kind) => `${output.zone}/${companion(output.name, kind)}`),
      schemas,
      files: byKind((kind) => (kind === 'kept' ? done.at(-1)! : all).flatMap((r) => r.files[kind])),
      appId: `strata-run-${runId}`,
      strata: { run: { id: runId, planHash, recipeHash: run.recipeHash, name: details.name, inputs, counts, steps } },
    })
    const finished = { ...summary, outputs }
    await keepIndexes(repo.root, runId, stages, recipe.output, outputs.kept!)
    await removeStaging(repo.root, runId)
    await catalog.updateRun(runId, { status: 'succeeded', finishedAt: new Date().toISOString(), details: finished as unknown as Record<string, unknown> })
    await catalog.recordLineage(
      OUTPUT_KINDS.flatMap((kind) => {
        const version = outputs[kind]
        return version === null ? [] : inputs.map((i) => ({ from: `${i.dataset}@${i.version}`, to: `${output.zone}/${companion(output.name, kind)}@${version}`, runId }))
      }),
    )
    await catalog.appendAudit({
      actor: request.actor,
      action: 'run',
      target: recipe.output,
      details: { runId, planHash, version: outputs.kept, inputs, kept: sum(counts, 'kept'), rejected: sum(counts, 'rejected'), quarantined: sum(counts, 'quarantine') },
    })
    return { status: 'succeeded', run: (await catalog.getRun(runId))!, tasksReused: reused }
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e)
    await catalog.updateRun(runId, { status: 'failed', finishedAt: new Date().toISOString(), details: { ...details, error } as unknown as Record<string, unknown> })
    throw e
  }
}

// Sums the tasks of every stage per input and checks that every document is accounted
// for, against the row counts the plan read from the files: a document enters with the
// first stage, leaves kept with the last, and may be rejected or quarantined by any.
function account(stages: readonly (readonly TaskResult[])[], inputs: readonly { dataset: string; version: number }[], expected: readonly number[]): InputCounts[] {
  return inputs.map((input, i) => {
    const total = (results: readonly TaskResult[], key: 'in' | OutputKind) => results.reduce((n, r) => n + (r.input === i ? r.counts[key] : 0), 0)
    const all = stages.flat()
    const counts: InputCounts = { ...input, in: total(stages[0]!, 'in'), kept: total(stages.at(-1)!, 'kept'), rejected: total(all, 'rejected'), quarantine: total(all, 'quarantine') }
    if (counts.in !== expected[i] || counts.in !== counts.kept + counts.rejected + counts.quarantine) {
      throw new StrataError(
        'run_failed',
        `${input.dataset}@${input.version}: documents not accounted for: the files hold ${expected[i]}, the tasks read ${counts.in} and wrote ${counts.kept} kept + ${counts.rejected} rejected + ${counts.quarantine} quarantined; nothing was committed`,
      )
    }
    return counts
  })
}

function sum(counts: readonly InputCounts[], key: OutputKind): number {
  return counts.reduce((n, c) => n + c[key], 0)
}

// Pins an input ref to a version: the one it names, or the latest.
async function pinInput(repo: Repository, ref: string): Promise<Snapshot> {
  const parsed = parseRef(ref)
  if (parsed.kind !== 'dataset') throw new StrataError('invalid_recipe', `input '${ref}' is not a dataset of the repository`)
  return loadInput(repo, `${parsed.zone}/${parsed.name}`, parsed.at)
}

async function loadInput(repo: Repository, dataset: string, at: Parameters<typeof loadSnapshot>[1]): Promise<Snapshot> {
  const { zone, name } = parseDatasetId(dataset)!
  try {
    return await loadSnapshot(datasetStore(repo, zone, name), at)
  } catch (e) {
    if (isStrataError(e, 'not_a_table')) throw new StrataError('not_found', `input ${dataset} does not exist; 'strata ls' lists the datasets`, { cause: e })
    throw e
  }
}

function datasetOf(ref: string): string {
  return ref.split('@')[0]!
}

// The output's latest version; -1 when it does not exist.
async function latestVersion(repo: Repository, output: DatasetId): Promise<number> {
  try {
    return (await loadSnapshot(datasetStore(repo, output.zone, output.name))).version
  } catch (e) {
    if (isStrataError(e, 'not_a_table')) return -1
    throw e
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
