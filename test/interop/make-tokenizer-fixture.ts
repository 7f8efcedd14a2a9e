// Rebuilds test/interop/fixtures/tokenizer/: reference token ids from tiktoken (cl100k_base,
// o200k_base) and Hugging Face `tokenizers` (four small tokenizers it trains or builds and saves
// there, and a hand-built Unigram for ties), for the texts of tokenizer-fixture-texts.ts. Run
// `node test/interop/make-tokenizer-fixture.ts` (Node 24); it creates or reuses a venv in
// .tmp/tokenizer-venv with the pinned packages below, and takes about ten seconds; a rebuild
// writes the same files.
//
// tiktoken downloads its rank files from OpenAI's blob storage, which this machine cannot reach;
// it first looks in TIKTOKEN_CACHE_DIR under the SHA-1 of the file's URL, and accepts a cached
// file only when its SHA-256 equals OpenAI's published one. The files written there are made
// from gpt-tokenizer's bundled ranks, so tiktoken running at all proves those ranks are OpenAI's.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import cl100k from 'gpt-tokenizer/bpeRanks/cl100k_base'
import o200k from 'gpt-tokenizer/bpeRanks/o200k_base'
import { REPO_ROOT } from '../helpers/temp-dir.ts'
import { craftedUnigramTexts, fixtureTexts, trainingCorpus } from './tokenizer-fixture-texts.ts'

const PACKAGES = ['tiktoken==0.14.0', 'tokenizers==0.23.3']
const SCRIPT = fileURLToPath(new URL('./tokenizer_fixture.py', import.meta.url))
const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/tokenizer/', import.meta.url))

/** OpenAI's rank files, as tiktoken_ext/openai_public.py names and checks them. */
const RANK_FILES = {
  cl100k_base: { ranks: cl100k, sha256: '223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7' },
  o200k_base: { ranks: o200k, sha256: '446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d' },
} as const

/** The tokenizers the Python script trains, by the names the fixture uses. */
export const FIXTURE_TOKENIZERS = ['bpe', 'bpe-split', 'unigram', 'wordpiece'] as const
export const FIXTURE_ENCODINGS = ['cl100k_base', 'o200k_base'] as const

/** One text of the fixture and its reference ids (null where the reference cannot encode it). */
export type FixtureEntry = { readonly id: string; readonly text: string } & Readonly<
  Record<(typeof FIXTURE_ENCODINGS)[number], readonly number[]> & Record<(typeof FIXTURE_TOKENIZERS)[number], readonly number[] | null>
>

export interface TokenizerFixture {
  readonly tiktoken: string
  readonly tokenizers: string
  /** Each encoding's and tokenizer's special tokens and their ids, as the references report them. */
  readonly special_tokens: Readonly<Record<string, Readonly<Record<string, number>>>>
  /** unigram.tokenizer.json's scores as the Rust library reads them, in vocabulary order. */
  readonly unigram_scores: readonly number[]
  /** Short texts and their ids with unigram-crafted.tokenizer.json, built to tell ways of breaking ties apart. */
  readonly crafted_unigram: readonly { readonly text: string; readonly ids: readonly number[] }[]
  readonly texts: readonly FixtureEntry[]
}

export const FIXTURE_PATH = path.join(FIXTURE_DIR, 'reference.json')

function venvPython(): string {
  const venv = path.join(REPO_ROOT, '.tmp', 'tokenizer-venv')
  const python = path.join(venv, 'bin', 'python')
  const marker = path.join(venv, `.installed-${PACKAGES.join('-')}`)
  if (!existsSync(marker)) {
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' })
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...PACKAGES], { stdio: 'inherit' })
    writeFileSync(marker, '')
  }
  return python
}

/** Writes tiktoken's cache entries for the two encodings into `dir`, from gpt-tokenizer's ranks. */
function writeRankCache(dir: string): void {
  for (const [name, { ranks, sha256 }] of Object.entries(RANK_FILES)) {
    // One line per rank: the token's bytes in base64, a space, the rank.
    const lines = ranks.map((token, rank) => `${Buffer.from(typeof token === 'string' ? Buffer.from(token, 'utf8') : token).toString('base64')} ${rank}\n`)
    const data = lines.join('')
    const actual = createHash('sha256').update(data).digest('hex')
    if (actual !== sha256) throw new Error(`${name}: gpt-tokenizer's ranks hash to ${actual}, not OpenAI's ${sha256}`)
    const url = `https://openaipublic.blob.core.windows.net/encodings/${name}.tiktoken`
    writeFileSync(path.join(dir, createHash('sha1').update(url).digest('hex')), data)
  }
}

function main(): void {
  const python = venvPython()
  const work = mkdtempSync(path.join(tmpdir(), 'strata-tokenizer-fixture-'))
  try {
    const cache = path.join(work, 'tiktoken-cache')
    mkdirSync(cache)
    writeRankCache(cache)
    const texts = fixtureTexts()
    writeFileSync(path.join(work, 'texts.json'), JSON.stringify(texts))
    writeFileSync(path.join(work, 'corpus.txt'), trainingCorpus().map((line) => line.replace(/[\r\n]+/g, ' ')).join('\n'))
    const crafted = craftedUnigramTexts()
    writeFileSync(path.join(work, 'crafted.json'), JSON.stringify(crafted))
    mkdirSync(FIXTURE_DIR, { recursive: true })
    const out = execFileSync(python, [SCRIPT, path.join(work, 'texts.json'), path.join(work, 'corpus.txt'), FIXTURE_DIR, path.join(work, 'crafted.json')], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'inherit'],
      // One thread: training is then reproducible, and this machine's cores are shared.
      env: { ...process.env, TIKTOKEN_CACHE_DIR: cache, RAYON_NUM_THREADS: '1' },
    })
    const reference = JSON.parse(out)
    const special_tokens: Record<string, Record<string, number>> = {}
    for (const name of FIXTURE_ENCODINGS) special_tokens[name] = reference.encodings[name].special_tokens
    for (const name of FIXTURE_TOKENIZERS) special_tokens[name] = reference.tokenizers_ids[name].special_tokens
    const entries = texts.map((t, i) => {
      const entry: Record<string, unknown> = { id: t.id, text: t.text }
      for (const name of FIXTURE_ENCODINGS) entry[name] = reference.encodings[name].ids[i]
      for (const name of FIXTURE_TOKENIZERS) entry[name] = reference.tokenizers_ids[name].ids[i]
      return entry
    })
    // One text per line, so that a rebuild diffs readably.
    const crafted_unigram = crafted.map((text, i) => ({ text, ids: reference.crafted_unigram[i] }))
    const head = { tiktoken: reference.tiktoken, tokenizers: reference.tokenizers, special_tokens, unigram_scores: reference.unigram_scores, crafted_unigram }
    writeFileSync(FIXTURE_PATH, `${JSON.stringify(head).slice(0, -1)},"texts":[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`)
    console.log(`${FIXTURE_PATH}: ${entries.length} texts; tiktoken ${reference.tiktoken}, tokenizers ${reference.tokenizers}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
