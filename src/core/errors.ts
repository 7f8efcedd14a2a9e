/**
 * The codes Strata's errors carry. A caller branches on the code; a person reads the message.
 */
export type ErrorCode =
  | 'invalid_path'
  | 'not_found'
  | 'already_exists'
  | 'not_a_table'
  | 'corrupt_log'
  | 'corrupt_file'
  | 'unsupported_feature'
  | 'invalid_protocol'
  | 'versions_not_contiguous'
  | 'version_not_found'
  | 'schema_mismatch'
  | 'invalid_ref'
  | 'invalid_argument'
  | 'no_repository'
  | 'conflict'
  | 'catalog_unavailable'
  | 'catalog_version'
  | 'corrupt_catalog'
  | 'policy_violation'
  | 'too_many_bad'
  | 'invalid_recipe'
  | 'invalid_expression'
  | 'task_failed'
  | 'run_failed'

/**
 * An error with a code and the facts: lowercase, subject first, values included, so the
 * reader knows what to do next. `cause` keeps the underlying error when there is one.
 */
export class StrataError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StrataError'
    this.code = code
  }
}

/** True when `e` is a StrataError, optionally of the given code. */
export function isStrataError(e: unknown, code?: ErrorCode): e is StrataError {
  return e instanceof StrataError && (code === undefined || e.code === code)
}
