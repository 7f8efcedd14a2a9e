import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from '../helpers/temp-dir.ts'

/** The peers the interop tests read our tables with, pinned; installed from PyPI. */
const PACKAGES = ['deltalake==1.6.6', 'pyarrow==26.0.1']

/**
 * The Python of a virtual environment holding the interop peers, created on first use in
 * `.tmp/interop-venv` (kept between runs; delete it to reinstall).
 */
export function interopPython(): string {
  const venv = path.join(REPO_ROOT, '.tmp', 'interop-venv')
  const python = path.join(venv, 'bin', 'python')
  const marker = path.join(venv, `.installed-${PACKAGES.join('-')}`)
  if (!existsSync(marker)) {
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' })
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...PACKAGES], { stdio: 'inherit' })
    execFileSync('touch', [marker])
  }
  return python
}
