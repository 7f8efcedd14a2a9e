// Operator cases: every operator of the registry alone, in this process, over batches of
// 1,024 documents of the seeded bench corpus (bench/corpus.ts: six languages, log-normal
// lengths, duplicates, noise, PII) held in memory. What is timed is the operator's own
// work, without I/O or the engine; MB are UTF-8 bytes of the documents' text (of the
// pages, for HTML extraction). A global
// operator is timed over both its phases: keys for every batch, then the decision.
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { defineRecipe } from '../../src/exec/recipe-builder.ts'
import type { StepInput } from '../../src/exec/recipe-builder.ts'
import type { Doc, Operator } from '../../src/ops/operator.ts'
import { MinHasher } from '../../src/ops/dedup/minhash-signature.ts'
import { OPERATORS, operatorSpec } from '../../src/ops/registry.ts'
import { generateCorpus, htmlPage } from '../corpus.ts'
import type { BenchCase } from '../measure.ts'

/** Text bytes per run at scale 1. */
const CORPUS_BYTES = 20e6
const BATCH = 1024
const BENCHMARK_FILE = path.join(tmpdir(), 'strata-bench-decontaminate.jsonl')

/** The step each operator is measured as: options that make it do its full work. Every registered operator needs one. */
const STEPS: Readonly<Record<string, StepInput>> = {
  'annotate.language': { op: 'annotate.language' },
  'annotate.length': { op: 'annotate.length' },
  'annotate.pii': { op: 'annotate.pii' },
  // A benchmark file of 2,000 passages of the corpus itself (written at setup), so matches happen.
  decontaminate: { op: 'decontaminate', benchmarks: [{ name: 'passages', path: BENCHMARK_FILE, fields: ['question'] }] },
  'dedup.exact': { op: 'dedup.exact' },
  'dedup.minhash': { op: 'dedup.minhash' },
  'dedup.sentence': { op: 'dedup.sentence' },
  'extract.html': { op: 'extract.html' },
  'filter.c4_badwords': { op: 'filter.c4_badwords' },
  'filter.c4_paragraph': { op: 'filter.c4_paragraph' },
  'filter.c4_quality': { op: 'filter.c4_quality' },
  'filter.fineweb_quality': { op: 'filter.fineweb_quality' },
  'filter.gopher_quality': { op: 'filter.gopher_quality' },
  'filter.gopher_repetition': { op: 'filter.gopher_repetition' },
  'filter.expr': { op: 'filter.expr', expr: "words(text) > 50 and not contains(lower(text), 'lorem ipsum')" },
  'filter.language': { op: 'filter.language', languages: ['en', 'de', 'fr'] },
  'filter.length': { op: 'filter.length', min_words: 50, max_chars: 100_000 },
  'filter.pii': { op: 'filter.pii' },
  // Words that occur in the bench corpus's URLs, so every rule runs.
  'filter.url': { op: 'filter.url', banned_words: ['casino'], soft_banned_words: ['news', 'blog'], banned_subwords: ['xxx'] },
  'mapper.normalize': { op: 'mapper.normalize' },
  'mapper.pii': { op: 'mapper.pii' },
  // One input: every document sampled at half its rate, by documents (no token counts here).
  mix: { op: 'mix', weights: [1], by: 'documents', budget: 5000, validation: 0.01 },
  tokenize: { op: 'tokenize', encoding: 'cl100k_base', eos: '<|endoftext|>' },
}

for (const name of OPERATORS.keys()) if (!STEPS[name]) throw new Error(`bench/cases/operators.ts: operator '${name}' has no bench step; add one to STEPS`)

// Operators whose input is a web page: their documents are the corpus rendered as HTML pages.
const HTML_INPUT = new Set(['extract.html'])

function batches(scale: number, html: boolean): { batches: Doc[][]; bytes: number; docs: number } {
  const out: Doc[][] = []
  let bytes = 0
  let docs = 0
  for (const doc of generateCorpus({ seed: 20261121, bytes: Math.round(CORPUS_BYTES * scale) })) {
    if (docs % BATCH === 0) out.push([])
    const text = html ? htmlPage(doc) : doc.text
    out.at(-1)!.push({ id: doc.id, text, url: doc.url })
    bytes += Buffer.byteLength(text)
    docs++
  }
  return { batches: out, bytes, docs }
}

// Runs the operator over every batch; returns how many documents it dropped (a filter's or
// a global step's verdicts) and the tokens it counted (a tokenizer's token_count).
async function apply(op: Operator, input: readonly Doc[][]): Promise<{ dropped: number; tokens: number }> {
  let dropped = 0
  let tokens = 0
  if (op.kind === 'global') {
    const keys: Uint8Array[] = []
    let keyBytes = 0
    for (const batch of input) {
      for (const key of op.key(batch, 0)) {
        keys.push(key)
        keyBytes += key.length
      }
    }
    const context = { keyBytes, scratch: path.join(tmpdir(), 'strata-bench-decide') }
    for (const verdict of (await op.decide((async function* () { yield* keys })(), context)).values()) if (verdict.reason !== null) dropped++
    return { dropped, tokens }
  }
  for (const batch of input) {
    if (op.kind === 'mapper') op.map(batch)
    else if (op.kind === 'annotator') for (const values of op.annotate(batch)) tokens += typeof values.token_count === 'number' ? values.token_count : 0
    else for (const reason of op.check(batch)) if (reason !== null) dropped++
  }
  return { dropped, tokens }
}

/** MinHash signing alone (dedup.minhash's key phase without the key bytes): the signature budget's case. */
export const minhashSignatures: BenchCase = {
  name: 'minhash-signatures',
  description: 'MinHasher.sign, word 5-grams, 14 x 8 hashes, distinct shingles for verification, bench corpus in memory (MB/s of document text)',
  async setup(scale) {
    const { batches: input, bytes, docs } = batches(scale, false)
    return {
      bytes,
      items: docs,
      run: async () => {
        const hasher = new MinHasher({ ngram: 5, bands: 14, rows: 8, seed: 1 })
        const bands = new Uint32Array(28)
        let signed = 0
        for (const batch of input) for (const doc of batch) if (hasher.sign(doc.text as string, bands, 0, true)) signed++
        return { detail: { docs, signed } }
      },
    }
  },
}

/** One case per registered operator: `op-<name>`. */
export const operatorCases: readonly BenchCase[] = [...OPERATORS.keys()].map((name) => ({
  name: `op-${name}`,
  description: `${name} alone (${operatorSpec(name).kind}), in process, batches of ${BATCH}, bench corpus in memory (MB/s of document text)`,
  async setup(scale) {
    const { batches: input, bytes, docs } = batches(scale, HTML_INPUT.has(name))
    const passages = input.flat().filter((_, i) => i % 7 === 0).slice(0, 2000)
    writeFileSync(BENCHMARK_FILE, passages.map((d) => `${JSON.stringify({ question: String(d.text).slice(0, 400) })}\n`).join(''))
    const step = defineRecipe({ input: 'bronze/bench', output: 'silver/bench', steps: [STEPS[name]!] }).steps[0]!
    await operatorSpec(name).load?.(step.config as never)
    return {
      bytes,
      items: docs,
      run: async () => {
        const op = operatorSpec(name).create(step.config as never)
        const { dropped, tokens } = await apply(op, input)
        return { detail: { docs, dropped, ...(tokens > 0 ? { tokens } : {}) } }
      },
    }
  },
}))
