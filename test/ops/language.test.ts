import { Ajv } from 'ajv'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { describe, it } from 'node:test'
import { Worker } from 'node:worker_threads'
import { SAMPLES } from './fixtures/language-samples.ts'
import { languageAnnotator } from '../../src/ops/language/annotator.ts'
import { languageFilter, type LanguageFilterConfig } from '../../src/ops/language/filter.ts'
import type { AnnotatorOperator, Doc, FilterOperator } from '../../src/ops/operator.ts'



await languageAnnotator.load!({ column: 'text', prefix: '' })
const annotator = languageAnnotator.create({ column: 'text', prefix: '' }) as AnnotatorOperator
const filter = (config: Partial<LanguageFilterConfig>) =>
  languageFilter.create({ column: 'text', languages: ['en'], min_score: 0.65, prefix: '', ...config }) as FilterOperator
const scoreOf = (text: string) => annotator.annotate([{ text }])[0]!.lang_score as number

describe('annotate.language', () => {
  it(`labels ${Object.keys(SAMPLES).length} languages, each above the default min_score`, () => {
    const docs = Object.values(SAMPLES).map((text) => ({ text }))
    const got = annotator.annotate(docs)
    const rows = Object.keys(SAMPLES).map((want, i) => ({ want, got: got[i]!.lang, score: got[i]!.lang_score as number }))
    console.log(['lang  predicted  score', ...rows.map((r) => `${r.want.padEnd(6)}${String(r.got).padEnd(11)}${r.score.toFixed(4)}`)].join('\n'))
    assert.deepEqual(rows.map((r) => r.got), Object.keys(SAMPLES))
    for (const r of rows) assert.ok(r.score > 0.65 && r.score < 1.001, `${r.want}: score ${r.score}`)
  })

  it('adds a nullable string lang and a nullable double lang_score, named with the prefix', () => {
    const op = languageAnnotator.create({ column: 'body', prefix: 'ft_' }) as AnnotatorOperator
    assert.deepEqual(op.columns, [
      { name: 'ft_lang', type: 'string', nullable: true, metadata: {} },
      { name: 'ft_lang_score', type: 'double', nullable: true, metadata: {} },
    ])
    const [row] = op.annotate([{ body: SAMPLES.fr }])
    assert.deepEqual(Object.keys(row!), ['ft_lang', 'ft_lang_score'])
    assert.equal(row!.ft_lang, 'fr')
    assert.equal(typeof row!.ft_lang_score, 'number')
  })

  it('gives nulls for a text that is missing, not a string, empty or only whitespace', () => {
    const none = { lang: null, lang_score: null }
    assert.deepEqual(annotator.annotate([{}, { text: null }, { text: 42 }, { text: '' }, { text: ' \n\t\r ' }]), [none, none, none, none, none])
  })

  it('reads the whole text, not its first line: newlines count as spaces', () => {
    const text = `Hello everyone\n${SAMPLES.de!.replaceAll('. ', '.\n')}`
    const [lined] = annotator.annotate([{ text }])
    const [spaced] = annotator.annotate([{ text: text.replaceAll('\n', ' ') }])
    assert.equal(lined!.lang, 'de', 'fastText alone would stop at the English first line')
    assert.deepEqual(lined, spaced)
    assert.equal(annotator.annotate([{ text: 'Hello everyone' }])[0]!.lang, 'en')
  })

  it('loads the model in a worker thread and predicts the same there', async () => {
    const module = new URL('../../src/ops/language/annotator.ts', import.meta.url).href
    const docs = [{ text: SAMPLES.ja }, { text: SAMPLES.pl }, { text: '' }]
    const code = `
      const { parentPort, workerData } = require('node:worker_threads')
      import(workerData.module).then(async ({ languageAnnotator }) => {
        await languageAnnotator.load()
        parentPort.postMessage(languageAnnotator.create({ column: 'text', prefix: '' }).annotate(workerData.docs))
      })`
    const worker = new Worker(code, { eval: true, workerData: { module, docs } })
    try {
      const [fromWorker] = await once(worker, 'message')
      assert.deepEqual(fromWorker, annotator.annotate(docs))
    } finally {
      await worker.terminate()
    }
  })
})

