import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { StrataError } from '../core/errors.ts'
import type { StageContext, TaskResult, TaskSpec } from './task.ts'
import type { TaskMessage, TaskReply } from './task-worker.ts'

export interface ExecutorOptions {
  /** Worker threads; one task runs on each at a time. */
  readonly workers: number
  /** How many times a failed task is tried again before the run fails. */
  readonly retries: number
  /** Makes a task's result durable; a worker takes its next task only once this resolves. */
  readonly onDone: (result: TaskResult, attempts: number) => Promise<void>
  /** Records a task that failed for good. */
  readonly onFailed: (task: TaskSpec, attempts: number, message: string) => Promise<void>
}

/**
 * Runs tasks on a pool of worker threads. Work is pulled: a worker is given a task only
 * when it is idle and the previous result is stored, so nothing queues up in memory
 * (backpressure). A task that fails (an error, or its worker dying) is tried again, up to
 * `retries` times, on a fresh worker if the old one died; a task that still fails stops
 * the pool and rejects with `task_failed` naming it and the last error.
 */
export async function executeTasks(context: StageContext, tasks: readonly TaskSpec[], options: ExecutorOptions): Promise<void> {
  const queue = tasks.map((task) => ({ task, attempts: 0 }))
  let failure: StrataError | undefined
  const slot = async (): Promise<void> => {
    let worker: Worker | undefined
    try {
      for (let next = queue.shift(); next && !failure; next = queue.shift()) {
        worker ??= takeWorker()
        next.attempts++
        const reply = await runOn(worker, { context, task: next.task })
        if (reply.ok) {
          await options.onDone(reply.result, next.attempts)
          continue
        }
        if (reply.died) {
          void worker.terminate()
          worker = undefined
        }
        if (next.attempts <= options.retries) {
          queue.unshift(next)
          continue
        }
        await options.onFailed(next.task, next.attempts, reply.message)
        failure ??= new StrataError('task_failed', `task ${next.task.id} (${next.task.file.path}, rows ${next.task.rows.start}-${next.task.rows.end}) failed ${next.attempts} times: ${reply.message}`)
      }
    } finally {
      if (worker) releaseWorker(worker)
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.workers, tasks.length) }, slot))
  if (failure) throw failure
}

// Idle workers, kept for the next run in this process (a server, a benchmark): a new one
// costs 150-300 ms of start-up and runs its first task on cold code. Unreferenced while
// idle, so they never keep the process alive.
const idle: Worker[] = []

function takeWorker(): Worker {
  const worker = idle.pop() ?? new Worker(new URL('./task-worker.ts', import.meta.url))
  worker.ref()
  return worker
}

function releaseWorker(worker: Worker): void {
  worker.unref()
  if (idle.length < availableParallelism()) idle.push(worker)
  else void worker.terminate()
}

type Reply = TaskReply | { readonly ok: false; readonly message: string; readonly died: true }

// One task on one worker; a worker that errors or exits instead of replying has died.
function runOn(worker: Worker, message: TaskMessage): Promise<Reply & { died?: boolean }> {
  return new Promise((resolve) => {
    const settle = (reply: Reply) => {
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      resolve(reply)
    }
    const onMessage = (reply: TaskReply) => settle(reply)
    const onError = (e: Error) => settle({ ok: false, message: `the worker failed: ${e.message}`, died: true })
    const onExit = (code: number) => settle({ ok: false, message: `the worker exited with code ${code}`, died: true })
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    worker.postMessage(message)
  })
}
