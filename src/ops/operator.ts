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
 * of the rejected table). A filter that also cleans what it keeps (C4's line filter, HTML
 * extraction) may rewrite a document's columns in place; a batch that throws is retried
 * document by document, so a filter that rewrites must not throw half-way through a batch.
 */
export interface FilterOperator {
  readonly kind: 'filter'
  /** Columns the filter sets on the documents it keeps (HTML extraction's title), which join the output schema. */
  readonly columns?: readonly StructField[]
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

/** What a global operator decided for one document: a reason to drop it (or null to keep it), and the values of its columns. */
export interface Verdict {
  readonly reason: string | null
  readonly values: Readonly<Record<string, unknown>>
}

/**
 * Decides over the whole input at once, as deduplication must. The engine runs it in
 * three phases: `key` shard by shard in the workers (one key per document, in batch
 * order, such as a hash of the text and the document's id); `decide` at a barrier, over
 * every key in a deterministic order (task, then row), returning verdicts by a key's
 * position in that order; then it applies the verdicts to the documents. A document
 * without a verdict is kept with its `columns` null.
 */
export interface GlobalOperator {
  readonly kind: 'global'
  readonly columns: readonly StructField[]
  /** The keys of a batch of documents that came from the recipe's `input` number `input`. */
  key(batch: readonly Doc[], input: number): Uint8Array[]
  decide(keys: AsyncIterable<Uint8Array>, context: DecideContext): Promise<Map<number, Verdict>>
  /**
   * Rewrites a document its verdict keeps, in the apply phase (sentence dedup cuts the
   * spans `decide` found repeated, which only the document's text can say where they
   * are); returns a reason to drop it after all, or null. `verdict.values` may carry what
   * it needs besides `columns`.
   */
  rewrite?(doc: Doc, verdict: Verdict): string | null
}

/** What a global operator's barrier may use besides the keys. */
export interface DecideContext {
  /** Bytes of all the keys together: to choose between deciding in memory and spilling to disk. */
  readonly keyBytes: number
  /** A folder of its own for files larger than memory, removed with the run's staging area. */
  readonly scratch: string
  /**
   * Where a step that keeps an index writes it (the documents it saw, with those of
   * `against`), which the engine keeps with the output's version; absent outside a run.
   */
  readonly index?: string
  /** The index of the dataset version the step's `against` config names, whose documents come before the input's. */
  readonly against?: AgainstIndex
}

/** A dedup index to deduplicate against: its folder, and the dataset version it belongs to (`silver/web@3`), for messages. */
export interface AgainstIndex {
  readonly dir: string
  readonly dataset: string
}

/** A shard-local operator: what the engine streams batches through. */
export type LocalOperator = MapperOperator | FilterOperator | AnnotatorOperator

export type Operator = LocalOperator | GlobalOperator

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
 * already validated against `config`, with defaults applied; it must be cheap, since
 * checking a recipe creates every step's operator, so heavy resources belong in `load`.
 */
export interface OperatorSpec<C = Record<string, unknown>> {
  readonly name: string
  readonly kind: OperatorKind
  readonly version: number
  readonly summary: string
  readonly config: ConfigSchema
  readonly create: (config: C) => Operator
  /**
   * Loads what the operator needs before it can run (a model, an index built from files
   * its config names); the engine awaits it in each worker thread before creating the
   * operator, and `check`/`map`/`annotate` may then rely on it. Repeated calls with the
   * same config must cost nothing.
   */
  load?(config: C): Promise<void>
}
