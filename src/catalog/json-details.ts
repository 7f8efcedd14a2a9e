import type { StrataError } from '../core/errors.ts'

/**
 * `details` as plain JSON data: what `JSON.stringify` keeps of it. Refuses, with the error
 * `fail` makes of the fact, values JSON cannot hold (a bigint, a cycle), anything but an
 * object, and text PostgreSQL's `jsonb` cannot store (a NUL character, a lone surrogate),
 * so that every backend accepts the same details.
 */
export function jsonDetails(details: unknown, fail: (fact: string, options?: { readonly cause: unknown }) => StrataError): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(JSON.stringify(details))
  } catch (e) {
    throw fail(`details must be JSON data: ${(e as Error).message}`, { cause: e })
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail(`details must be a JSON object, not ${JSON.stringify(value)}`)
  const bad = unstorableText(value)
  if (bad !== undefined) throw fail(`details hold the text ${JSON.stringify(bad)}, with a NUL character or a lone surrogate, which PostgreSQL cannot store`)
  return value as Record<string, unknown>
}

/** The JSON object `text` holds; `undefined` when it holds anything else or is not JSON. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

// The first key or string, at any depth, that jsonb refuses.
function unstorableText(value: unknown): string | undefined {
  const refused = (text: string) => text.includes('\0') || !text.isWellFormed()
  if (typeof value === 'string') return refused(value) ? value : undefined
  if (value === null || typeof value !== 'object') return undefined
  for (const [key, v] of Object.entries(value)) {
    if (!Array.isArray(value) && refused(key)) return key
    const bad = unstorableText(v)
    if (bad !== undefined) return bad
  }
  return undefined
}
