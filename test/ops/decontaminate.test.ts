import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { decontaminate, type DecontaminateConfig } from '../../src/ops/decontaminate/decontaminate.ts'
import type { FilterOperator } from '../../src/ops/operator.ts'
import { datasetStore, initRepository } from '../../src/repo/repository.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { rows, run } from '../helpers/recipe-run.ts'
import { REPO_ROOT, TESTDATA, tempDir } from '../helpers/temp-dir.ts'

const GSM8K = path.join(TESTDATA, 'benchmarks/gsm8k/test.jsonl')
const HUMANEVAL = path.join(TESTDATA, 'benchmarks/humaneval/HumanEval.jsonl.gz')
const BENCHMARKS: DecontaminateConfig['benchmarks'] = [
  { name: 'gsm8k', path: GSM8K, fields: ['question', 'answer'] },
  { name: 'humaneval', path: HUMANEVAL, fields: ['prompt', 'canonical_solution'] },
]

async function operator(config: Partial<DecontaminateConfig> = {}): Promise<FilterOperator> {
  const full: DecontaminateConfig = { column: 'text', benchmarks: BENCHMARKS, ngram: 13, action: 'drop', ...config }
  await decontaminate.load!(full)
  return decontaminate.create(full) as FilterOperator
}

// Web-like text around what is planted: paragraphs of a public-domain text from the demo corpus.
const FILLER = readFileSync(path.join(REPO_ROOT, 'examples/corpus/us-constitution.txt'), 'utf8').split(/\n\s*\n/).filter((p) => p.length > 200)
const page = (i: number, planted: string) => `${FILLER[i % FILLER.length]}\n\nHomework help forum, posted by user${i}:\n${planted}\nAny hints appreciated!\n\n${FILLER[(i + 7) % FILLER.length]}`

const questions = readFileSync(GSM8K, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { question: string }).question)

// Arithmetic word problems written for this test, in the register of GSM8K but not from it.
function arithmetic(i: number): string {
  const names = ['Priya', 'Tomas', 'Aiko', 'Lars', 'Nadia', 'Kwame']
  const things = ['notebooks', 'oranges', 'train tickets', 'flower pots', 'bus passes']
  const a = 3 + ((i * 7) % 40)
  const b = 2 + ((i * 5) % 9)
  const who = names[i % names.length]
  const what = things[i % things.length]
  return `${who} orders ${a} ${what} for the school fair and each one costs ${b} dollars. ` +
    `After a discount of ${b + 1} dollars on the whole order, how much money does ${who} still have to pay the shop? ` +
    `The total is ${a} times ${b}, which is ${a * b}, minus ${b + 1}, giving ${a * b - b - 1} dollars.`
}

describe('decontaminate', () => {
  it('catches GSM8K questions embedded in longer web-like pages, and not unrelated arithmetic', async () => {
    const op = await operator()
    const planted = questions.filter((q) => q.split(/\s+/).length >= 20).filter((_, i) => i % 10 === 0)
    assert.ok(planted.length >= 100, `${planted.length} questions planted`)
    const caught = op.check(planted.map((q, i) => ({ text: page(i, q) })))
    const missed = planted.filter((_, i) => caught[i] !== 'contaminated_gsm8k')
    const clean = op.check(Array.from({ length: 300 }, (_, i) => ({ text: page(i, arithmetic(i)) })))
    console.log(`decontaminate: ${planted.length - missed.length}/${planted.length} embedded GSM8K questions caught; ${clean.filter((r) => r !== null).length}/300 arithmetic pages flagged`)
    assert.deepEqual(missed, [])
    assert.deepEqual(clean.filter((r) => r !== null), [])
  })

  it('names every benchmark matched; tag keeps the document and marks it', async () => {
    const humaneval = 'def has_close_elements(numbers: List[float], threshold: float) -> bool:\n    """ Check if in given list of numbers, are any two numbers closer to each other than\n    given threshold.'
    const docs = [{ text: page(1, `${humaneval}\n${questions[3]}`) }, { text: page(2, humaneval) }, { text: FILLER[0] }]
    assert.deepEqual((await operator()).check(docs), ['contaminated_gsm8k', 'contaminated_humaneval', null])
    assert.deepEqual(docs.map((d) => (d as Record<string, unknown>).contamination), ['gsm8k,humaneval', 'humaneval', null])
    const tagged = [{ text: page(2, humaneval) }, { text: 42 }]
    assert.deepEqual((await operator({ action: 'tag' })).check(tagged), [null, null])
    assert.deepEqual(tagged.map((d) => (d as Record<string, unknown>).contamination), ['humaneval', null])
  })

  it('indexes only n-grams of whole fields: a shorter field, or words across two fields, never match', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'bench.jsonl')
    writeFileSync(file, `${JSON.stringify({ q: 'one two three four five', a: 'six seven eight nine ten eleven twelve thirteen' })}\n`)
    const op = await operator({ benchmarks: [{ name: 'tiny', path: file, fields: ['q', 'a'] }], ngram: 5 })
    assert.deepEqual(op.check([{ text: 'One, two; three four FIVE!' }, { text: 'four five six seven eight' }, { text: 'x six seven eight nine ten y' }]), [
      'contaminated_tiny',
      null,
      'contaminated_tiny',
    ])
  })

  it('refuses a benchmark file that is missing, empty or of another format, naming it', async () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'empty.jsonl'), '')
    writeFileSync(path.join(dir, 'page.html'), '<html><body>hi</body></html>')
    const load = (file: string) => decontaminate.load!({ column: 'text', benchmarks: [{ name: 'b', path: file, fields: ['q'] }], ngram: 13, action: 'drop' })
    await assert.rejects(load(path.join(dir, 'nope.jsonl')), { code: 'not_found', message: `decontaminate: benchmark file ${path.join(dir, 'nope.jsonl')} does not exist` })
    await assert.rejects(load(path.join(dir, 'empty.jsonl')), { code: 'invalid_argument', message: /benchmark 'b': .*empty\.jsonl holds no records/ })
    await assert.rejects(load(path.join(dir, 'page.html')), { code: 'invalid_argument', message: /page\.html is not JSONL or Parquet \(html\)/ })
  })

  it('runs as a recipe step: the index loads in the workers, matches are counted per benchmark', async () => {
    const repo = await initRepository(tempDir())
    const store = datasetStore(repo, 'bronze', 'web')
    await createTable(store, { schema: { type: 'struct', fields: [{ name: 'id', type: 'string', nullable: false, metadata: {} }, { name: 'text', type: 'string', nullable: false, metadata: {} }] } })
    await writeRows(store, Array.from({ length: 60 }, (_, i) => ({ id: `p${i}`, text: page(i, i % 3 === 0 ? questions[i]! : arithmetic(i)) })))
    const recipe = `input: bronze/web\noutput: silver/web\nsteps:\n  - op: decontaminate\n    benchmarks:\n      - { name: gsm8k, path: ${JSON.stringify(GSM8K)}, fields: [question, answer] }\n`
    const summary = await run(repo, recipe)
    const steps = (summary.run.details as { steps: { step: string; dropped: Record<string, number> }[] }).steps
    assert.deepEqual(steps.map((s) => [s.step, s.dropped]), [['decontaminate', { contaminated_gsm8k: 20 }]])
    assert.equal((await rows(repo, 'silver', 'web')).length, 40)
  })
})
