// Rebuilds test/interop/fixtures/datatrove-sentence-dedup.json: what datatrove's sentence
// deduplication makes of the real documents of the quality-filter fixture (rebuilt from
// ../shared/testdata, kept in the fixture as an id and a SHA-256) followed by generated ones
// that repeat sentence spans across and within documents, under a few configs. Run
// `node test/interop/make-sentence-dedup-fixture.ts` (Node 24); it creates or reuses the
// datatrove venv of the bench and runs test/interop/datatrove_sentence_dedup.py (a minute).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureDatatroveVenv } from '../../bench/peers/datatrove/setup.ts'
import { realFilterInputs } from './filter-fixture-inputs.ts'
import { sha256 } from './make-filter-fixture.ts'

/** The configs, by name: fields that datatrove's SentDedupConfig and TextNormConfig and Strata's dedup.sentence name alike; the rest are defaults. */
export const FIXTURE_CONFIGS = {
  defaults: {},
  lines: { split_sentences: false, n_sentences: 2, min_doc_words: 10, min_num_sentences: 2 },
  single: { n_sentences: 1, min_doc_words: 20, remove_punctuation: false, norm_unicode_diacritics: false, norm_weekdays: true, norm_monthnames: true },
} as const satisfies Record<string, Record<string, number | boolean>>
export type FixtureConfig = keyof typeof FIXTURE_CONFIGS

/** One document: SHA-256 of its input and, by config, of datatrove's output text (null: left out). */
export interface SentenceDedupDocument {
  readonly id: string
  readonly sha256: string
  /** The text, for generated documents; real ones are rebuilt from testdata by `realFilterInputs`. */
  readonly text?: string
  readonly datatrove: Readonly<Record<FixtureConfig, string | null>>
}

export interface SentenceDedupFixture {
  readonly datatrove: string
  readonly spacy: string
  readonly documents: readonly SentenceDedupDocument[]
}

export const FIXTURE_PATH = fileURLToPath(new URL('./fixtures/datatrove-sentence-dedup.json', import.meta.url))
const SCRIPT = fileURLToPath(new URL('./datatrove_sentence_dedup.py', import.meta.url))

/** A seeded generator (mulberry32), so that the generated documents are the same on every rebuild. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = ('the a of and to in is was for on with as by at from that this it be are or an which have has more one all ' +
  'data river market council garden winter school music energy report water policy village museum train summer ' +
  'people city small large new old local early late public private green quiet open closed free fresh ' +
  'said built opened moved found grew lost joined made kept sold bought wrote read played visited').split(' ')
const ENDS = ['.', '.', '.', '.', '!', '?', '...', '."', '.)']
/** Sentences that tokenization and normalization must treat with care: abbreviations, numbers, accents, quotes, case. */
const TRICKY = [
  'Dr. Smith arrived at 10.30 a.m. with the report.',
  'The café on Main St. serves crème brûlée every day.',
  'Prices rose by 12,5% in 2023, e.g. for bread!',
  'He said: "We will open on Monday in March."',
  'Visit https://example.com/page?id=7 for more.',
  'Ünïcödé wörds ärë fïnë hërë, ïsn\'t ït?',
  'Call +1 (555) 010-9999 now!!!',
  '--- *** ---',
]

function sentence(rand: () => number): string {
  const n = 4 + Math.floor(rand() * 12)
  const words: string[] = []
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)]!)
  const text = words.join(' ')
  return text[0]!.toUpperCase() + text.slice(1) + ENDS[Math.floor(rand() * ENDS.length)]
}

/** Variants that datatrove's default normalization makes equal to the sentence. */
function variant(s: string, rand: () => number): string {
  switch (Math.floor(rand() * 5)) {
    case 0:
      return s.toUpperCase()
    case 1:
      return s.replace(/\d+/g, '42')
    case 2:
      return s.replace(/ /g, '  ')
    case 3:
      return s.replace(/[.!?]+$/, ';')
    default:
      return s
  }
}

