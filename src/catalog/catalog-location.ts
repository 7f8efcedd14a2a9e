/**
 * Where a catalog lives: a SQLite file, or a PostgreSQL database given by URL. In
 * `strata.yaml` a SQLite path is relative to the repository root; once resolved for
 * opening it is absolute.
 */
export type CatalogLocation =
  | { readonly type: 'sqlite'; readonly path: string }
  | { readonly type: 'postgres'; readonly url: string }

/** True when `text` is a `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(text)
}

/** The location for messages: the file, or the URL with its password replaced by `***`. */
export function describeLocation(location: CatalogLocation): string {
  return location.type === 'sqlite' ? location.path : redactUrl(location.url)
}

// Messages and logs must never carry a database password.
function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@?#]*):[^@/?#]*@/i, '$1:***@')
}
