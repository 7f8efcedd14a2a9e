import { Ajv, type ValidateFunction } from 'ajv'
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import { closest } from '../core/closest.ts'
import { StrataError, isStrataError } from '../core/errors.ts'
import { OPERATORS } from '../ops/registry.ts'
import { parseDatasetId } from '../repo/repository.ts'
import { parseRef } from '../repo/ref.ts'

/**
 * One step of a recipe: an operator and its config, defaults applied. `name` identifies
 * the step in stats and in the `step` column: the operator's name, with `#2`, `#3`, …
 * for its later uses in the same recipe.
 */
export interface RecipeStep {
  readonly name: string
  readonly op: string
  readonly config: Readonly<Record<string, unknown>>
}

/**
 * A validated recipe. `input` refs are pinned to versions when a run starts; `mode: tag`
 * writes filter verdicts as columns and drops nothing; `gates` are stored for later
 * evaluation.
 */
export interface Recipe {
  readonly name: string | undefined
  readonly description: string | undefined
  readonly input: readonly string[]
  readonly output: string
  readonly mode: 'filter' | 'tag'
  readonly steps: readonly RecipeStep[]
  readonly gates: readonly string[]
}

/** A problem in a recipe: where (1-based line and column, when known), which field, what. */
export interface RecipeIssue {
  readonly line: number | undefined
  readonly column: number | undefined
  readonly field: string
  readonly message: string
}

const TOP_LEVEL = ['name', 'description', 'input', 'output', 'mode', 'steps', 'gates'] as const
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false })
const validators = new Map<string, ValidateFunction>()

/**
 * Parses and validates recipe YAML. Throws `invalid_recipe` listing every issue as
 * `<file>:<line>:<column>: <field>: <message>`.
 */
export function parseRecipe(text: string, file: string): Recipe {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  const fail = (issues: RecipeIssue[]) =>
    new StrataError('invalid_recipe', issues.map((i) => `${file}:${i.line ?? '?'}:${i.column ?? '?'}: ${i.field ? `${i.field}: ` : ''}${i.message}`).join('\n'))
  if (doc.errors.length > 0) {
    throw fail(doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0])
      return { line, column: col, field: '', message: e.message.split('\n')[0]! }
    }))
  }
  const value: unknown = doc.toJS()
  const { recipe, issues } = checkRecipe(value)
  if (issues.length > 0) {
    const located = issues.map((i) => ({ ...i, ...locate(doc, lineCounter, i.field) }))
    throw fail(located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)))
  }
  return recipe!
}

/**
 * Validates a recipe given as a plain object (the TypeScript way to write one). Returns the
 * recipe with defaults applied, or the issues (fields as paths such as `steps[1].min_words`).
 */
export function checkRecipe(value: unknown): { recipe?: Recipe; issues: RecipeIssue[] } {
  const issues: RecipeIssue[] = []
  const issue = (field: string, message: string) => issues.push({ line: undefined, column: undefined, field, message })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issue('', 'a recipe must be a mapping with input, output and steps')
    return { issues }
  }
  const r = value as Record<string, unknown>
  for (const key of Object.keys(r)) {
    if (!(TOP_LEVEL as readonly string[]).includes(key)) {
      const guess = closest(key, TOP_LEVEL)
      issue(key, `unknown field${guess ? `; did you mean '${guess}'?` : `; fields are ${TOP_LEVEL.join(', ')}`}`)
    }
  }
  const optionalText = (key: 'name' | 'description') => {
    if (r[key] !== undefined && typeof r[key] !== 'string') issue(key, 'must be a string')
    return typeof r[key] === 'string' ? r[key] : undefined
  }
  const name = optionalText('name')
  const description = optionalText('description')
  const input = typeof r.input === 'string' ? [r.input] : r.input
  if (!Array.isArray(input) || input.length === 0) issue('input', 'required: a dataset ref or a list of them, e.g. bronze/web')
  else input.forEach((ref, i) => checkInput(ref, Array.isArray(r.input) ? `input[${i}]` : 'input', issue))
  if (typeof r.output !== 'string') issue('output', 'required: the dataset to write, e.g. silver/web-clean')
  else if (!parseDatasetId(r.output) || r.output.startsWith('bronze/')) issue('output', `'${r.output}' is not a silver or gold dataset; write silver/<name> or gold/<name>`)
  const mode = r.mode ?? 'filter'
  if (mode !== 'filter' && mode !== 'tag') issue('mode', `must be 'filter' or 'tag', not '${String(mode)}'`)
  const gates = r.gates ?? []
  if (!Array.isArray(gates) || gates.some((g) => typeof g !== 'string')) issue('gates', 'must be a list of expressions such as "drop_rate < 0.6"')
  const steps: RecipeStep[] = []
  if (!Array.isArray(r.steps) || r.steps.length === 0) issue('steps', 'required: a non-empty list of operators, e.g. - op: filter.length')
  else r.steps.forEach((s, i) => {
    const step = checkStep(s, `steps[${i}]`, issue)
    if (!step) return
    const uses = steps.filter((t) => t.op === step.op).length
    steps.push({ name: uses === 0 ? step.op : `${step.op}#${uses + 1}`, ...step })
    const weights = step.op === 'mix' ? (step.config.weights as unknown[]) : undefined
    if (weights && Array.isArray(input) && weights.length !== input.length) issue(`steps[${i}].weights`, `has ${weights.length} weights for ${input.length} inputs; give one per input, in the order of input`)
  })
  if (issues.length > 0) return { issues }
  return {
    recipe: Object.freeze({ name, description, input: input as string[], output: r.output as string, mode: mode as 'filter' | 'tag', steps, gates: gates as string[] }),
    issues,
  }
}