/** Generated documents: blocks of shared sentences (boilerplate) among unique ones, with assorted separators. */
export function generatedSentenceInputs(): { id: string; text: string }[] {
  const rand = random(7)
  const shared = [...TRICKY, ...Array.from({ length: 24 }, () => sentence(rand))]
  const separators = [' ', ' ', ' ', '  ', '\n', '\n\n', ' \n', '\t']
  const sep = () => separators[Math.floor(rand() * separators.length)]!
  const docs: { id: string; text: string }[] = []
  for (let d = 0; d < 56; d++) {
    const parts: string[] = []
    const sentences = 1 + Math.floor(rand() * (d % 7 === 0 ? 3 : 18))
    while (parts.length < sentences) {
      const roll = rand()
      if (roll < 0.35) {
        // A block of consecutive shared sentences, some in a normalized-equal variant.
        const start = Math.floor(rand() * (shared.length - 5))
        const length = 2 + Math.floor(rand() * 4)
        for (let i = start; i < start + length; i++) parts.push(rand() < 0.2 ? variant(shared[i]!, rand) : shared[i]!)
      } else if (roll < 0.4 && parts.length >= 3) {
        // Repeats this document's own opening within it.
        parts.push(...parts.slice(0, 3))
      } else parts.push(sentence(rand))
    }
    let text = parts.map((p, i) => (i === 0 ? p : sep() + p)).join('')
    if (d % 5 === 1) text = ' \n' + text
    if (d % 6 === 2) text += rand() < 0.5 ? ' ' : '\n\n'
    docs.push({ id: `gen/${String(d).padStart(2, '0')}`, text })
  }
  const first = docs[3]!.text
  docs.push({ id: 'gen/exact-copy', text: first })
  docs.push({ id: 'gen/copy-with-tail', text: `${first} ${sentence(rand)} ${sentence(rand)}` })
  docs.push({ id: 'gen/only-punctuation', text: '!!! ??? ... !!! ??? ... !!! ??? ...' })
  docs.push({ id: 'gen/only-punctuation-again', text: '!!! ??? ... !!! ??? ... !!! ??? ...' })
  docs.push({ id: 'gen/empty', text: '' })
  return docs
}

async function main(): Promise<void> {
  const real = await realFilterInputs()
  const generated = generatedSentenceInputs()
  const inputs = [...real.map(({ id, text }) => ({ id, text })), ...generated]
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-sentence-dedup-fixture-'))
  try {
    const input = path.join(dir, 'input.jsonl')
    const configs = path.join(dir, 'configs.json')
    const output = path.join(dir, 'output.jsonl')
    writeFileSync(input, inputs.map((doc) => JSON.stringify(doc)).join('\n') + '\n')
    writeFileSync(configs, JSON.stringify(FIXTURE_CONFIGS))
    const python = ensureDatatroveVenv()
    const versions = JSON.parse(execFileSync(python, [SCRIPT, input, configs, output], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TQDM_DISABLE: '1' } }))
    const results = readFileSync(output, 'utf8').trim().split('\n').map((line) => JSON.parse(line))
    const isGenerated = new Set(generated.map((doc) => doc.id))
    const documents = inputs.map((doc, i): SentenceDedupDocument => {
      const result = results[i]
      if (result.id !== doc.id) throw new Error(`datatrove_sentence_dedup.py answered ${result.id} for ${doc.id}`)
      const outputs = Object.fromEntries(Object.entries(result.results as Record<string, string | null>).map(([name, text]) => [name, text === null ? null : sha256(text)]))
      return { id: doc.id, sha256: sha256(doc.text), ...(isGenerated.has(doc.id) ? { text: doc.text } : {}), datatrove: outputs as Record<FixtureConfig, string | null> }
    })
    // One document per line, so that a rebuild diffs readably.
    writeFileSync(FIXTURE_PATH, `{"datatrove":${JSON.stringify(versions.datatrove)},"spacy":${JSON.stringify(versions.spacy)},"documents":[\n${documents.map((d) => JSON.stringify(d)).join(',\n')}\n]}\n`)
    console.log(`${FIXTURE_PATH}: ${documents.length} documents (${real.length} real, ${generated.length} generated)`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main()
