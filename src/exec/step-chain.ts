import type { Doc, GlobalOperator, LocalOperator, Verdict } from '../ops/operator.ts'
import { operatorSpec } from '../ops/registry.ts'
import { applyPhase, keyPhase } from './global-phases.ts'
import type { Stage } from './planner.ts'
import type { RecipeStep } from './recipe.ts'

/** What one step did over a task or a run; merged by adding (see `mergeStepStats`). */
export interface StepStats {
  readonly step: string
  readonly op: string
  /** For a global step, which half of it: keying documents at the end of a stage, or applying verdicts at the start of the next (see `foldPhases`). */
  readonly phase?: 'key' | 'apply'
  /** Documents given to the step. */
  in: number
  /** Documents it passed on. */
  out: number
  /** Documents it dropped, by reason. */
  dropped: Record<string, number>
  /** Documents that made it throw. */
  quarantined: number
  /** Time in the operator, ms. */
  ms: number
  /** UTF-8 bytes of the text column given to the step. */
  bytes: number
}

/** Where each document of a batch went. Rejected documents carry `reason` and `step`; quarantined ones `step` and `error`. */
export interface BatchOutcome {
  readonly kept: Doc[]
  readonly rejected: Doc[]
  readonly quarantined: Doc[]
}

/** The column a filter step writes in tag mode: its verdict, null when it would keep the document. */
export function tagColumn(step: RecipeStep): string {
  return `tag_${step.name.replace(/[^A-Za-z0-9]+/g, '_')}`
}

interface Step {
  readonly step: RecipeStep
  readonly op: LocalOperator
  readonly tag: string
  readonly stats: StepStats
}

/**
 * The fused steps of a stage, applied batch by batch: the verdicts of the global step it
 * begins with (`verdicts`, by row of the task), its shard-local steps, and the keys of
 * the global step it ends with (collected in `keys`), for documents of recipe input
 * number `input`. In `filter` mode a dropped document
 * leaves the chain; in `tag` mode every filter writes its verdict to its tag column and
 * nothing is dropped. A step that throws on a batch is retried document by document, so
 * only the documents that make it throw go to quarantine, with the step and the error;
 * the others go on.
 */
export class StepChain {
  /** The keys of the documents that left the chain, in order, when the stage ends with a global step. */
  readonly keys: Uint8Array[] = []
  readonly #steps: Step[] = []
  readonly #mode: 'filter' | 'tag'

  constructor(stage: Stage, mode: 'filter' | 'tag', verdicts: ReadonlyMap<number, Verdict> = new Map(), input = 0) {
    this.#mode = mode
    const add = (step: RecipeStep, op: LocalOperator, phase?: 'key' | 'apply') =>
      this.#steps.push({ step, op, tag: tagColumn(step), stats: { step: step.name, op: step.op, ...(phase ? { phase } : {}), in: 0, out: 0, dropped: {}, quarantined: 0, ms: 0, bytes: 0 } })
    const global = (step: RecipeStep) => operatorSpec(step.op).create(step.config as never) as GlobalOperator
    if (stage.first) add(stage.first, applyPhase(global(stage.first), verdicts), 'apply')
    for (const step of stage.steps) add(step, operatorSpec(step.op).create(step.config as never) as LocalOperator)
    if (stage.last) add(stage.last, keyPhase(global(stage.last), this.keys, input), 'key')
  }

  /** The stats of every step so far, in recipe order. */
  get stats(): StepStats[] {
    return this.#steps.map((s) => s.stats)
  }

  /** Runs a batch through every step. The documents are the chain's: steps may change them in place. */
  run(batch: Doc[]): BatchOutcome {
    const outcome: BatchOutcome = { kept: [], rejected: [], quarantined: [] }
    let docs = batch
    for (const s of this.#steps) {
      if (docs.length === 0) break
      const start = performance.now()
      s.stats.in += docs.length
      s.stats.bytes += textBytes(docs, s.step.config.column)
      docs = this.#apply(s, docs, outcome)
      s.stats.out += docs.length
      s.stats.ms += performance.now() - start
    }
    for (const doc of docs) outcome.kept.push(doc)
    return outcome
  }

