import { StrataError } from '../../core/errors.ts'
import type { StructField } from '../../table/schema.ts'
import type { Doc, OperatorSpec, Verdict } from '../operator.ts'
import { DrawCuts } from './draw-cuts.ts'
import { MAX_INPUTS, MIX_KEY_BYTES, MixKeys, writeMixKey } from './mix-keys.ts'
import { mixRates } from './mix-rates.ts'

export interface MixConfig {
  /** One per recipe input, in order; normalized to sum 1. */
  readonly weights: readonly number[]
  readonly by: 'tokens' | 'documents'
  /** The train split's size in `by` units; absent: the largest mixture that repeats no input. */
  readonly budget?: number
  readonly max_repeats: number
  readonly seed: number
  readonly validation: number
  readonly id_column: string
  readonly token_column: string
}

const COPIES: StructField = { name: 'mix_copies', type: 'integer', nullable: true, metadata: {} }
const SPLIT: StructField = { name: 'split', type: 'string', nullable: true, metadata: {} }
const SHUFFLE_KEY: StructField = { name: 'shuffle_key', type: 'long', nullable: true, metadata: {} }
const SAMPLED_OUT: Verdict = Object.freeze({ reason: 'mix_sampled_out', values: Object.freeze({}) })

/**
 * `mix`: a mixture of the recipe's inputs by weight, in tokens (`token_count`, from a
 * `tokenize` step) or documents. Each document's id, hashed with `seed`, decides it all:
 * ids hashing below `validation` form the validation split, kept once each and outside
 * the shares; the train split takes from input i the share w_i of `budget` (without one,
 * the largest mixture that repeats no input), so its documents get r_i = target / size
 * copies on average, at most `max_repeats`: floor(r_i) each, and one more for those whose
 * draw falls below a cut placed so that the extra copies hold frac(r_i) of the input's
 * size (see `DrawCuts`); each input's tokens (or documents) then meet its target to half
 * a document, unless capped. A train document left with no copy is dropped as
 * `mix_sampled_out`, as is every document of an input weighted 0, validation or not.
 * Kept documents carry `mix_copies`, `split` (`train` or `validation`) and
 * `shuffle_key`, a uniform integer in [0, 2^53): an export writes copy j (0-based) of
 * each document at the rank of mix64(shuffle_key, j) among all copies of its split, so
 * copies of a document scatter through the shuffle. The same seed gives the same splits,
 * samples and keys; a document keeps its split under any weights, budget or other inputs.
 */
