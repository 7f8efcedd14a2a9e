// Engine cases: what `runRecipe` costs over a plain scan-and-write of the same table, and how
// it scales from one worker thread to two. Every run writes a dataset of its own name, since
// the same recipe on the same input versions is a no-op by design. MB are UTF-8 bytes of the
// input documents' text; CPU seconds are the whole process's, worker threads included.
import { runRecipe, type RunDetails } from '../../src/exec/run.ts'
import { datasetStore } from '../../src/repo/repository.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { TableWriter, createTable } from '../../src/table/write.ts'
import type { BenchCase, BenchResult } from '../measure.ts'
import { bronzeRepository, type CorpusSize } from './engine-bronze.ts'

const MIB = 2 ** 20
// `strata run`'s default --task-mb.
const DEFAULT_TASK_BYTES = 64 * MIB
// The engine's rows per output file, so that the baseline writes files of the same size.
const ENGINE_FILE_ROWS = 20_000

/** The overhead cases' input: one ingestion of 200 MB of text per scale unit (one data file). */
const OVERHEAD_INPUT = { bytes: 200e6, shards: 1 }
/** The scaling cases' input: 100 MB of text per scale unit, ingested as 16 drops (16 data files). */
const SCALING_INPUT = { bytes: 100e6, shards: 16 }
const MIN_SCALING_TASKS = 8
/** The curation cases' input (quality filters, PII, the web-cleaning recipe): text bytes of the bench corpus, one data file. The datatrove peers read a prefix of the same corpus. */
export const CURATION_BYTES = 25e6
const CURATION_INPUT = { bytes: CURATION_BYTES, shards: 1 }

// datatrove's filter pipeline in the peer case, same order, defaults.
const QUALITY_STEPS = `
  - op: filter.gopher_repetition
  - op: filter.gopher_quality
  - op: filter.c4_quality
  - op: filter.fineweb_quality
`
// The web-cleaning recipe: normalization, English only, the quality filters, PII redacted.
const WEB_CLEAN_STEPS = `
  - op: mapper.normalize
  - op: filter.language
  - op: filter.gopher_quality
  - op: filter.gopher_repetition
  - op: filter.c4_quality
  - op: filter.fineweb_quality
  - op: mapper.pii
`

// Steps that leave every document as it is, so the run costs only the engine and the I/O.
const NOOP_STEPS = `
  - op: mapper.normalize
    form: none
    whitespace: false
    control: false
  - op: filter.expr
    expr: 'true'
`
// Steps that spend CPU on every character: NFKC plus a filter of several string functions.
const CPU_STEPS = `
  - op: mapper.normalize
    form: NFKC
  - op: filter.expr
    expr: "words(lower(text)) > 10 and not matches(text, '[Ll]orem [Ii]psum') and not contains(lower(text), 'click here') and length(text) < 200000"
`

const baseline: BenchCase = {
  name: 'engine-baseline',
  description: 'scan every row of a bronze table into a new table with a TableWriter, one commit, one thread: the engine overhead baseline (MB/s of document text)',
  async setup(scale) {
    const bronze = await bronzeRepository({ bytes: Math.round(OVERHEAD_INPUT.bytes * scale) }, OVERHEAD_INPUT.shards)
    let run = 0
    return {
      bytes: bronze.textBytes,
      items: bronze.docs,
      run: async () => {
        const input = await loadSnapshot(datasetStore(bronze.repo, 'bronze', 'bench'))
        const store = datasetStore(bronze.repo, 'silver', `baseline-${run++}`)
        await createTable(store, { schema: input.schema })
        const writer = await TableWriter.open(store, { fileRows: ENGINE_FILE_ROWS })
        let rows = 0
        for await (const batch of scan(input)) {
          rows += batch.length
          await writer.write(batch)
        }
        const result = await writer.commit()
        if (result.status !== 'committed' || rows !== bronze.docs) throw new Error(`engine-baseline: ${result.status}, copied ${rows} of ${bronze.docs} documents`)
        return { detail: { inputFiles: input.files.length, outputFiles: result.filesAdded } }
      },
      cleanup: bronze.close,
    }
  },
}