describe('filter.language', () => {
  it('keeps the listed languages above min_score and drops the others with reason language', () => {
    const op = filter({ languages: ['en', 'de'] })
    assert.deepEqual(op.check([{ text: SAMPLES.en }, { text: SAMPLES.de }, { text: SAMPLES.fr }, { text: SAMPLES.zh }]), [null, null, 'language', 'language'])
  })

  it('keeps a score just above min_score and drops one equal to it or below (strictly above, as datatrove)', () => {
    const score = scoreOf(SAMPLES.nl!)
    const check = (min_score: number) => filter({ languages: ['nl'], min_score }).check([{ text: SAMPLES.nl }])[0]
    assert.equal(check(score - 0.001), null)
    assert.equal(check(score), 'language')
    assert.equal(check(score + 0.001), 'language')
  })

  it('drops a short ambiguous text under the defaults, which its low score fails', () => {
    assert.ok(scoreOf('Hello world') < 0.65)
    assert.deepEqual(filter({}).check([{ text: 'Hello world' }, { text: 'Thanks for reading.' }]), ['language', null])
  })

  it('keeps any language above min_score when the list is empty', () => {
    const op = filter({ languages: [] })
    assert.deepEqual(op.check([{ text: SAMPLES.ko }, { text: SAMPLES.el }, { text: 'Hello world' }]), [null, null, 'language'])
  })

  it('says no_text for a text that is not a string, and drops a text with no words', () => {
    assert.deepEqual(filter({}).check([{}, { text: 7 }, { text: '' }, { text: '  ' }]), ['no_text', 'no_text', 'language', 'language'])
  })

  it("reuses annotate.language's columns, with the same prefix, instead of predicting", () => {
    const docs: Doc[] = [{ text: SAMPLES.de, lang: 'en', lang_score: 0.9 }, { text: SAMPLES.de, x_lang: 'en', x_lang_score: 0.9 }]
    assert.deepEqual(filter({}).check(docs), [null, 'language'])
    assert.deepEqual(filter({ prefix: 'x_' }).check(docs), ['language', null])
  })

  it('with min_score below 0.5, keeps a listed language that is not the top one, as datatrove does', () => {
    // 'Hello world': en 0.168, fr 0.091, de 0.035.
    const fr = filter({ languages: ['fr'], min_score: 0.05 })
    const de = filter({ languages: ['de'], min_score: 0.05 })
    assert.deepEqual(fr.check([{ text: 'Hello world' }]), [null])
    assert.deepEqual(de.check([{ text: 'Hello world' }]), ['language'])
    const annotated = annotator.annotate([{ text: 'Hello world' }])[0]!
    assert.equal(annotated.lang, 'en')
    assert.deepEqual(fr.check([{ text: 'Hello world', ...annotated }]), [null], 'the top label alone does not decide below 0.5')
  })

  it('refuses a language lid.176 does not know, with the closest label', () => {
    assert.throws(() => filter({ languages: ['en', 'eng'] }), {
      name: 'StrataError',
      code: 'invalid_argument',
      message: "filter.language: languages: 'eng' is not a lid.176 label; did you mean 'en'?",
    })
    assert.throws(() => filter({ languages: ['klingon'] }), { message: "filter.language: languages: 'klingon' is not a lid.176 label (they are ISO 639-1 codes where one exists, e.g. en, zh)" })
  })

  it("has schemas whose defaults are datatrove's: English, above 0.65", () => {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false })
    const filterConfig: Record<string, unknown> = {}
    const annotatorConfig: Record<string, unknown> = {}
    assert.equal(ajv.compile(languageFilter.config)(filterConfig), true)
    assert.equal(ajv.compile(languageAnnotator.config)(annotatorConfig), true)
    assert.deepEqual(filterConfig, { column: 'text', languages: ['en'], min_score: 0.65, prefix: '' })
    assert.deepEqual(annotatorConfig, { column: 'text', prefix: '' })
  })
})
