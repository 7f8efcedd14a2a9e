import type { BlobStore } from '../io/blob-store.ts'
import type { FilterOperator, GlobalOperator, MapperOperator, Verdict } from '../ops/operator.ts'
import type { TaskResult, TaskSpec } from './task.ts'

// A global step runs as two shard-local phases around a barrier: the stage it ends keys
// every document it passes on, in order, and the next stage, reading those documents
// back in the same order, applies the verdicts `decide` gave their keys.

/** The key phase: passes documents on unchanged and appends their keys to `keys`, in order; they came from the recipe's input number `input`. */
export function keyPhase(op: GlobalOperator, keys: Uint8Array[], input: number): MapperOperator {
  return {
    kind: 'mapper',
    map: (batch) => {
      for (const key of op.key(batch, input)) keys.push(key)
      return batch as ReturnType<MapperOperator['map']>
    },
  }
}

/**
 * The apply phase, first in its stage so it sees every row of its task in order: sets the
 * operator's columns from each row's verdict (null without one) and drops with its reason;
 * a kept row with a verdict is then rewritten by the operator, if it rewrites.
 */
export function applyPhase(op: GlobalOperator, verdicts: ReadonlyMap<number, Verdict>): FilterOperator {
  let row = 0
  return {
    kind: 'filter',
    check: (batch) =>
      batch.map((doc) => {
        const verdict = verdicts.get(row++)
        for (const column of op.columns) doc[column.name] = verdict?.values[column.name] ?? null
        if (!verdict) return null
        return verdict.reason ?? op.rewrite?.(doc, verdict) ?? null
      }),
  }
}

/** The file in the staging area that holds a task's keys. */
export function keyFileName(taskId: string, fileTag: string): string {
  return `keys-${taskId}-${fileTag}.bin`
}

/** Keys as one file: each a 32-bit little-endian length, then its bytes. */
export function encodeKeys(keys: readonly Uint8Array[]): Uint8Array {
  let size = 0
  for (const key of keys) size += 4 + key.length
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const key of keys) {
    out.writeUInt32LE(key.length, at)
    out.set(key, at + 4)
    at += 4 + key.length
  }
  return out
}

/** Bytes of every key file the tasks wrote. */
export async function keyBytes(store: BlobStore, results: readonly TaskResult[], fileTag: string): Promise<number> {
  let total = 0
  for (const result of results) total += (await store.stat(keyFileName(result.taskId, fileTag)))?.size ?? 0
  return total
}

/** Every key the tasks wrote, task by task in plan order, one file in memory at a time. */
export async function* readKeys(store: BlobStore, results: readonly TaskResult[], fileTag: string): AsyncGenerator<Uint8Array> {
  for (const result of results) {
    const bytes = await store.read(keyFileName(result.taskId, fileTag))
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    for (let at = 0; at < view.length; ) {
      const length = view.readUInt32LE(at)
      yield view.subarray(at + 4, at + 4 + length)
      at += 4 + length
    }
  }
}

/**
 * Hands each task of the next stage the verdicts of its rows: `verdicts` are by position
 * over all keys, and the tasks' rows follow that order, one task after the other.
 */
export function withVerdicts(tasks: readonly TaskSpec[], verdicts: ReadonlyMap<number, Verdict>): TaskSpec[] {
  const starts: number[] = []
  let at = 0
  for (const task of tasks) {
    starts.push(at)
    at += task.rows.end - task.rows.start
  }
  const mine = tasks.map(() => new Map<number, Verdict>())
  for (const [position, verdict] of verdicts) {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= position) lo = mid
      else hi = mid - 1
    }
    mine[lo]!.set(position - starts[lo]!, verdict)
  }
  return tasks.map((task, i) => ({ ...task, verdicts: mine[i] }))
}
