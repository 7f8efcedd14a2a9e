import { isRawJson } from '../core/raw-json.ts'

/**
 * A value in a form `JSON.stringify` keeps exactly: a bigint becomes a number when it is a
 * safe integer and a decimal string otherwise, a non-finite number its name (`"NaN"`),
 * bytes base64; raw JSON stays as it is; arrays and objects convert element by element.
 */
export function jsonValue(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v)
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v)
  if (typeof v !== 'object' || isRawJson(v)) return v
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
  if (Array.isArray(v)) return v.map(jsonValue)
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]))
}

/** One line of JSON for `v`, after `jsonValue`. */
export function jsonLine(v: unknown): string {
  return JSON.stringify(jsonValue(v))
}