interface EngineSpec {
  readonly name: string
  readonly description: string
  readonly input: CorpusSize & { readonly shards: number }
  readonly steps: string
  readonly workers: number
  readonly maxTaskBytes: number
  readonly minTasks: number
  readonly large?: boolean
}

function engineCase(spec: EngineSpec): BenchCase {
  return {
    name: spec.name,
    description: `${spec.description} (MB/s of document text)`,
    large: spec.large,
    maxRuns: spec.large ? 1 : undefined,
    warmup: !spec.large,
    async setup(scale) {
      const bronze = await bronzeRepository('docs' in spec.input ? { docs: Math.round(spec.input.docs * scale) } : { bytes: Math.round(spec.input.bytes * scale) }, spec.input.shards)
      let run = 0
      return {
        bytes: bronze.textBytes,
        items: bronze.docs,
        run: async () => {
          const text = `input: bronze/bench\noutput: silver/${spec.name}-${run++}\nsteps:${spec.steps}`
          const summary = await runRecipe({ repo: bronze.repo, catalog: bronze.catalog, recipe: { text, file: `${spec.name}.yaml` }, workers: spec.workers, retries: 0, maxTaskBytes: spec.maxTaskBytes, actor: 'bench' })
          const details = summary.run.details as unknown as RunDetails
          const counts = details.counts?.[0]
          if (summary.status !== 'succeeded' || counts?.in !== bronze.docs) throw new Error(`${spec.name}: ${summary.status}, read ${counts?.in} of ${bronze.docs} documents`)
          if (details.tasks < spec.minTasks) throw new Error(`${spec.name}: the plan has ${details.tasks} tasks; the case needs at least ${spec.minTasks}`)
          return {
            detail: {
              workers: spec.workers,
              maxTaskBytes: spec.maxTaskBytes,
              tasks: details.tasks,
              kept: counts.kept,
              rejected: counts.rejected,
              quarantined: counts.quarantine,
              stepMs: Object.fromEntries((details.steps ?? []).map((s) => [s.step, Math.round(s.ms)])),
            },
          }
        },
        cleanup: bronze.close,
      }
    },
  }
}

const cpuSpec = {
  input: SCALING_INPUT,
  steps: CPU_STEPS,
  maxTaskBytes: 8 * MIB,
  minTasks: MIN_SCALING_TASKS,
} as const

