import { isRawJson, rawJson } from '../core/raw-json.ts'
import type { AddAction } from '../table/actions.ts'

/** What the active files of a snapshot add up to. */
export interface FileSummary {
  readonly files: number
  readonly bytes: number
  /** Live rows: `numRecords` less rows deleted by deletion vectors; `undefined` when a file has no `numRecords`. */
  readonly rows: number | undefined
  readonly filesWithStats: number
  readonly deletionVectors: number
  readonly smallestFile: number | undefined
  readonly medianFile: number | undefined
  readonly largestFile: number | undefined
}

/** The bounds and null count of one column over the files that carry statistics. */
export interface ColumnStats {
  readonly column: string
  readonly nullCount: number | undefined
  readonly min: unknown
  readonly max: unknown
}

interface Stats {
  readonly numRecords?: number
  readonly minValues?: Record<string, unknown>
  readonly maxValues?: Record<string, unknown>
  readonly nullCount?: Record<string, unknown>
}

/** Counts, sizes and rows of `files`, from their `add` actions alone. */
export function summarizeFiles(files: readonly AddAction[]): FileSummary {
  const sizes = files.map((f) => f.size).sort((a, b) => a - b)
  let rows: number | undefined = 0
  let filesWithStats = 0
  for (const f of files) {
    const stats = parseStats(f.stats)
    if (stats) filesWithStats++
    const n = stats?.numRecords
    rows = rows === undefined || typeof n !== 'number' ? undefined : rows + n - (f.deletionVector?.cardinality ?? 0)
  }
  return {
    files: files.length,
    bytes: sizes.reduce((a, b) => a + b, 0),
    rows,
    filesWithStats,
    deletionVectors: files.filter((f) => f.deletionVector).length,
    smallestFile: sizes[0],
    medianFile: sizes[Math.floor((sizes.length - 1) / 2)],
    largestFile: sizes.at(-1),
  }
}

/**
 * Per-column minimum, maximum and null count merged over the files with statistics; nested
 * columns are named by their path (`meta.lang`). A bound is kept only when the files'
 * bounds are comparable (numbers with numbers, text with text).
 */
export function columnStats(files: readonly AddAction[]): ColumnStats[] {
  const merged = new Map<string, { nullCount: number | undefined; min: unknown; max: unknown }>()
  const entry = (column: string) => {
    let e = merged.get(column)
    if (!e) merged.set(column, (e = { nullCount: 0, min: undefined, max: undefined }))
    return e
  }
  for (const f of files) {
    const stats = parseStats(f.stats)
    if (!stats) continue
    for (const [column, v] of flatten(stats.nullCount)) {
      const e = entry(column)
      e.nullCount = typeof v === 'number' && e.nullCount !== undefined ? e.nullCount + v : undefined
    }
    for (const [column, v] of flatten(stats.minValues)) {
      const e = entry(column)
      if (e.min === undefined || less(v, e.min)) e.min = v
    }
    for (const [column, v] of flatten(stats.maxValues)) {
      const e = entry(column)
      if (e.max === undefined || less(e.max, v)) e.max = v
    }
  }
  return [...merged].map(([column, e]) => ({ column, ...e }))
}

/** The `numRecords` of an add or remove action's `stats`, when it has one. */
export function numRecords(stats: string | undefined): number | undefined {
  const n = parseStats(stats)?.numRecords
  return typeof n === 'number' ? n : undefined
}

// Statistics are optional and written by many engines; a file whose stats do not parse is
// a file without stats. A bound a double cannot hold (a long, a decimal(20,10)) keeps its
// digits as raw JSON, so it prints and serialises exactly.
function parseStats(stats: string | undefined): Stats | undefined {
  if (stats === undefined) return undefined
  try {
    const json: unknown = JSON.parse(stats, (_key, value: unknown, context?: { source?: string }) =>
      typeof value === 'number' && context?.source !== undefined && String(value) !== context.source ? rawJson(context.source) : value,
    )
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Stats) : undefined
  } catch {
    return undefined
  }
}

function flatten(values: Record<string, unknown> | undefined, prefix = ''): [string, unknown][] {
  if (typeof values !== 'object' || values === null) return []
  return Object.entries(values).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && !isRawJson(v)
      ? flatten(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, v]],
  )
}

function less(a: unknown, b: unknown): boolean {
  const x = isRawJson(a) ? Number(a.rawJSON) : a
  const y = isRawJson(b) ? Number(b.rawJSON) : b
  return (typeof x === 'number' && typeof y === 'number') || (typeof x === 'string' && typeof y === 'string') ? x < y : false
}
