import path from 'node:path'
import { StrataError } from '../core/errors.ts'
import type { Repository } from '../repo/repository.ts'
import { isPostgresUrl, type CatalogLocation } from './catalog-location.ts'
import type { Catalog } from './catalog.ts'
import { openPostgresCatalog } from './postgres.ts'
import { openSqliteCatalog } from './sqlite.ts'

// Points every repository at one PostgreSQL catalog, overriding strata.yaml.
const CATALOG_URL_VARIABLE = 'STRATA_CATALOG_URL'

/**
 * The catalog of `repo`: PostgreSQL when `STRATA_CATALOG_URL` is set (it must then be a
 * `postgres://` or `postgresql://` URL) or `strata.yaml` gives a PostgreSQL URL; else the
 * SQLite file `strata.yaml` names, resolved against the repository root.
 */
export function catalogLocation(repo: Repository, env: Readonly<Record<string, string | undefined>> = process.env): CatalogLocation {
  const url = env[CATALOG_URL_VARIABLE]
  if (url !== undefined && url !== '') {
    if (!isPostgresUrl(url)) {
      // Only the scheme is repeated: the rest may hold a password.
      const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0]
      throw new StrataError('invalid_argument', `${CATALOG_URL_VARIABLE} must be a postgres:// or postgresql:// URL, not ${scheme ? `a ${scheme} URL` : 'a value without a scheme'}`)
    }
    return { type: 'postgres', url }
  }
  const configured = repo.config.catalog
  return configured.type === 'postgres' ? configured : { type: 'sqlite', path: path.resolve(repo.root, configured.path) }
}

/** Opens the catalog of `repo` (see `catalogLocation`), creating or migrating its tables as needed. */
export function openCatalog(repo: Repository, env?: Readonly<Record<string, string | undefined>>): Promise<Catalog> {
  return openCatalogAt(catalogLocation(repo, env))
}

/** Opens the catalog at `location`, creating or migrating its tables as needed. */
export function openCatalogAt(location: CatalogLocation): Promise<Catalog> {
  return location.type === 'postgres' ? openPostgresCatalog(location.url) : openSqliteCatalog(location.path)
}
