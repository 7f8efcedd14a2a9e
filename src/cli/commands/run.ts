import { readFile } from 'node:fs/promises'
import { availableParallelism, userInfo } from 'node:os'
import path from 'node:path'
import { openCatalog } from '../../catalog/open-catalog.ts'
import { StrataError } from '../../core/errors.ts'
import type { Command } from '../command.ts'
import { formatBytes, formatCount } from '../format.ts'
import { jsonLine } from '../json-value.ts'
import { runReport } from '../run-report.ts'
import { UsageError } from '../usage-error.ts'

const MIB = 1024 * 1024

/** `strata run <recipe.yaml>`, `strata run --resume <id>`, `strata run show <id>` */
export const run: Command = {
  name: 'run',
  summary: 'run a recipe into silver or gold; resume an interrupted run; show a run',
  args: ['[recipe.yaml|show]', '[run-id]'],
  usage: `Runs a recipe's steps over its inputs (pinned to their versions when the run starts)
on a pool of worker threads, and commits the kept documents to the output dataset, the
dropped ones to <output>__rejected (with reason and step) and the ones an operator threw
on to <output>__quarantine (with step and error). Every input document is accounted for
(in = kept + rejected + quarantined) before anything is committed; the output replaces
the dataset's previous contents as one new version.

Finished tasks are recorded in the catalog: after an interruption, --resume <run-id>, or
running the same recipe again on the same input versions, redoes only the tasks not
done. Running a recipe whose run on the same input versions wrote the output's latest
version does nothing.

  strata run show <run-id>   prints a run: inputs, counts, versions, per-step stats, tasks

Exit status 1 when the run failed (nothing committed), 2 on a usage error.

Examples:
  strata run recipes/clean-web.yaml
  strata run recipes/clean-web.yaml --workers 8 --json
  strata run --resume run-20261121T101500Z-3f2a9c1d
  strata run show run-20261121T101500Z-3f2a9c1d`,
  options: {
    resume: { type: 'string', value: 'run-id', description: 'finish an interrupted or failed run' },
    workers: { type: 'string', value: 'n', description: 'worker threads (default: the number of cores)' },
    retries: { type: 'string', value: 'n', description: 'times a failed task is tried again (default 2)' },
    'task-mb': { type: 'string', value: 'n', description: 'most uncompressed input MiB per task (default 64)' },
  },
  async run(ctx, input) {
    const [first, second] = input.args
    const o = input.options
    if (first === 'show') return showRun(ctx, second)
    if (second !== undefined) throw new UsageError(`unexpected argument '${second}'; run takes one recipe file`)
    const resume = o.resume
    if (first === undefined && resume === undefined) throw new UsageError('give a recipe file to run, or --resume <run-id> to finish a run')
    if (first !== undefined && resume !== undefined) throw new UsageError('give a recipe file or --resume <run-id>, not both')
    if (resume !== undefined && (typeof resume !== 'string' || resume === '')) throw new UsageError('--resume needs a run id')
    const workers = whole(o.workers, 'workers', availableParallelism(), 1)
    const retries = whole(o.retries, 'retries', 2, 0)
    const taskMb = whole(o['task-mb'], 'task-mb', 64, 1)

    const recipe = first === undefined ? { resume: resume as string } : { text: await readRecipe(ctx.cwd, first), file: first }
    const { runRecipe } = await import('../../exec/run.ts')
    const repo = await ctx.repository()
    const catalog = await openCatalog(repo, ctx.env)
    let start = Date.now()
    let stage = 0
    let last = -Infinity
    try {
      const summary = await runRecipe({
        repo,
        catalog,
        recipe,
        workers,
        retries,
        maxTaskBytes: taskMb * MIB,
        actor: userInfo().username,
        onProgress: (p) => {
          const now = Date.now()
          if (p.stage !== stage) [stage, start] = [p.stage, now]
          if (now - last < (ctx.tty ? 200 : 5000) && p.tasksDone < p.tasksTotal) return
          last = now
          const rate = p.bytesDone / Math.max((now - start) / 1000, 1e-3)
          const eta = rate > 0 ? Math.ceil((p.bytesTotal - p.bytesDone) / rate) : undefined
          ctx.status(
            `${p.runId}${p.stages > 1 ? `  stage ${p.stage + 1}/${p.stages}` : ''}  tasks ${p.tasksDone}/${p.tasksTotal}  ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}  ${formatBytes(rate)}/s  ` +
              `docs ${formatCount(p.documents)}  kept ${formatCount(p.kept)}  rejected ${formatCount(p.rejected)}  quarantined ${formatCount(p.quarantined)}  ETA ${eta === undefined ? '?' : `${eta}s`}`,
          )
        },
      })
      if (ctx.tty) ctx.status('')
      if (ctx.json) {
        ctx.out(jsonLine({ status: summary.status, tasksReused: summary.tasksReused, run: summary.run }))
        return
      }
      if (summary.status === 'noop') ctx.out(`nothing to do: this recipe already ran on these input versions as ${summary.run.runId}`)
      else if (summary.tasksReused > 0) ctx.out(`resumed: ${formatCount(summary.tasksReused)} tasks were already done`)
      for (const line of runReport(summary.run)) ctx.out(line)
    } finally {
      if (ctx.tty) ctx.status('')
      await catalog.close()
    }
  },
}

async function showRun(ctx: Parameters<Command['run']>[0], id: string | undefined): Promise<void> {
  if (!id) throw new UsageError('missing argument <run-id>: the run to show (strata runs lists them)')
  const repo = await ctx.repository()
  const catalog = await openCatalog(repo, ctx.env)
  try {
    const record = await catalog.getRun(id)
    if (!record) throw new StrataError('not_found', `run '${id}' is not in the catalog; 'strata runs' lists the runs`)
    const tasks = await catalog.listTasks(id)
    if (ctx.json) ctx.out(jsonLine({ ...record, tasks: tasks.map((t) => ({ taskId: t.taskId, status: t.status, attempts: t.attempts, ...(t.status === 'failed' ? { error: t.details.error } : { counts: t.details.counts }) })) }))
    else for (const line of runReport(record, tasks)) ctx.out(line)
  } finally {
    await catalog.close()
  }
}

async function readRecipe(cwd: string, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new StrataError('not_found', `recipe file '${file}' does not exist`)
    throw e
  }
}

function whole(v: string | boolean | undefined, name: string, fallback: number, min: number): number {
  if (v === undefined) return fallback
  const n = Number(v)
  if (typeof v !== 'string' || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}, not '${String(v)}'`)
  return n
}
