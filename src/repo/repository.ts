// A repository is a local folder, found the way git finds its root; walking the folder tree
// is not something a BlobStore can express, so this module uses node:fs directly.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { isPostgresUrl, type CatalogLocation } from '../catalog/catalog-location.ts'
import { StrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import { LocalStore } from '../io/local-store.ts'
import { within } from '../io/prefixed-store.ts'
import { LOG_DIR } from '../table/commit-file.ts'

/** The zones, in the order data flows through them. */
export const ZONES = ['bronze', 'silver', 'gold'] as const

/** One of the zones. */
export type Zone = (typeof ZONES)[number]

/** The file at a repository's root that makes a folder a repository. */
export const CONFIG_FILE = 'strata.yaml'

/** The `strata.yaml` format version this Strata reads and writes. */
export const CONFIG_VERSION = 1

/** The validated contents of `strata.yaml`. */
export interface RepositoryConfig {
  readonly version: typeof CONFIG_VERSION
  readonly zones: readonly Zone[]
  /** The catalog database; a `sqlite` path is relative to the repository root. */
  readonly catalog: CatalogLocation
}

/** An opened repository: its absolute root folder and its configuration. */
export interface Repository {
  readonly root: string
  readonly config: RepositoryConfig
}

/** A dataset of a repository, addressed `zone/name`. */
export interface DatasetId {
  readonly zone: Zone
  readonly name: string
}

const DEFAULT_CATALOG = 'catalog.sqlite'

// Comments in the file are the documentation a user sees when they open it.
const CONFIG_TEXT = `# Strata repository configuration.
# Format version of this file; Strata refuses versions it does not know.
version: ${CONFIG_VERSION}
# The zones: each is a folder under this one holding datasets as Delta tables
# (bronze: raw as received; silver: cleaned and annotated; gold: training-ready).
zones: [${ZONES.join(', ')}]
# The catalog of ingestions, runs, lineage and audit records: a SQLite file,
# relative to this folder, or a team's PostgreSQL database, written
#   catalog: postgresql://user@host:5432/strata
# The environment variable STRATA_CATALOG_URL, when set, overrides this setting.
catalog:
  type: sqlite
  path: ${DEFAULT_CATALOG}
`

/** True when `zone` names one of the zones. */
export function isZone(zone: string): zone is Zone {
  return (ZONES as readonly string[]).includes(zone)
}

/** True when `name` can name a dataset: letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
export function isDatasetName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)
}

/** The dataset `text` names as `zone/name`; `undefined` when it names none. */
export function parseDatasetId(text: string): DatasetId | undefined {
  const [zone, name, ...rest] = text.split('/')
  return rest.length === 0 && zone !== undefined && name !== undefined && isZone(zone) && isDatasetName(name) ? { zone, name } : undefined
}

/**
 * Makes `dir` (created if missing) a repository: writes a documented `strata.yaml` and the
 * zone folders. Refuses with `already_exists` when `dir` already holds a `strata.yaml`.
 */
export async function initRepository(dir: string): Promise<Repository> {
  const root = path.resolve(dir)
  await fs.mkdir(root, { recursive: true })
  try {
    await fs.writeFile(path.join(root, CONFIG_FILE), CONFIG_TEXT, { flag: 'wx' })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new StrataError('already_exists', `'${root}' is already a Strata repository: it holds ${CONFIG_FILE}`)
    }
    throw e
  }
  for (const zone of ZONES) await fs.mkdir(path.join(root, zone), { recursive: true })
  return openRepository(root)
}

/**
 * Opens the repository at `explicit` (the `--repo` option, relative to `start`) or else at
 * the nearest folder from `start` upwards that holds `strata.yaml`, like git finds its root.
 */
