import { canonicalJson } from '../../catalog/audit-chain.ts'
import type { StructField } from '../../table/schema.ts'
import type { OperatorSpec } from '../operator.ts'
import { NgramIndex, type BenchmarkSource } from './ngram-index.ts'

export interface DecontaminateConfig {
  readonly column: string
  readonly benchmarks: readonly BenchmarkSource[]
  readonly ngram: number
  readonly action: 'drop' | 'tag'
}

const CONTAMINATION: StructField = { name: 'contamination', type: 'string', nullable: true, metadata: {} }

// The indexes of this thread, by benchmarks and n: each is built once however many tasks use it.
const building = new Map<string, Promise<NgramIndex>>()
const built = new Map<string, NgramIndex>()
const indexKey = (c: DecontaminateConfig) => canonicalJson({ n: c.ngram, benchmarks: c.benchmarks })

/**
 * `decontaminate`: drops (or, with `action: tag`, marks) documents that share an n-gram of
 * `ngram` normalized words (13 by default) with a benchmark's text, so evaluation sets do
 * not leak into training data. Benchmarks are JSONL or Parquet files with the fields to
 * index (GSM8K `question`, `answer`; HumanEval `prompt`, `canonical_solution`); the index
 * is built when the step loads, once per worker thread. A dropped document's reason
 * names the first benchmark it matches (`contaminated_gsm8k`), so the run's step stats
 * count matches per benchmark; `contamination` lists every benchmark matched.
 */
export const decontaminate: OperatorSpec<DecontaminateConfig> = {
  name: 'decontaminate',
  kind: 'filter',
  version: 1,
  summary: 'drop or tag documents sharing a 13-word n-gram with benchmark files (GSM8K, HumanEval, ...)',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      benchmarks: {
        type: 'array',
        minItems: 1,
        maxItems: 31,
        description: 'the benchmarks to protect',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string', pattern: '^[a-z0-9_]+$', description: 'names the benchmark in reasons (contaminated_<name>) and in the contamination column' },
            path: { type: 'string', minLength: 1, description: 'a JSONL or Parquet file (.gz and .zst too); relative to the working directory' },
            fields: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'the fields whose text is indexed' },
          },
          required: ['name', 'path', 'fields'],
          additionalProperties: false,
        },
      },
      ngram: { type: 'integer', minimum: 3, default: 13, description: 'words per n-gram' },
      action: { enum: ['drop', 'tag'], default: 'drop', description: 'drop contaminated documents, or keep them with the contamination column set' },
    },
    required: ['benchmarks'],
    additionalProperties: false,
  },
  load: async (c) => {
    const key = indexKey(c)
    if (!building.has(key)) building.set(key, NgramIndex.build(c.ngram, c.benchmarks).then((index) => built.set(key, index).get(key)!))
    await building.get(key)
  },
  create: (c) => {
    const key = indexKey(c)
    return {
      kind: 'filter',
      columns: [CONTAMINATION],
      check: (batch) => {
        const index = built.get(key)
        // A programming error, not a user's: the engine awaits the spec's load before running a step.
        if (!index) throw new Error(`decontaminate: the benchmark index is not loaded; await the spec's load(config) first`)
        const names = index.names
        return batch.map((doc) => {
          const text = doc[c.column]
          const found = typeof text === 'string' ? index.match(text) : 0
          doc[CONTAMINATION.name] = found === 0 ? null : names.filter((_, i) => found & (1 << i)).join(',')
          if (found === 0 || c.action === 'tag') return null
          return `contaminated_${names[31 - Math.clz32(found & -found)]}`
        })
      },
    }
  },
}
