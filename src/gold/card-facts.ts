import { parse as parseYaml } from 'yaml'
import type { Catalog, IngestionRecord } from '../catalog/catalog.ts'
import { lineageGraph } from '../exec/lineage.ts'
import type { RunDetails } from '../exec/run.ts'
import type { Doc } from '../ops/operator.ts'
import { scan } from '../table/scan.ts'
import type { StructType } from '../table/schema.ts'
import type { Snapshot } from '../table/snapshot.ts'
import { cardLicense, hfLicense } from './hf-license.ts'
import { exportSplits, copiesOf, splitOf, type ExportColumns } from './export-rows.ts'

/**
 * Counts over a set of documents. `documents` counts each document as often as an export
 * writes it (`mix_copies` times, else once), as do `textBytes` and `tokens`; `rows` counts
 * the table's rows. `textBytes` are UTF-8 bytes of `text` (null without that column);
 * `tokens` sums `token_count` (else the length of `tokens`; null without either).
 */
export interface CountFacts {
  readonly documents: number
  readonly rows: number
  readonly textBytes: number | null
  readonly tokens: number | null
}

export interface SplitFacts extends CountFacts {
  readonly split: string
}

/** One value of the `source` column: its counts, its shares of the dataset's documents and tokens, the licenses its documents carry. */
export interface SourceFacts extends CountFacts {
  readonly source: string | null
  readonly documentShare: number
  readonly tokenShare: number | null
  readonly licenses: readonly string[]
}

/** What one step of a run did: documents in and out, dropped per reason, quarantined. */
export interface StepFacts {
  readonly step: string
  readonly op: string
  readonly in: number
  readonly out: number
  readonly dropped: Readonly<Record<string, number>>
  readonly quarantined: number
}

/** A run of the lineage: the recipe it ran, on which input versions, and its step statistics. */
export interface RunFacts {
  readonly id: string
  readonly name: string | null
  readonly status: string
  readonly startedAt: string
  readonly finishedAt: string | null
  readonly inputs: readonly string[]
  readonly recipe: string
  readonly steps: readonly StepFacts[]
}

/** A batch ingested into bronze upstream of the version. */
export interface IngestionFacts {
  readonly id: string
  readonly dataset: string
  readonly source: string
  readonly license: string
  readonly files: number
  readonly rawBytes: number
  readonly documents: number
  readonly quarantined: number
  readonly at: string
  readonly tableVersion: number | null
}

/** What the catalog knows of how a version was made. */
export interface Provenance {
  /** The run that wrote the version, or null (written outside a run, or not recorded). */
  readonly run: RunFacts | null
  /** The other runs upstream, nearest first. */
  readonly upstream: readonly RunFacts[]
  readonly ingestions: readonly IngestionFacts[]
}

/** The facts behind a dataset card: what `strata card --json` prints. */
export interface CardFacts {
  /** `zone/name` of a dataset, or the table folder's path. */
  readonly dataset: string
  readonly version: number
  /** The version's commit time, ISO 8601. */
  readonly committedAt: string
  readonly columns: readonly string[]
  /** The card's license: the Hugging Face identifier all documents share, else `other`. */
  readonly license: string
  /** The `license` column's values, most documents first, with their Hugging Face identifiers (null when the Hub has none). */
  readonly licenses: readonly { readonly license: string; readonly hf: string | null; readonly documents: number }[]
  /** Values of the `language` (else `lang`) column, most documents first; null without such a column. */
  readonly languages: readonly { readonly language: string; readonly documents: number }[] | null
  /** Hugging Face's size bucket of `total.documents`, e.g. `1K<n<10K`. */
  readonly sizeCategory: string
  /** Whether documents are written `mix_copies` times and in the order of `shuffle_key`. */
  readonly copies: boolean
  readonly shuffled: boolean
  /** The tokenizer of the nearest `tokenize` step upstream (its encoding or tokenizer file), or null. */
  readonly tokenizer: string | null
  readonly total: CountFacts
  readonly splits: readonly SplitFacts[]
  /** By `source`, most documents first; empty without a `source` column. */
  readonly sources: readonly SourceFacts[]
  readonly run: RunFacts | null
  readonly upstream: readonly RunFacts[]
  readonly ingestions: readonly IngestionFacts[]
}

interface Counter {
  documents: number
  rows: number
  textBytes: number
  tokens: number
}

const counter = (): Counter => ({ documents: 0, rows: 0, textBytes: 0, tokens: 0 })

/**
 * Counts documents as an export writes them, row by row: per split, per source, per
 * license and per language. `columns` are those of the table it reads; `add` takes rows
 * holding at least `VersionTally.columns(schema)`.
 */
