// A worker thread of the local executor: runs the tasks it is sent, one at a time.
import { parentPort } from 'node:worker_threads'
import { isStrataError } from '../core/errors.ts'
import { runTask, type StageContext, type TaskSpec } from './task.ts'

/** A task to run, with the stage it belongs to. */
export interface TaskMessage {
  readonly context: StageContext
  readonly task: TaskSpec
}

/** What comes back: the result, or the error that stopped the task. */
export type TaskReply =
  | { readonly ok: true; readonly result: Awaited<ReturnType<typeof runTask>> }
  | { readonly ok: false; readonly code: string | undefined; readonly message: string }

parentPort!.on('message', (message: TaskMessage) => {
  runTask(message.context, message.task).then(
    (result) => parentPort!.postMessage({ ok: true, result } satisfies TaskReply),
    (e: unknown) =>
      parentPort!.postMessage({ ok: false, code: isStrataError(e) ? e.code : undefined, message: e instanceof Error ? e.message : String(e) } satisfies TaskReply),
  )
})