export async function findRepository(start: string, explicit?: string): Promise<Repository> {
  if (explicit !== undefined) {
    const root = path.resolve(start, explicit)
    if (!(await isFile(path.join(root, CONFIG_FILE)))) {
      throw new StrataError('no_repository', `'${root}' is not a Strata repository: it has no ${CONFIG_FILE}; run 'strata init ${explicit}' to create one`)
    }
    return openRepository(root)
  }
  const from = path.resolve(start)
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (await isFile(path.join(dir, CONFIG_FILE))) return openRepository(dir)
    if (path.dirname(dir) === dir) break
  }
  throw new StrataError('no_repository', `no Strata repository in '${from}' or its parents; run 'strata init' or pass --repo <dir>`)
}

/** The datasets of `repo`, zone by zone in flow order, names sorted within a zone. */
export async function listDatasets(repo: Repository): Promise<DatasetId[]> {
  const out: DatasetId[] = []
  for (const zone of repo.config.zones) {
    let names: string[]
    try {
      names = (await fs.readdir(path.join(repo.root, zone), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw e
    }
    // Folders a ref cannot address are not datasets, whatever they hold.
    for (const name of names.filter(isDatasetName).sort()) {
      if (await isDirectory(path.join(repo.root, zone, name, LOG_DIR))) out.push({ zone, name })
    }
  }
  return out
}

/** A store rooted at the table folder of dataset `zone/name`; the table need not exist yet. */
export function datasetStore(repo: Repository, zone: Zone, name: string): BlobStore {
  return within(new LocalStore(repo.root), `${zone}/${name}`)
}

/** True when the folder `dir` exists and holds a `_delta_log/` folder. */
export async function isTableFolder(dir: string): Promise<boolean> {
  return isDirectory(path.join(dir, LOG_DIR))
}

async function openRepository(root: string): Promise<Repository> {
  const file = path.join(root, CONFIG_FILE)
  let json: unknown
  try {
    json = parseYaml(await fs.readFile(file, 'utf8'))
  } catch (e) {
    throw new StrataError('corrupt_file', `${file}: invalid YAML (${(e as Error).message.split('\n')[0]})`, { cause: e })
  }
  return Object.freeze({ root, config: parseConfig(json, file) })
}

function parseConfig(json: unknown, file: string): RepositoryConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new StrataError('corrupt_file', `${file}: expected a mapping with version, zones and catalog`)
  }
  const c = json as Record<string, unknown>
  if (c.version !== CONFIG_VERSION) {
    throw new StrataError('corrupt_file', `${file}: version ${JSON.stringify(c.version)} is not supported; this Strata reads version ${CONFIG_VERSION}`)
  }
  const zones = c.zones ?? ZONES
  if (!Array.isArray(zones) || !zones.every((z) => typeof z === 'string' && isZone(z))) {
    throw new StrataError('corrupt_file', `${file}: zones must be a list drawn from ${ZONES.join(', ')}`)
  }
  const catalog = parseCatalog(c.catalog ?? { type: 'sqlite', path: DEFAULT_CATALOG }, file)
  return Object.freeze({
    version: CONFIG_VERSION,
    zones: Object.freeze(ZONES.filter((z) => zones.includes(z))),
    catalog,
  })
}

// A PostgreSQL catalog may be written as its URL alone.
function parseCatalog(json: unknown, file: string): CatalogLocation {
  const c = (typeof json === 'string' ? { type: 'postgres', url: json } : json) as Record<string, unknown> | null
  if (c?.type === 'sqlite' && typeof c.path === 'string' && c.path !== '') return Object.freeze({ type: 'sqlite', path: c.path })
  if (c?.type === 'postgres' && typeof c.url === 'string' && isPostgresUrl(c.url)) return Object.freeze({ type: 'postgres', url: c.url })
  throw new StrataError('corrupt_file', `${file}: catalog must be { type: sqlite, path: <file> }, { type: postgres, url: <url> } or a postgresql:// URL`)
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() ?? false
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await fs.stat(dir).catch(() => undefined))?.isDirectory() ?? false
}
