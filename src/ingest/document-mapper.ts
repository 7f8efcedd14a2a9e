import { rawJson } from '../core/raw-json.ts'

/** Which source fields become the standard columns; the rest go to `meta`. */
export interface FieldMapping {
  readonly textField: string
  /** When set, the document id is this field's value; else a stable hash. */
  readonly idField?: string
  readonly urlField: string
}

/** The per-batch values every document of one ingestion shares. */
export interface BatchColumns {
  readonly source: string
  readonly license: string
  readonly ingestionId: string
}

const TIME_FIELDS = ['created_at', 'fetched_at'] as const

/**
 * Turns a reader's fields into a bronze row with the standard columns, or returns the
 * reason it cannot (a string, for the quarantine). `fallbackId` is used when the mapping
 * names no id field.
 */
export function toDocument(fields: Record<string, unknown>, mapping: FieldMapping, batch: BatchColumns, fallbackId: () => string): Record<string, unknown> | string {
  const text = fields[mapping.textField]
  if (typeof text !== 'string') {
    return text === undefined || text === null
      ? `record has no field '${mapping.textField}' (fields: ${Object.keys(fields).join(', ') || 'none'}); pass --text-field`
      : `field '${mapping.textField}' is ${typeof text}, not a string`
  }
  let id: string
  if (mapping.idField !== undefined) {
    const v = fields[mapping.idField]
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') return `record has no string or number id field '${mapping.idField}'`
    id = String(v)
  } else {
    id = fallbackId()
  }
  const url = fields[mapping.urlField]
  const times: Record<string, Date | null> = {}
  const used = new Set<string>([mapping.textField, mapping.urlField, ...(mapping.idField ? [mapping.idField] : [])])
  for (const name of TIME_FIELDS) {
    const t = toTime(fields[name])
    times[name] = t
    if (t) used.add(name)
  }
  let meta: Record<string, unknown> | undefined
  for (const key in fields) {
    if (!used.has(key)) (meta ??= {})[key] = fields[key]
  }
  return {
    id,
    text,
    source: batch.source,
    url: typeof url === 'string' ? url : null,
    license: batch.license,
    ingestion_id: batch.ingestionId,
    created_at: times.created_at,
    fetched_at: times.fetched_at,
    meta: meta === undefined ? null : JSON.stringify(meta, jsonSafe),
  }
}

function toTime(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v
  if (typeof v !== 'string') return null
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? null : new Date(ms)
}

/** A `JSON.stringify` replacer for source values JSON lacks: 64-bit integers keep their digits, bytes become base64. */
export function jsonSafe(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return rawJson(v.toString())
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64')
  return v
}
