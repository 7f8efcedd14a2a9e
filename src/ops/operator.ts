import type { StructField } from '../table/schema.ts'

/** A document as operators see it: the dataset's columns by name. */
export type Doc = Record<string, unknown>

/**
 * Rewrites documents: returns one document per input, in order (new objects; inputs are
 * not mutated). Deterministic: the same batch gives the same output.
 */
export interface MapperOperator {
  readonly kind: 'mapper'
  map(batch: readonly Doc[]): Doc[]
}

/**
 * Judges documents: for each input, `null` to keep it or the reason to drop it (a short
 * snake_case name such as `too_short`, which becomes a counter and the `reason` column
 * of the rejected table).
 */
export interface FilterOperator {
  readonly kind: 'filter'
  check(batch: readonly Doc[]): (string | null)[]
}

/**
 * Measures documents: for each input, the values of `columns` (by name), which the engine
 * adds to the document — signals such as lengths or scores that later steps, or a later
 * recipe, can filter on.
 */
export interface AnnotatorOperator {
  readonly kind: 'annotator'
  readonly columns: readonly StructField[]
  annotate(batch: readonly Doc[]): Record<string, unknown>[]
}

/** A shard-local operator: what the engine streams batches through. */
export type Operator = MapperOperator | FilterOperator | AnnotatorOperator

export type OperatorKind = Operator['kind']

/** A JSON Schema (draft-07 subset) describing an operator's config object. */
export type ConfigSchema = {
  readonly type: 'object'
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  readonly required?: readonly string[]
  readonly additionalProperties: false
}

/**
 * A registered operator: its name (`filter.length`), kind, config schema version, a
 * one-line summary, the schema of its config, and a factory. `create` receives a config
 * already validated against `config`, with defaults applied.
 */
export interface OperatorSpec<C = Record<string, unknown>> {
  readonly name: string
  readonly kind: OperatorKind
  readonly version: number
  readonly summary: string
  readonly config: ConfigSchema
  readonly create: (config: C) => Operator
}