export class VersionTally {
  readonly #has: ExportColumns & { readonly text: boolean; readonly source: boolean; readonly license: boolean; readonly tokenCount: boolean; readonly tokens: boolean }
  readonly #language: string | undefined
  readonly #label: string
  readonly #splits = new Map<string, Counter>()
  readonly #sources = new Map<string | null, Counter & { licenses: Map<string, number> }>()
  readonly #licenses = new Map<string, number>()
  readonly #languages = new Map<string, number>()

  /** A tally of the rows of a table with `schema`; `label` (`gold/x@3`) names it in errors. */
  constructor(schema: StructType, label: string) {
    const names = new Set(schema.fields.map((f) => f.name))
    this.#has = {
      split: names.has('split'),
      copies: names.has('mix_copies'),
      shuffleKey: names.has('shuffle_key'),
      text: names.has('text'),
      source: names.has('source'),
      license: names.has('license'),
      tokenCount: names.has('token_count'),
      tokens: names.has('tokens'),
    }
    this.#language = names.has('language') ? 'language' : names.has('lang') ? 'lang' : undefined
    this.#label = label
  }

  /** The columns `add` reads. */
  get columns(): string[] {
    const h = this.#has
    return [
      ...(h.split ? ['split'] : []),
      ...(h.copies ? ['mix_copies'] : []),
      ...(h.text ? ['text'] : []),
      ...(h.source ? ['source'] : []),
      ...(h.license ? ['license'] : []),
      ...(h.tokenCount ? ['token_count'] : h.tokens ? ['tokens'] : []),
      ...(this.#language ? [this.#language] : []),
    ]
  }

  /** Counts one row; `index` is its place in the table, for errors. */
  add(row: Doc, index: number): void {
    const h = this.#has
    const copies = h.copies ? copiesOf(row, index, this.#label) : 1
    const split = h.split ? splitOf(row, index, this.#label) : 'train'
    const text = row.text
    const bytes = typeof text === 'string' ? Buffer.byteLength(text) : 0
    const tokens = h.tokenCount ? Number(row.token_count ?? 0) : h.tokens ? ((row.tokens as unknown[] | null)?.length ?? 0) : 0
    const count = (c: Counter) => {
      c.documents += copies
      c.rows++
      c.textBytes += bytes * copies
      c.tokens += tokens * copies
    }
    let s = this.#splits.get(split)
    if (!s) this.#splits.set(split, (s = counter()))
    count(s)
    const license = h.license ? ((row.license as string | null) ?? 'unknown') : undefined
    if (license !== undefined) this.#licenses.set(license, (this.#licenses.get(license) ?? 0) + copies)
    if (h.source) {
      const name = (row.source as string | null) ?? null
      let src = this.#sources.get(name)
      if (!src) this.#sources.set(name, (src = { ...counter(), licenses: new Map() }))
      count(src)
      if (license !== undefined) src.licenses.set(license, (src.licenses.get(license) ?? 0) + copies)
    }
    if (this.#language) {
      const lang = row[this.#language]
      if (typeof lang === 'string') this.#languages.set(lang, (this.#languages.get(lang) ?? 0) + copies)
    }
  }

  /** The counts so far, as the data part of `CardFacts`. */
  facts(): Pick<CardFacts, 'total' | 'splits' | 'sources' | 'licenses' | 'languages' | 'license' | 'sizeCategory' | 'copies' | 'shuffled'> {
    const h = this.#has
    const shape = (c: Counter): CountFacts => ({
      documents: c.documents,
      rows: c.rows,
      textBytes: h.text ? c.textBytes : null,
      tokens: h.tokenCount || h.tokens ? c.tokens : null,
    })
    const total = counter()
    for (const c of this.#splits.values()) {
      total.documents += c.documents
      total.rows += c.rows
      total.textBytes += c.textBytes
      total.tokens += c.tokens
    }
    const splits = exportSplits(this.#splits.keys()).map((split) => ({ split, ...shape(this.#splits.get(split)!) }))
    const sources = [...this.#sources]
      .sort(([a, x], [b, y]) => y.documents - x.documents || String(a).localeCompare(String(b)))
      .map(([source, c]) => ({
        source,
        ...shape(c),
        documentShare: total.documents === 0 ? 0 : c.documents / total.documents,
        tokenShare: h.tokenCount || h.tokens ? (total.tokens === 0 ? 0 : c.tokens / total.tokens) : null,
        licenses: byCount(c.licenses).map(([l]) => l),
      }))
    const licenses = byCount(this.#licenses).map(([license, documents]) => ({ license, hf: hfLicense(license) ?? null, documents }))
    return {
      total: shape(total),
      splits,
      sources,
      licenses,
      license: cardLicense(licenses.map((l) => l.license)),
      languages: this.#language ? byCount(this.#languages).map(([language, documents]) => ({ language, documents })) : null,
      sizeCategory: sizeCategory(total.documents),
      copies: h.copies,
      shuffled: h.shuffleKey,
    }
  }
}

function byCount(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
}

const SIZE_BUCKETS: readonly [number, string][] = [
  [1e3, 'n<1K'], [1e4, '1K<n<10K'], [1e5, '10K<n<100K'], [1e6, '100K<n<1M'], [1e7, '1M<n<10M'], [1e8, '10M<n<100M'],
  [1e9, '100M<n<1B'], [1e10, '1B<n<10B'], [1e11, '10B<n<100B'], [1e12, '100B<n<1T'],
]

/** Hugging Face's `size_categories` bucket of a dataset of `n` documents. */
export function sizeCategory(n: number): string {
  return SIZE_BUCKETS.find(([limit]) => n < limit)?.[1] ?? 'n>1T'
}

/**
 * Tallies a version by scanning the columns the card counts. `dataset` names it (`zone/name`
 * or a path); `provenance`, when the version is a dataset of a repository, says how it was made.
 */
export async function cardFacts(snapshot: Snapshot, dataset: string, provenance: Provenance | null): Promise<CardFacts> {
  const tally = new VersionTally(snapshot.schema, `${dataset}@${snapshot.version}`)
  let index = 0
  for await (const batch of scan(snapshot, { columns: tally.columns })) for (const row of batch) tally.add(row, index++)
  return assembleFacts(snapshot, dataset, tally, provenance)
}

/** The facts of a version from a finished tally (an export's) and its provenance. */
export function assembleFacts(snapshot: Snapshot, dataset: string, tally: VersionTally, provenance: Provenance | null): CardFacts {
  const runs = provenance ? [...(provenance.run ? [provenance.run] : []), ...provenance.upstream] : []
  return {
    dataset,
    version: snapshot.version,
    committedAt: new Date(snapshot.timestamp).toISOString(),
    columns: snapshot.schema.fields.map((f) => f.name),
    ...tally.facts(),
    tokenizer: tokenizerOf(runs),
    run: provenance?.run ?? null,
    upstream: provenance?.upstream ?? [],
    ingestions: provenance?.ingestions ?? [],
  }
}

/**
 * How version `root` (`zone/name@version`) was made, from the catalog: the run that wrote
 * it, the runs upstream (`lineageGraph`), and the ingestions into bronze below them.
 */
export async function readProvenance(catalog: Catalog, root: string): Promise<Provenance> {
  const graph = await lineageGraph(catalog, root)
  const writers = new Set(graph.edges.filter((e) => e.to === root).map((e) => e.from))
  const runs: RunFacts[] = []
  let run: RunFacts | null = null
  for (const node of graph.nodes) {
    if (node.kind !== 'run') continue
    const record = await catalog.getRun(node.id)
    if (!record) continue
    const details = record.details as unknown as RunDetails
    const facts: RunFacts = {
      id: record.runId,
      name: details.name ?? null,
      status: record.status,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      inputs: (details.inputs ?? []).map((i) => `${i.dataset}@${i.version}`),
      recipe: details.recipe ?? '',
      steps: (details.steps ?? []).map((s) => ({ step: s.step, op: s.op, in: s.in, out: s.out, dropped: s.dropped, quarantined: s.quarantined })),
    }
    if (run === null && writers.has(node.id)) run = facts
    else runs.push(facts)
  }
  const ingestionIds = new Set(graph.nodes.filter((n) => n.kind === 'ingestion').map((n) => n.id))
  const ingestions = ingestionIds.size === 0 ? [] : (await catalog.listIngestions()).filter((i) => ingestionIds.has(i.ingestionId)).reverse().map(ingestionFacts)
  return { run, upstream: runs, ingestions }
}

function ingestionFacts(i: IngestionRecord): IngestionFacts {
  return {
    id: i.ingestionId,
    dataset: i.dataset,
    source: i.sourceName,
    license: i.license,
    files: i.rawFileCount,
    rawBytes: i.rawSizeBytes,
    documents: i.documentsWritten,
    quarantined: i.documentsQuarantined,
    at: i.ingestionTimestamp,
    tableVersion: i.tableVersion,
  }
}

/** The encoding or tokenizer file of the first `tokenize` step in the recipes of `runs`, or null. */
export function tokenizerOf(runs: readonly RunFacts[]): string | null {
  for (const run of runs) {
    let recipe: unknown
    try {
      recipe = parseYaml(run.recipe)
    } catch {
      continue
    }
    const steps = (recipe as { steps?: unknown } | null)?.steps
    if (!Array.isArray(steps)) continue
    for (const step of steps as Record<string, unknown>[]) {
      if (step?.op !== 'tokenize') continue
      const name = step.encoding ?? step.tokenizer
      if (typeof name === 'string') return name
    }
  }
  return null
}
