import { promises as fs } from 'node:fs'
import path from 'node:path'
import { StrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import { LocalStore } from '../io/local-store.ts'
import { parseTimestamp } from '../table/calendar.ts'
import type { SnapshotAt } from '../table/snapshot.ts'
import { datasetStore, isDatasetName, isTableFolder, isZone, ZONES, type Repository, type Zone } from './repository.ts'

/**
 * A parsed ref. `zone/name` (exactly two segments, the first a zone) is a dataset of the
 * repository; anything else holding a `/`, or starting with `.`, is the path of a table
 * folder. `at` selects a version or a time (ms); `undefined` is the latest version.
 */
export type Ref =
  | { readonly kind: 'dataset'; readonly text: string; readonly zone: Zone; readonly name: string; readonly at: SnapshotAt }
  | { readonly kind: 'path'; readonly text: string; readonly path: string; readonly at: SnapshotAt }

/**
 * A ref made concrete: a store rooted at the table folder, the version to read, and for
 * output the ref as given (`label`) and without its version (`name`).
 */
export interface ResolvedRef {
  readonly store: BlobStore
  readonly label: string
  readonly name: string
  readonly at: SnapshotAt
}

/** What resolving needs: the folder relative paths start from, and the repository, opened only for dataset refs. */
export interface RefContext {
  readonly cwd: string
  readonly repository: () => Promise<Repository>
}

const EXPECTED =
  `expected <zone>/<name>, <zone>/<name>@<version> or <zone>/<name>@<time> with zone ${ZONES.slice(0, -1).join(', ')} or ${ZONES.at(-1)} ` +
  `(e.g. silver/web-en@12 or silver/web-en@2026-11-20T10:00Z), or the path of a Delta table folder (e.g. ./events)`

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/

/** Parses a ref without touching the file system; throws `invalid_ref` saying what a valid ref looks like. */
export function parseRef(text: string): Ref {
  if (text === '') throw new StrataError('invalid_ref', `ref is empty; ${EXPECTED}`)
  const at = text.indexOf('@')
  const [zone, name, ...rest] = (at < 0 ? text : text.slice(0, at)).split('/')
  if (name !== undefined && rest.length === 0 && isZone(zone!)) {
    if (!isDatasetName(name)) {
      throw new StrataError(
        'invalid_ref',
        `ref '${text}' is not valid: dataset name '${name}' may only hold letters, digits, '.', '_' and '-', starting with a letter or digit`,
      )
    }
    return { kind: 'dataset', text, zone, name, at: at < 0 ? undefined : parseSelector(text, text.slice(at + 1)) }
  }
  if (text.includes('/') || text.includes(path.sep) || text.startsWith('.')) {
    // A folder name may hold '@': the suffix is a selector only when it reads as one.
    const last = text.lastIndexOf('@')
    const selector = last < 0 ? undefined : text.slice(last + 1)
    if (selector !== undefined && (/^\d+$/.test(selector) || TIME.test(selector))) {
      return { kind: 'path', text, path: text.slice(0, last), at: parseSelector(text, selector) }
    }
    return { kind: 'path', text, path: text, at: undefined }
  }
  throw new StrataError('invalid_ref', `ref '${text}' is not valid; ${EXPECTED}`)
}

/**
 * Parses and resolves a ref to the store of its table folder. A dataset must exist in the
 * repository; a path must be a folder holding `_delta_log/`, and needs no repository.
 */
export async function resolveRef(text: string, ctx: RefContext): Promise<ResolvedRef> {
  const ref = parseRef(text)
  if (ref.kind === 'dataset') {
    const repo = await ctx.repository()
    if (!(await isTableFolder(path.join(repo.root, ref.zone, ref.name)))) {
      throw new StrataError('not_found', `dataset '${ref.zone}/${ref.name}' does not exist in '${repo.root}'; 'strata ls' lists the datasets`)
    }
    return { store: datasetStore(repo, ref.zone, ref.name), label: text, name: `${ref.zone}/${ref.name}`, at: ref.at }
  }
  const dir = path.resolve(ctx.cwd, ref.path)
  if (!(await fs.stat(dir).catch(() => undefined))?.isDirectory()) {
    throw new StrataError('not_found', `ref '${text}' names no dataset or table folder: folder '${dir}' does not exist; ${EXPECTED}`)
  }
  if (!(await isTableFolder(dir))) {
    throw new StrataError('not_a_table', `'${dir}' is not a Delta table: it has no _delta_log folder`)
  }
  return { store: new LocalStore(dir), label: text, name: ref.path, at: ref.at }
}

function parseSelector(text: string, selector: string): SnapshotAt {
  if (/^\d+$/.test(selector) && Number.isSafeInteger(Number(selector))) return { version: Number(selector) }
  if (!TIME.test(selector)) {
    throw new StrataError(
      'invalid_ref',
      `ref '${text}' is not valid: '${selector}' after '@' is neither a version number (e.g. @12) nor an ISO time with a zone (e.g. @2026-11-20T10:00Z)`,
    )
  }
  const micros = parseTimestamp(selector)
  if (micros === undefined) throw new StrataError('invalid_ref', `ref '${text}' is not valid: '${selector}' is not a real date and time`)
  return { timestamp: Number(micros / 1000n) }
}
