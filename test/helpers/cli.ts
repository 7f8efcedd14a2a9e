import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { REPO_ROOT } from './temp-dir.ts'

const BIN = path.join(REPO_ROOT, 'bin/strata.js')

/** Runs `strata` in a child process from `cwd`, without the caller's debug or catalog settings. */
export function strata(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const env = { ...process.env }
  delete env.STRATA_DEBUG
  delete env.STRATA_CATALOG_URL
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env })
  if (r.error) throw r.error
  return { code: r.status!, stdout: r.stdout, stderr: r.stderr }
}

/** Runs a command that must succeed and returns its JSON Lines output. */
export function jsonLines(cwd: string, ...args: string[]): Record<string, unknown>[] {
  const r = strata(cwd, ...args, '--json')
  assert.equal(r.code, 0, r.stderr)
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l))
}