export const mix: OperatorSpec<MixConfig> = {
  name: 'mix',
  kind: 'global',
  version: 1,
  summary: 'mix the recipe inputs by weight in tokens or documents, to a budget, with a seeded validation split and shuffle keys',
  config: {
    type: 'object',
    properties: {
      weights: { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 1, maxItems: MAX_INPUTS, description: "one weight per recipe input, in the input list's order; normalized to sum 1" },
      by: { enum: ['tokens', 'documents'], default: 'tokens', description: 'what the weights and the budget count: tokens (token_column; tokenize first) or documents' },
      budget: { type: 'number', exclusiveMinimum: 0, description: "the train split's size in tokens or documents; default: the largest mixture in which no input is repeated" },
      max_repeats: { type: 'number', minimum: 1, default: 4, description: 'the most copies of a document an input may get on average (its rate is capped here, so it may fall short of its share)' },
      seed: { type: 'integer', default: 0, description: 'picks the validation split, the samples and the shuffle keys' },
      validation: { type: 'number', minimum: 0, maximum: 1, default: 0, description: 'the fraction of documents (by id hash) that form the validation split, kept once each' },
      id_column: { type: 'string', default: 'id', description: 'the column whose value, hashed with the seed, decides a document' },
      token_column: { type: 'string', default: 'token_count', description: "the document's token count, with by: tokens" },
    },
    required: ['weights'],
    additionalProperties: false,
  },
  create: (c) => {
    if (!c.weights.some((w) => w > 0)) throw new StrataError('invalid_argument', `mix: weights [${c.weights.join(', ')}] are all 0; give at least one input a positive weight`)
    const sizeOf = c.by === 'documents' ? () => 1 : (doc: Doc, id: string) => tokenCount(doc, id, c.token_column)
    return {
      kind: 'global',
      columns: [COPIES, SPLIT, SHUFFLE_KEY],
      key: (batch, input) => {
        const bytes = Buffer.allocUnsafe(batch.length * MIX_KEY_BYTES)
        const keys: Uint8Array[] = []
        for (let i = 0; i < batch.length; i++) {
          const doc = batch[i]!
          const raw = doc[c.id_column]
          if (raw === null || raw === undefined || typeof raw === 'object') {
            throw new StrataError('invalid_argument', `mix: a document of the recipe's input number ${input + 1} has no id in column '${c.id_column}' (${found(raw)}); mix draws splits and samples from ids`)
          }
          const id = String(raw)
          // An input past the last a key can name is one past the weights too, which decide reports.
          writeMixKey(bytes, i * MIX_KEY_BYTES, Math.min(input, MAX_INPUTS), sizeOf(doc, id), c.seed, id)
          keys.push(bytes.subarray(i * MIX_KEY_BYTES, (i + 1) * MIX_KEY_BYTES))
        }
        return keys
      },
      decide: async (keys, context) => {
        const table = new MixKeys(Math.ceil(context.keyBytes / MIX_KEY_BYTES))
        for await (const key of keys) table.add(key)
        const n = c.weights.length
        const documents = new Float64Array(n)
        const available = new Float64Array(n)
        for (let i = 0; i < table.count; i++) {
          const input = table.input(i)
          if (input >= n) throw new StrataError('invalid_argument', `mix: weights has ${n} entries, but documents come from the recipe's input number ${input + 1}; give one weight per recipe input, in order`)
          documents[input]!++
          if (!table.isValidation(i, c.validation)) available[input]! += table.size(i)
        }
        for (let k = 0; k < n; k++) {
          if (documents[k] === 0) throw new StrataError('invalid_argument', `mix: weights has ${n} entries, but the recipe's input number ${k + 1} has no documents at this step; give one weight per recipe input, each with documents left by the steps before mix`)
          if (c.weights[k]! > 0 && available[k] === 0) {
            throw new StrataError('invalid_argument', `mix: the recipe's input number ${k + 1} has ${documents[k]} documents but no ${c.by} in the train split (validation: ${c.validation}); give it weight 0 or keep more of it for training`)
          }
        }
        const rates = mixRates({ available, weights: c.weights, budget: c.budget, maxRepeats: c.max_repeats })
        const cuts = new DrawCuts(n)
        for (let i = 0; i < table.count; i++) if (!table.isValidation(i, c.validation)) cuts.add(table.input(i), table.draw(i), table.size(i))
        cuts.locate(rates.map((rate) => rate - Math.floor(rate)))
        for (let i = 0; i < table.count; i++) if (!table.isValidation(i, c.validation)) cuts.refine(table.input(i), table.draw(i), table.size(i))
        const cut = rates.map((_, k) => cuts.cut(k))
        const verdicts = new Map<number, Verdict>()
        for (let i = 0; i < table.count; i++) {
          const input = table.input(i)
          const validation = table.isValidation(i, c.validation)
          const copies = c.weights[input] === 0 ? 0 : validation ? 1 : Math.floor(rates[input]!) + (table.draw(i) < cut[input]! ? 1 : 0)
          verdicts.set(
            i,
            copies === 0 ? SAMPLED_OUT : { reason: null, values: { mix_copies: copies, split: validation ? 'validation' : 'train', shuffle_key: table.shuffleKey(i) } },
          )
        }
        return verdicts
      },
    }
  },
}

// A document's size in tokens: a non-negative number (or bigint, as Parquet reads longs).
function tokenCount(doc: Doc, id: string, column: string): number {
  const value = doc[column]
  const n = typeof value === 'bigint' ? Number(value) : value
  if (typeof n === 'number' && n >= 0 && n < Infinity) return n
  throw new StrataError('invalid_argument', `mix: document '${id}' has no token count in column '${column}' (${found(value)}); by: tokens needs a tokenize step before mix in the recipe`)
}

function found(value: unknown): string {
  if (value === undefined) return 'the column is missing'
  if (value === null) return 'null'
  if (typeof value === 'number' || typeof value === 'bigint') return `found ${value}`
  return `found a value of type ${typeof value}`
}