  // The step over the batch; when it throws, over each document alone.
  #apply(s: Step, docs: Doc[], outcome: BatchOutcome): Doc[] {
    try {
      return this.#applyBatch(s, docs, outcome)
    } catch {
      const out: Doc[] = []
      for (const doc of docs) {
        try {
          for (const d of this.#applyBatch(s, [doc], outcome)) out.push(d)
        } catch (e) {
          s.stats.quarantined++
          outcome.quarantined.push({ ...doc, step: s.step.name, error: e instanceof Error ? e.message : String(e) })
        }
      }
      return out
    }
  }

  #applyBatch(s: Step, docs: Doc[], outcome: BatchOutcome): Doc[] {
    if (s.op.kind === 'mapper') return s.op.map(docs)
    if (s.op.kind === 'annotator') {
      const values = s.op.annotate(docs)
      for (let i = 0; i < docs.length; i++) Object.assign(docs[i]!, values[i])
      return docs
    }
    const verdicts = s.op.check(docs)
    if (this.#mode === 'tag') {
      for (let i = 0; i < docs.length; i++) docs[i]![s.tag] = verdicts[i]
      return docs
    }
    const kept: Doc[] = []
    for (let i = 0; i < docs.length; i++) {
      const reason = verdicts[i]
      if (reason === null || reason === undefined) {
        kept.push(docs[i]!)
        continue
      }
      s.stats.dropped[reason] = (s.stats.dropped[reason] ?? 0) + 1
      outcome.rejected.push({ ...docs[i], reason, step: s.step.name })
    }
    return kept
  }
}

/** Adds `more` into `into`, matching entries by step and phase; a new one is appended. */
export function mergeStepStats(into: StepStats[], more: readonly StepStats[]): void {
  for (const m of more) {
    const s = into.find((s) => s.step === m.step && s.phase === m.phase)
    if (!s) {
      into.push({ ...m, dropped: { ...m.dropped } })
      continue
    }
    s.in += m.in
    s.out += m.out
    s.quarantined += m.quarantined
    s.ms += m.ms
    s.bytes += m.bytes
    for (const [reason, n] of Object.entries(m.dropped)) s.dropped[reason] = (s.dropped[reason] ?? 0) + n
  }
}

/**
 * One entry per recipe step, in recipe order: a global step's key and apply phases become
 * one (in and bytes from keying, out and drops from applying, time of both plus
 * `decideMs[step]` spent at the barrier).
 */
export function foldPhases(stats: readonly StepStats[], steps: readonly RecipeStep[], decideMs: Readonly<Record<string, number>>): StepStats[] {
  return steps.flatMap((step) => {
    const mine = stats.filter((s) => s.step === step.name)
    if (!mine.some((s) => s.phase)) return mine
    const key = mine.find((s) => s.phase === 'key')
    const apply = mine.find((s) => s.phase === 'apply')
    return [{
      step: step.name,
      op: step.op,
      in: key?.in ?? 0,
      out: apply?.out ?? 0,
      dropped: apply?.dropped ?? {},
      quarantined: (key?.quarantined ?? 0) + (apply?.quarantined ?? 0),
      ms: (key?.ms ?? 0) + (decideMs[step.name] ?? 0) + (apply?.ms ?? 0),
      bytes: key?.bytes ?? 0,
    }]
  })
}

function textBytes(docs: readonly Doc[], column: unknown): number {
  const name = typeof column === 'string' ? column : 'text'
  let n = 0
  for (const doc of docs) {
    const v = doc[name]
    if (typeof v === 'string') n += Buffer.byteLength(v)
  }
  return n
}