/** The engine overhead pair (baseline, no-op recipe), a global step alone, and the scaling pair (CPU-bound recipe on 1 and 2 workers). */
export const engineCases: readonly BenchCase[] = [
  baseline,
  engineCase({
    name: 'engine-noop',
    description: 'runRecipe, 1 worker, 64 MiB tasks, no-op steps (normalize form none, filter.expr true) on the engine-baseline table',
    input: OVERHEAD_INPUT,
    steps: NOOP_STEPS,
    workers: 1,
    maxTaskBytes: DEFAULT_TASK_BYTES,
    minTasks: 1,
  }),
  engineCase({
    name: 'engine-dedup-exact',
    description: 'runRecipe, 1 worker, 64 MiB tasks, dedup.exact alone (two stages: key and stage, decide, apply) on the engine-baseline table',
    input: OVERHEAD_INPUT,
    steps: '\n  - op: dedup.exact\n',
    workers: 1,
    maxTaskBytes: DEFAULT_TASK_BYTES,
    minTasks: 1,
  }),
  engineCase({
    name: 'engine-quality-filters',
    description: "runRecipe, 1 worker, datatrove's filter pipeline as a recipe (Gopher repetition, Gopher quality, C4 quality, FineWeb quality) on 25 MB of the bench corpus",
    input: CURATION_INPUT,
    steps: QUALITY_STEPS,
    workers: 1,
    maxTaskBytes: DEFAULT_TASK_BYTES,
    minTasks: 1,
  }),
  engineCase({
    name: 'engine-pii',
    description: 'runRecipe, 1 worker, mapper.pii (every type, redacted) on 25 MB of the bench corpus',
    input: CURATION_INPUT,
    steps: '\n  - op: mapper.pii\n',
    workers: 1,
    maxTaskBytes: DEFAULT_TASK_BYTES,
    minTasks: 1,
  }),
  engineCase({
    name: 'engine-web-clean',
    description: 'runRecipe, 1 worker, the web-cleaning recipe (normalize, language en, Gopher quality + repetition, C4 quality, FineWeb quality, PII) on 25 MB of the bench corpus',
    input: CURATION_INPUT,
    steps: WEB_CLEAN_STEPS,
    workers: 1,
    maxTaskBytes: DEFAULT_TASK_BYTES,
    minTasks: 1,
  }),
  engineCase({
    name: 'engine-dedup-minhash',
    description: 'runRecipe, 1 worker, dedup.minhash alone (14 x 8, verified) on 25 MB of the bench corpus',
    input: CURATION_INPUT,
    steps: '\n  - op: dedup.minhash\n',
    workers: 1,
    maxTaskBytes: DEFAULT_TASK_BYTES,
    minTasks: 1,
  }),
  engineCase({
    name: 'engine-tokenize',
    description: 'runRecipe, 1 worker, tokenize (cl100k_base, end-of-text token) on 25 MB of the bench corpus: token ids written as a list column',
    input: CURATION_INPUT,
    steps: '\n  - op: tokenize\n    encoding: cl100k_base\n    eos: "<|endoftext|>"\n',
    workers: 1,
    maxTaskBytes: DEFAULT_TASK_BYTES,
    minTasks: 1,
  }),
  engineCase({
    name: 'large-dedup-minhash-1m',
    description: 'runRecipe, 2 workers, 64 MiB tasks, dedup.minhash alone (14 x 8, verified, memory_mb 2048: the keys outgrow it, so clustering runs from sorted band files on disk) on 1,000,000 documents of the bench corpus',
    input: { docs: 1_000_000, shards: 1 },
    steps: '\n  - op: dedup.minhash\n',
    workers: 2,
    maxTaskBytes: DEFAULT_TASK_BYTES,
    minTasks: 2,
    large: true,
  }),
  engineCase({ ...cpuSpec, name: 'engine-cpu-1-worker', description: 'runRecipe, 1 worker, 8 MiB tasks, NFKC + string-function filter on 16 data files', workers: 1 }),
  engineCase({ ...cpuSpec, name: 'engine-cpu-2-workers', description: 'runRecipe, 2 workers, 8 MiB tasks, NFKC + string-function filter on 16 data files', workers: 2 }),
]

/**
 * The engine comparisons among `results` as a Markdown table: the no-op run's overhead over
 * the baseline (wall and CPU time; target < 10%) and the CPU-bound run's wall-time speed-up
 * from 1 to 2 workers (target >= 1.8x). Empty when neither pair ran.
 */
export function engineReport(results: readonly BenchResult[]): string {
  const find = (name: string) => results.find((r) => r.name === name)
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`
  const rows: string[] = []
  const base = find('engine-baseline')
  const noop = find('engine-noop')
  if (base && noop) {
    rows.push(`| overhead, wall | engine-noop ÷ engine-baseline | ${noop.medianSeconds.toFixed(3)} s ÷ ${base.medianSeconds.toFixed(3)} s | ${pct(noop.medianSeconds / base.medianSeconds - 1)} | < +10% |`)
    rows.push(`| overhead, CPU (all threads) | engine-noop ÷ engine-baseline | ${noop.cpuSeconds.toFixed(3)} s ÷ ${base.cpuSeconds.toFixed(3)} s | ${pct(noop.cpuSeconds / base.cpuSeconds - 1)} | < +10% |`)
  }
  const one = find('engine-cpu-1-worker')
  const two = find('engine-cpu-2-workers')
  if (one && two) {
    rows.push(`| speed-up, 1 → 2 workers (${String(two.detail?.tasks)} tasks) | engine-cpu-1-worker ÷ engine-cpu-2-workers | ${one.medianSeconds.toFixed(3)} s ÷ ${two.medianSeconds.toFixed(3)} s | ${(one.medianSeconds / two.medianSeconds).toFixed(2)}x | >= 1.8x |`)
  }
  if (rows.length === 0) return ''
  return ['| engine | cases | median times | result | target |', '|---|---|---:|---:|---|', ...rows].join('\n')
}