function checkInput(ref: unknown, field: string, issue: (field: string, message: string) => void): void {
  if (typeof ref !== 'string') return issue(field, 'must be a dataset ref such as bronze/web or bronze/web@3')
  try {
    if (parseRef(ref).kind !== 'dataset') issue(field, `'${ref}' is not a dataset of the repository; write <zone>/<name>[@version]`)
  } catch (e) {
    if (!isStrataError(e)) throw e
    issue(field, e.message)
  }
}

function checkStep(value: unknown, field: string, issue: (field: string, message: string) => void): Omit<RecipeStep, 'name'> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return void issue(field, 'must be a mapping with an op, e.g. op: filter.length')
  const { op, ...config } = value as Record<string, unknown>
  if (typeof op !== 'string') return void issue(`${field}.op`, 'required: the operator name, e.g. filter.length')
  const spec = OPERATORS.get(op)
  if (!spec) {
    const guess = closest(op, OPERATORS.keys())
    return void issue(`${field}.op`, `unknown operator '${op}'${guess ? `; did you mean '${guess}'?` : `; known: ${[...OPERATORS.keys()].join(', ')}`}`)
  }
  let validate = validators.get(op)
  if (!validate) validators.set(op, (validate = ajv.compile(spec.config)))
  if (!validate(config)) {
    for (const e of validate.errors ?? []) {
      const key = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined
      const path = e.instancePath.split('/').filter(Boolean).join('.')
      if (key !== undefined) {
        const guess = closest(key, Object.keys(spec.config.properties))
        issue(`${field}.${key}`, `unknown option of ${op}${guess ? `; did you mean '${guess}'?` : `; options: ${Object.keys(spec.config.properties).join(', ')}`}`)
      } else {
        issue(path ? `${field}.${path}` : field, `${e.message ?? 'is not valid'}`)
      }
    }
    return undefined
  }
  // Creating the operator checks what a schema cannot, such as whether an expression parses.
  try {
    spec.create(config as never)
  } catch (e) {
    if (!isStrataError(e)) throw e
    return void issue(`${field}`, e.message)
  }
  return { op, config: Object.freeze(config) }
}

// Maps a field path such as `steps[1].min_words` to the YAML node that holds it; a missing
// field points at its parent, so the line is still the right neighbourhood.
function locate(doc: Document, counter: LineCounter, field: string): { line: number | undefined; column: number | undefined } {
  const path = field === '' ? [] : field.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)
    const keyNode = n > 0 ? keyOf(doc, path.slice(0, n)) : undefined
    const range = (keyNode ?? (node as { range?: [number, number, number] } | null))?.range
    if (range) {
      const { line, col } = counter.linePos(range[0])
      return { line, column: col }
    }
  }
  return { line: undefined, column: undefined }
}

// The key node of a mapping entry, so that errors point at `min_words:` rather than its value.
function keyOf(doc: Document, path: (string | number)[]): { range?: [number, number, number] } | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true)
  const last = path.at(-1)
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last)
    return (pair?.key as { range?: [number, number, number] } | undefined) ?? undefined
  }
  if (isSeq(parent) && typeof last === 'number') return parent.items[last] as { range?: [number, number, number] } | undefined
  return undefined
}

/** The JSON Schema of recipes, generated from the operator registry (for editors and `strata recipe schema`). */
export function recipeSchema(): Record<string, unknown> {
  const ref = { type: 'string', pattern: '^(bronze|silver|gold)/[A-Za-z0-9][A-Za-z0-9._-]*(@.+)?$' }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Strata recipe',
    type: 'object',
    required: ['input', 'output', 'steps'],
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      description: { type: 'string' },
      input: { oneOf: [ref, { type: 'array', items: ref, minItems: 1 }] },
      output: { type: 'string', pattern: '^(silver|gold)/[A-Za-z0-9][A-Za-z0-9._-]*$' },
      mode: { enum: ['filter', 'tag'], default: 'filter' },
      steps: {
        type: 'array',
        minItems: 1,
        items: {
          oneOf: [...OPERATORS.values()].map((spec) => ({
            type: 'object',
            description: `${spec.summary} (${spec.kind}, config version ${spec.version})`,
            required: ['op'],
            additionalProperties: false,
            properties: { op: { const: spec.name }, ...spec.config.properties },
          })),
        },
      },
      gates: { type: 'array', items: { type: 'string' } },
    },
  }
}
