// The datatrove peer's Python environment: a virtual environment of its own under
// .tmp/peers/datatrove-venv with pinned packages from PyPI, created once and reused while its
// requirements are unchanged. Nothing else is fetched at run time (see run_pipeline.py).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

export const DATATROVE_VERSION = '0.10.1'

/**
 * What the pipelines import, pinned to the versions tested. datatrove's `processing` extra
 * would bring more (trafilatura, nltk, ...) that these pipelines never import; spaCy is from
 * its `multilingual` extra: datatrove tokenizes English with spacy.blank("en"), which is rule
 * based and needs no model download. tokenizers is imported by datatrove.pipeline.dedup's
 * __init__ (for exact-substring dedup) even when only MinHash is used. fastText (the numpy 2
 * build datatrove's lid checks for) runs its LanguageFilter in the web pipeline, on the
 * lid.176 file Strata ships rather than a download; its LanguageFilter also needs fasteners.
 */
export const DATATROVE_REQUIREMENTS: readonly string[] = [
  `datatrove==${DATATROVE_VERSION}`,
  'spacy==3.8.18',
  'orjson==3.13.0',
  'regex==2026.11.15',
  'xxhash==3.8.2',
  'tokenizers==0.23.3',
  'fasttext-numpy2-wheel==0.9.2',
  'fasteners==0.20',
]

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const PEERS_DIR = path.join(ROOT, '.tmp', 'peers')
export const DATATROVE_VENV = path.join(PEERS_DIR, 'datatrove-venv')
export const DATATROVE_SCRIPT = fileURLToPath(new URL('./run_pipeline.py', import.meta.url))
const MARKER = path.join(DATATROVE_VENV, 'strata-requirements.txt')

const log = (line: string) => process.stderr.write(`peers/datatrove: ${line}\n`)

/**
 * Creates the venv (with `$STRATA_PYTHON`, default python3) and pip-installs the pinned
 * requirements unless a venv with exactly these requirements exists; returns its python. Prints
 * what it does on stderr (stdout of a bench child carries its JSON result).
 */
export function ensureDatatroveVenv(): string {
  const python = path.join(DATATROVE_VENV, 'bin', 'python')
  const wanted = `${DATATROVE_REQUIREMENTS.join('\n')}\n`
  if (existsSync(python) && existsSync(MARKER) && readFileSync(MARKER, 'utf8') === wanted) {
    log(`reusing ${path.relative(ROOT, DATATROVE_VENV)} (datatrove ${DATATROVE_VERSION})`)
    return python
  }
  const base = process.env.STRATA_PYTHON ?? 'python3'
  const start = performance.now()
  log(`creating ${path.relative(ROOT, DATATROVE_VENV)} with ${base}`)
  rmSync(DATATROVE_VENV, { recursive: true, force: true })
  mkdirSync(PEERS_DIR, { recursive: true })
  // Children write to our stderr (fd 2): stdout of a bench child carries its JSON result.
  const toStderr = { stdio: ['ignore', 2, 2] as ['ignore', number, number] }
  execFileSync(base, ['-m', 'venv', DATATROVE_VENV], toStderr)
  log(`pip install ${DATATROVE_REQUIREMENTS.join(' ')}`)
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...DATATROVE_REQUIREMENTS], toStderr)
  execFileSync(python, ['-c', 'import datatrove, spacy, orjson, regex, xxhash, tokenizers, fasttext'], toStderr)
  writeFileSync(MARKER, wanted)
  log(`installed in ${((performance.now() - start) / 1000).toFixed(1)} s`)
  return python
}

// `node bench/peers/datatrove/setup.ts` installs (or confirms) the venv by itself.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) console.log(ensureDatatroveVenv())
