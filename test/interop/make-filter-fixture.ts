// Rebuilds test/interop/fixtures/datatrove-filters.json: datatrove's decisions on the real and
// generated documents of the quality-filter parity test. Run `node test/interop/make-filter-fixture.ts`
// (Node 24); it creates or reuses the datatrove venv of the bench (bench/peers/datatrove/setup.ts),
// writes the documents to a temporary folder and runs test/interop/datatrove-filters.py over them
// (a few minutes). The fixture keeps generated documents whole and real ones (from
// ../shared/testdata, which is never copied into the repository) as an id and a SHA-256.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureDatatroveVenv } from '../../bench/peers/datatrove/setup.ts'
import { generatedFilterInputs } from './filter-fixture-cases.ts'
import { realFilterInputs, type FilterInput } from './filter-fixture-inputs.ts'

/** The six filters, by the names the fixture uses for them. */
export const FIXTURE_FILTERS = ['gopher_quality', 'gopher_repetition', 'c4_quality', 'c4_paragraph', 'c4_badwords', 'fineweb_quality'] as const
export type FixtureFilter = (typeof FIXTURE_FILTERS)[number]

/** One document of the fixture and what datatrove made of it. */
export interface FixtureDocument {
  readonly id: string
  /** SHA-256 (hex) of the text. */
  readonly sha256: string
  /** The text, for generated documents; real ones are rebuilt from testdata by `realFilterInputs`. */
  readonly text?: string
  readonly language?: string
  /** Each filter's reason to drop the document, or null when it keeps it. */
  readonly datatrove: Readonly<Record<FixtureFilter, string | null>>
  /** SHA-256 of C4QualityFilter's cleaned text, when it keeps the document. */
  readonly c4_text_sha256?: string
  /** C4QualityFilter run on its own output until stable: the text's SHA-256, or the reason a later pass drops it. */
  readonly c4_stable?: { readonly sha256: string } | { readonly reason: string }
}

export interface FilterFixture {
  readonly datatrove: string
  readonly spacy: string
  readonly documents: readonly FixtureDocument[]
}

export const FIXTURE_PATH = fileURLToPath(new URL('./fixtures/datatrove-filters.json', import.meta.url))
const SCRIPT = fileURLToPath(new URL('./datatrove-filters.py', import.meta.url))
const BADWORDS = fileURLToPath(new URL('../../src/ops/filters/c4-badwords', import.meta.url))

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

async function main(): Promise<void> {
  const real = await realFilterInputs()
  const generated = generatedFilterInputs()
  const inputs: FilterInput[] = [...real, ...generated]
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-filter-fixture-'))
  try {
    const input = path.join(dir, 'input.jsonl')
    const output = path.join(dir, 'output.jsonl')
    writeFileSync(input, inputs.map((doc) => JSON.stringify(doc)).join('\n') + '\n')
    const python = ensureDatatroveVenv()
    const versions = JSON.parse(execFileSync(python, [SCRIPT, input, output, BADWORDS], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))
    const results = readFileSync(output, 'utf8').trim().split('\n').map((line) => JSON.parse(line))
    const isGenerated = new Set(generated.map((doc) => doc.id))
    const documents = inputs.map((doc, i): FixtureDocument => {
      const result = results[i]
      if (result.id !== doc.id) throw new Error(`datatrove-filters.py answered ${result.id} for ${doc.id}`)
      const stable = result.c4_quality_stable
      return {
        id: doc.id,
        sha256: sha256(doc.text),
        ...(isGenerated.has(doc.id) ? { text: doc.text } : {}),
        ...(doc.language !== undefined ? { language: doc.language } : {}),
        datatrove: result.results,
        ...(result.c4_quality_text !== null ? { c4_text_sha256: sha256(result.c4_quality_text) } : {}),
        ...(stable !== null ? { c4_stable: 'text' in stable ? { sha256: sha256(stable.text) } : { reason: stable.reason } } : {}),
      }
    })
    const fixture: FilterFixture = { datatrove: versions.datatrove, spacy: versions.spacy, documents }
    // One document per line, so that a rebuild diffs readably.
    writeFileSync(FIXTURE_PATH, `{"datatrove":${JSON.stringify(fixture.datatrove)},"spacy":${JSON.stringify(fixture.spacy)},"documents":[\n${documents.map((d) => JSON.stringify(d)).join(',\n')}\n]}\n`)
    console.log(`${FIXTURE_PATH}: ${documents.length} documents (${real.length} real, ${generated.length} generated)`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main()
