import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after } from 'node:test'

/** A fresh temporary folder, removed when the test file finishes. */
export function tempDir(prefix = 'strata-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** The repository root, and `../shared/testdata` beside it. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..')
export const TESTDATA = path.resolve(REPO_ROOT, '../shared/testdata')
