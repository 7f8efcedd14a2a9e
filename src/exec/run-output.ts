import { StrataError, isStrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import { operatorSpec } from '../ops/registry.ts'
import type { AddAction } from '../table/actions.ts'
import { readCommit } from '../table/commit-file.ts'
import type { StructField, StructType } from '../table/schema.ts'
import { TableWriter, createTable } from '../table/write.ts'
import type { Recipe } from './recipe.ts'
import { tagColumn } from './step-chain.ts'
import { OUTPUT_KINDS, type OutputKind } from './output-kinds.ts'

/** The version each output table was committed at; null for a companion that never held a row. */
export type OutputVersions = Readonly<Record<OutputKind, number | null>>

const column = (name: string, nullable: boolean): StructField => ({ name, type: 'string', nullable, metadata: {} })

/**
 * The schemas of a run's three tables. Kept: the inputs' columns (united by name; a column
 * some input lacks is nullable), plus in tag mode one verdict column per filter or global
 * step. Annotators, global steps and filters that declare columns add them in both modes.
 * Rejected: the kept columns plus `reason` and `step`. Quarantine: the kept columns, all
 * nullable (a document may fail half-way), plus `step` and `error`.
 */
export function outputSchemas(inputs: readonly StructType[], recipe: Recipe): Record<OutputKind, StructType> {
  const fields = new Map<string, StructField>()
  inputs.forEach((schema, i) => {
    for (const f of schema.fields) {
      const seen = fields.get(f.name)
      if (seen && JSON.stringify(seen.type) !== JSON.stringify(f.type)) {
        throw new StrataError('schema_mismatch', `column '${f.name}' is ${JSON.stringify(seen.type)} in one input and ${JSON.stringify(f.type)} in ${recipe.input[i]}; inputs must agree on the types of the columns they share`)
      }
      fields.set(f.name, seen ? { ...seen, nullable: seen.nullable || f.nullable } : f)
    }
  })
  for (const [name, f] of fields) if (!inputs.every((s) => s.fields.some((g) => g.name === name))) fields.set(name, { ...f, nullable: true })
  for (const step of recipe.steps) {
    const spec = operatorSpec(step.op)
    if ((spec.kind === 'filter' || spec.kind === 'global') && recipe.mode === 'tag') fields.set(tagColumn(step), column(tagColumn(step), true))
    const op = spec.kind === 'mapper' ? undefined : spec.create(step.config as never)
    if (op && op.kind !== 'mapper') for (const f of op.columns ?? []) fields.set(f.name, f)
  }
  const kept = [...fields.values()]
  const extra = (names: readonly string[]) => {
    for (const n of names) if (fields.has(n)) throw new StrataError('schema_mismatch', `the inputs have a column '${n}', which the run's companion tables use for their own; rename it first`)
    return names.map((n) => column(n, false))
  }
  return {
    kept: { type: 'struct', fields: kept },
    rejected: { type: 'struct', fields: [...kept, ...extra(['reason', 'step'])] },
    quarantine: { type: 'struct', fields: [...kept.map((f) => ({ ...f, nullable: true })), ...extra(['step', 'error'])] },
  }
}

export interface OutputCommit {
  readonly stores: Readonly<Record<OutputKind, BlobStore>>
  /** `zone/name` of each table, for messages. */
  readonly names: Readonly<Record<OutputKind, string>>
  readonly schemas: Readonly<Record<OutputKind, StructType>>
  readonly files: Readonly<Record<OutputKind, readonly AddAction[]>>
  /** The run's txn id (one per run): a table that already holds it is not committed again. */
  readonly appId: string
  readonly strata: Readonly<Record<string, unknown>>
}

/**
 * Commits a run's files, each table as one version that replaces its previous contents:
 * quarantine, rejected, then the output. A table already holding the run's txn (an earlier
 * attempt of the same run got that far) is left as it is and its version found. A
 * companion with no files and no table stays absent.
 */
export async function commitOutputs(c: OutputCommit): Promise<OutputVersions> {
  const versions: Partial<Record<OutputKind, number | null>> = {}
  for (const kind of [...OUTPUT_KINDS].reverse()) {
    const store = c.stores[kind]
    const files = c.files[kind]
    const options = { mode: 'overwrite', operation: 'RUN', txns: [{ appId: c.appId, version: 1 }], schema: c.schemas[kind] } as const
    let writer: TableWriter
    try {
      writer = await TableWriter.open(store, options)
    } catch (e) {
      if (!isStrataError(e, 'not_a_table')) throw e
      if (files.length === 0 && kind !== 'kept') {
        versions[kind] = null
        continue
      }
      await createTable(store, { schema: c.schemas[kind], name: c.names[kind] })
      writer = await TableWriter.open(store, options)
    }
    if (writer.alreadyCommitted) {
      versions[kind] = await versionOf(store, c.appId, writer.snapshot.version)
      continue
    }
    writer.addFiles(files)
    const result = await writer.commit({ strata: c.strata })
    if (result.status === 'conflict') throw new StrataError('conflict', `${c.names[kind]}: another writer committed first (${result.reason}); run the recipe again to resume`)
    versions[kind] = result.version
  }
  return versions as OutputVersions
}

// The version whose commit holds the txn, searched from the newest: the run's own commit.
async function versionOf(store: BlobStore, appId: string, latest: number): Promise<number> {
  for (let v = latest; v >= 0; v--) {
    if ((await readCommit(store, v))?.some((a) => a.kind === 'txn' && a.appId === appId)) return v
  }
  throw new StrataError('corrupt_log', `${store.describe('')}: the txn '${appId}' is in the table state but in no commit file; the log was altered`)
}
