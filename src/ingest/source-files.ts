import { glob, stat } from 'node:fs/promises'
import path from 'node:path'
import { StrataError } from '../core/errors.ts'
import { LocalStore } from '../io/local-store.ts'
import type { SourceFile } from '../io/record-reader.ts'

/** A source file with the absolute path that names it in provenance records. */
export interface LocalSource extends SourceFile {
  readonly path: string
}

const GLOB = /[*?[\]{}]/

/**
 * Expands what the user named — files, directories (recursively) and globs — into the
 * files to ingest, sorted by path so that runs are deterministic. A name that matches
 * nothing is an error naming it; hidden files (`.name`) inside directories are skipped.
 */
export async function expandSources(names: readonly string[], cwd: string): Promise<LocalSource[]> {
  const found = new Map<string, number>()
  for (const name of names) {
    const before = found.size
    if (GLOB.test(name)) {
      for await (const match of glob(name, { cwd })) await addFile(path.resolve(cwd, match), found)
    } else {
      const full = path.resolve(cwd, name)
      const s = await stat(full).catch(() => undefined)
      if (!s) throw new StrataError('not_found', `source '${name}' does not exist`)
      if (s.isDirectory()) {
        for await (const match of glob('**/*', { cwd: full, exclude: (p) => path.basename(String(p)).startsWith('.') })) await addFile(path.join(full, match), found)
      } else {
        found.set(full, s.size)
      }
    }
    if (found.size === before) throw new StrataError('not_found', `source '${name}' matches no files`)
  }
  return [...found.keys()].sort().map((file) => ({
    path: file,
    store: new LocalStore(path.dirname(file)),
    key: path.basename(file),
    size: found.get(file)!,
  }))
}

async function addFile(file: string, found: Map<string, number>): Promise<void> {
  const s = await stat(file)
  if (s.isFile()) found.set(file, s.size)
}
