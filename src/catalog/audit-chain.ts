import { createHash } from 'node:crypto'
import { StrataError } from '../core/errors.ts'
import type { AuditVerification } from './catalog.ts'
import { jsonDetails } from './json-details.ts'

/** The `prevHash` of the first audit row: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64)

/** An audit row as stored: `details` is JSON text. */
export interface StoredAuditRow {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly target: string
  readonly details: string
  readonly prevHash: string
  readonly hash: string
}

/** The last row appended, as the catalog records it beside the log: `seq` 0 and `GENESIS_HASH` for an empty log. */
export interface AuditHead {
  readonly seq: number
  readonly hash: string
}

/** The fields of an audit row that its hash covers. */
export interface AuditContent {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly target: string
  readonly details: unknown
  readonly prevHash: string
}

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth and no whitespace:
 * equal values give equal text, however they were written or stored (PostgreSQL's
 * `jsonb` reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** The details of a new audit row as plain JSON data (see `jsonDetails`); none is `{}`. */
export function auditDetails(details: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  return jsonDetails(details ?? {}, (fact, options) => new StrataError('invalid_argument', `audit ${fact}`, options))
}

/**
 * The hash of an audit row: lowercase hex SHA-256 of the UTF-8 bytes of
 * `canonicalJson([seq, at, actor, action, target, details, prevHash])`, so anyone can
 * recompute it from the table alone.
 */
export function auditHash(row: AuditContent): string {
  const text = canonicalJson([row.seq, row.at, row.actor, row.action, row.target, row.details, row.prevHash])
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * Recomputes the chain over `rows` (in `seq` order) and checks it against `head`. Reports
 * the first row that is out of sequence, whose content does not match its hash, or whose
 * `prevHash` is not the hash of the row before; then a head that the last row does not
 * match (rows deleted from the end, or appended without moving the head). On failure,
 * `rows` counts the rows that verified before it.
 */
export async function verifyChain(rows: AsyncIterable<StoredAuditRow>, head: AuditHead): Promise<AuditVerification> {
  let last: AuditHead = { seq: 0, hash: GENESIS_HASH }
  let verified = 0
  const fail = (seq: number, reason: string, rows = verified): AuditVerification => ({ ok: false, rows, seq, reason })
  for await (const row of rows) {
    if (!(row.seq >= last.seq + 1)) return fail(row.seq, `its seq is out of order after row ${last.seq}: the row was modified`)
    if (row.seq !== last.seq + 1) {
      const deleted = last.seq + 1 === row.seq - 1 ? `row ${last.seq + 1} was deleted` : `rows ${last.seq + 1}..${row.seq - 1} were deleted`
      return fail(row.seq, last.seq === 0 ? `the log starts at row ${row.seq}, not row 1: ${deleted}` : `row ${row.seq} follows row ${last.seq}: ${deleted}`)
    }
    let details: unknown
    try {
      details = JSON.parse(row.details)
    } catch {
      return fail(row.seq, 'its details are not valid JSON: the row was modified')
    }
    if (auditHash({ ...row, details }) !== row.hash) return fail(row.seq, 'its content does not match its hash: the row was modified')
    if (row.prevHash !== last.hash) {
      const expected = last.seq === 0 ? "is not 64 zeros, as the first row's must be" : `does not match the hash of row ${last.seq}`
      return fail(row.seq, `its prev_hash ${expected}: the row was replaced, or one before it`)
    }
    last = row
    verified++
  }
  if (head.seq > last.seq) return fail(last.seq + 1, `the log ends at row ${last.seq} but row ${head.seq} was appended: rows were deleted from the end`)
  if (head.seq < last.seq) return fail(head.seq + 1, `the last row appended through the catalog is row ${head.seq} but the log goes on to row ${last.seq}: rows were inserted`, head.seq)
  if (head.hash !== last.hash) return fail(last.seq, 'it does not match the hash recorded when it was appended: the row was replaced', last.seq - 1)
  return { ok: true, rows: verified }
}
