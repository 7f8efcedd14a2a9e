import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import { sentenceDedup, type SentenceDedupConfig } from '../../src/ops/dedup/sentence-dedup.ts'
import type { Doc, GlobalOperator, Verdict } from '../../src/ops/operator.ts'
import { realFilterInputs } from '../interop/filter-fixture-inputs.ts'
import { FIXTURE_CONFIGS, FIXTURE_PATH, type FixtureConfig, type SentenceDedupFixture } from '../interop/make-sentence-dedup-fixture.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const DEFAULTS: SentenceDedupConfig = {
  column: 'text',
  language: 'en',
  n_sentences: 3,
  split_sentences: true,
  min_doc_words: 50,
  min_num_sentences: 3,
  min_words_to_remove_span: 0,
  lowercase: true,
  norm_whitespace: true,
  remove_punctuation: true,
  norm_unicode_diacritics: true,
  norm_numbers: true,
  norm_weekdays: false,
  norm_monthnames: false,
}

const make = (config: Partial<SentenceDedupConfig> = {}) => sentenceDedup.create({ ...DEFAULTS, ...config }) as GlobalOperator

/** The keys of `docs`, keyed in batches of `batch` as the engine's tasks would. */
function keysOf(op: GlobalOperator, docs: readonly Doc[], batch = docs.length): Uint8Array[] {
  const keys: Uint8Array[] = []
  for (let i = 0; i < docs.length; i += Math.max(1, batch)) keys.push(...op.key(docs.slice(i, i + batch), 0))
  return keys
}

async function decide(op: GlobalOperator, keys: readonly Uint8Array[]): Promise<Map<number, Verdict>> {
  const keyBytes = keys.reduce((n, k) => n + 4 + k.length, 0)
  return op.decide((async function* () { yield* keys })(), { keyBytes, scratch: tempDir() })
}

/** Runs the three phases over `docs` (rewritten in place, as the engine's apply phase does); returns each document's reason, null when kept. */
async function dedup(docs: Doc[], config: Partial<SentenceDedupConfig> = {}): Promise<(string | null)[]> {
  const op = make(config)
  const verdicts = await decide(op, keysOf(op, docs))
  return docs.map((doc, i) => {
    const verdict = verdicts.get(i)
    for (const column of op.columns) doc[column.name] = verdict?.values[column.name] ?? null
    if (!verdict) return null
    return verdict.reason ?? op.rewrite!(doc, verdict)
  })
}

// Sentences of ten words, distinct by their letters (numbers would be normalized away).
const NAMES = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu'.split(' ')
const sentence = (tag: string, i: number) => `The ${tag} ${NAMES[i % NAMES.length]} ${NAMES[(i * 7 + 3) % NAMES.length]} report covers the river market in detail.`
const sentences = (tag: string, from: number, count: number) => Array.from({ length: count }, (_, i) => sentence(tag, from + i))
const BLOCK = ['Subscribe to our newsletter for weekly updates.', 'We respect your privacy and never share data.', 'Read our cookie policy to learn more today.']

describe('dedup.sentence', () => {
  it('cuts a 3-sentence span repeated in a later document and keeps the first whole', async () => {
    const first = [...sentences('first', 0, 6), ...BLOCK].join(' ')
    const second = [...sentences('second', 0, 3), ...BLOCK, ...sentences('second', 3, 4)].join(' ')
    const docs: Doc[] = [{ text: first }, { text: second }]
    assert.deepEqual(await dedup(docs), [null, null])
    assert.equal(docs[0]!.text, first)
    assert.equal(docs[0]!.sentences_removed, null)
    assert.equal(docs[1]!.text, [...sentences('second', 0, 3), ...sentences('second', 3, 4)].join(' '))
    assert.equal(docs[1]!.sentences_removed, 3)
  })

  it('keeps whichever document comes first in input order', async () => {
    const a = [...sentences('a', 0, 6), ...BLOCK].join(' ')
    const b = [...BLOCK, ...sentences('b', 0, 6)].join(' ')
    const docs: Doc[] = [{ text: b }, { text: a }]
    assert.deepEqual(await dedup(docs), [null, null])
    assert.equal(docs[0]!.text, b)
    assert.equal(docs[1]!.text, sentences('a', 0, 6).join(' '))
  })

  it('sees through case, numbers, punctuation, spacing and accents, as datatrove normalizes', async () => {
    const original = ['Our café opened in 1999, near the old bridge.', 'It serves coffee and cake all day!', 'Ask for the menu at the counter.']
    const variant = ['OUR CAFE OPENED IN 2024 NEAR THE OLD BRIDGE!', 'It  serves coffee and cake, all day.', 'Ask for the menu at the counter ...']
    const docs: Doc[] = [{ text: [...sentences('x', 0, 5), ...original].join(' ') }, { text: [...sentences('y', 0, 5), ...variant].join(' ') }]
    await dedup(docs)
    assert.equal(docs[1]!.text, sentences('y', 0, 5).join(' '))
    const strict: Doc[] = [{ text: [...sentences('x', 0, 5), ...original].join(' ') }, { text: [...sentences('y', 0, 5), ...variant].join(' ') }]
    await dedup(strict, { lowercase: false })
    assert.equal(strict[1]!.sentences_removed, null, 'upper case differs once lowercasing is off')
  })

  it('cuts a repeat inside one document, keeping its first occurrence', async () => {
    const text = [...BLOCK, ...sentences('solo', 0, 6), ...BLOCK].join(' ')
    const docs: Doc[] = [{ text }]
    assert.deepEqual(await dedup(docs), [null])
    assert.equal(docs[0]!.text, [...BLOCK, ...sentences('solo', 0, 6)].join(' '))
    assert.equal(docs[0]!.sentences_removed, 3)
  })

  it('removes every sentence of overlapping repeated spans, and leaves sentences no repeated span covers', async () => {
    const shared = sentences('shared', 0, 5)
    const docs: Doc[] = [
      { text: [...sentences('one', 0, 4), ...shared].join(' ') },
      // Spans 0-2, 1-3 and 2-4 of the shared run repeat: all five sentences go; the run of
      // two shared sentences after 'middle' is no 3-sentence span of the first document.
      { text: [...sentences('two', 0, 4), ...shared, sentence('middle', 0), shared[0]!, shared[1]!, ...sentences('two', 4, 2)].join(' ') },
    ]
    assert.deepEqual(await dedup(docs), [null, null])
    assert.equal(docs[1]!.text, [...sentences('two', 0, 4), sentence('middle', 0), shared[0]!, shared[1]!, ...sentences('two', 4, 2)].join(' '))
    assert.equal(docs[1]!.sentences_removed, 5)
  })

  it('drops a document left with fewer than min_doc_words words, keeping its text for the rejected table', async () => {
    const kept = [...sentences('long', 0, 6), ...BLOCK].join(' ')
    const short = [...sentences('short', 0, 3), ...BLOCK].join(' ')
    const docs: Doc[] = [{ text: kept }, { text: short }]
    assert.deepEqual(await dedup(docs), [null, 'sentence_dedup_too_short'])
    assert.equal(docs[1]!.text, short)
    assert.equal(docs[1]!.sentences_removed, 3)
    const lenient: Doc[] = [{ text: kept }, { text: short }]
    assert.deepEqual(await dedup(lenient, { min_doc_words: 30 }), [null, null], 'three sentences of eleven words are 33 words')
    assert.equal(lenient[1]!.text, sentences('short', 0, 3).join(' '))
  })

  it('drops a document left with fewer than min_num_sentences sentences, and one left empty', async () => {
    const docs: Doc[] = [{ text: [...sentences('a', 0, 6), ...BLOCK].join(' ') }, { text: [...sentences('b', 0, 2), ...BLOCK].join(' ') }, { text: BLOCK.join('\n') }]
    assert.deepEqual(await dedup(docs, { min_doc_words: 0 }), [null, 'sentence_dedup_too_short', 'sentence_dedup_too_short'])
    const two: Doc[] = [{ text: [...sentences('a', 0, 6), ...BLOCK].join(' ') }, { text: [...sentences('b', 0, 2), ...BLOCK].join(' ') }, { text: BLOCK.join('\n') }]
    assert.deepEqual(await dedup(two, { min_doc_words: 0, min_num_sentences: 2 }), [null, null, 'sentence_dedup_too_short'])
  })

  it('leaves alone documents with fewer than n_sentences sentences and documents without a string text', async () => {
    const docs: Doc[] = [{ text: [...sentences('a', 0, 6), ...BLOCK].join(' ') }, { text: `${BLOCK[0]} ${BLOCK[1]}` }, { text: 42 }, { body: 'no text column' }, { text: null }]
    const op = make()
    const keys = keysOf(op, docs)
    assert.deepEqual(keys.slice(1).map((k) => k.length), [0, 0, 0, 0])
    assert.deepEqual(await dedup(docs), [null, null, null, null, null])
    assert.equal(docs[1]!.text, `${BLOCK[0]} ${BLOCK[1]}`)
    assert.equal(op.rewrite!({ text: 42 }, { reason: null, values: { sentences_removed: 3, sentence_ranges: [0, 3] } }), null)
  })

  it('drops an empty text, as datatrove keeps no empty document', async () => {
    const docs: Doc[] = [{ text: '' }, { text: ' ' }]
    assert.deepEqual(await dedup(docs), ['sentence_dedup_too_short', null])
  })

  it('keys a document with 8 bytes per span and none of its text', () => {
    const op = make()
    const [key] = op.key([{ text: sentences('k', 0, 7).join(' ') }], 0)
    assert.equal(key!.length, 8 * (7 - 3 + 1))
    const [single] = make({ n_sentences: 1 }).key([{ text: sentences('k', 0, 7).join(' ') }], 0)
    assert.equal(single!.length, 8 * 7)
    // Trailing whitespace after the last full stop is a sentence of its own, which datatrove does not hash.
    const [trailing] = op.key([{ text: `${sentences('k', 0, 7).join(' ')}\n\n` }], 0)
    assert.deepEqual(trailing, key)
  })

  it('keeps a repeated run shorter than min_words_to_remove_span words', async () => {
    const short = ['Hi there.', 'Thanks a lot.', 'See you soon.']
    const make2 = () => [{ text: [...sentences('a', 0, 6), ...short].join(' ') }, { text: [...sentences('b', 0, 6), ...short, ...BLOCK].join(' ') }, { text: [...sentences('c', 0, 6), ...BLOCK].join(' ') }] as Doc[]
    const docs = make2()
    await dedup(docs, { min_words_to_remove_span: 15 })
    assert.equal(docs[1]!.text, [...sentences('b', 0, 6), ...short, ...BLOCK].join(' '), 'the short run (11 words: datatrove counts punctuation tokens) stays; the block is its first occurrence')
    assert.equal(docs[2]!.text, sentences('c', 0, 6).join(' '), 'the block, 27 words, goes')
    assert.equal(docs[1]!.sentences_removed, 0)
    const all = make2()
    await dedup(all)
    assert.equal(all[1]!.text, [...sentences('b', 0, 6), ...BLOCK].join(' '))
  })

  it('works on lines when split_sentences is off, rejoining the kept lines with newlines', async () => {
    const lines = ['Home | About | Contact', 'Menu', 'Log in']
    const docs: Doc[] = [{ text: [...lines, 'First page text here'].join('\n') }, { text: ['Second page text', ...lines, 'More text', 'End'].join('\r\n') }]
    assert.deepEqual(await dedup(docs, { split_sentences: false, min_doc_words: 0, min_num_sentences: 0 }), [null, null])
    assert.equal(docs[1]!.text, 'Second page text\nMore text\nEnd')
  })

  it('is deterministic: the same keys in any batching, the same verdicts on every run', async () => {
    const docs: Doc[] = Array.from({ length: 40 }, (_, d) => ({ text: [...sentences(`d${d}`, 0, 4), ...BLOCK.slice(d % 3), ...sentences('common', d % 5, 4)].join(' ') }))
    const op = make()
    const whole = keysOf(op, docs)
    assert.deepEqual(keysOf(make(), docs, 7), whole)
    const first = await decide(op, whole)
    assert.ok(first.size > 10, `${first.size} documents lose sentences`)
    assert.deepEqual(await decide(make(), keysOf(make(), docs, 3)), first)
  })
})

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const MIN_AGREEMENT = 0.99

describe('dedup.sentence agrees with datatrove 0.10.1', () => {
  const fixture = JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as SentenceDedupFixture
  const texts = new Map<string, string>()

  before(async () => {
    for (const doc of await realFilterInputs()) texts.set(doc.id, doc.text)
    for (const doc of fixture.documents) if (doc.text !== undefined) texts.set(doc.id, doc.text)
  })

  it('rebuilds every fixture document exactly, from testdata or the fixture', () => {
    const changed = fixture.documents.filter((d) => !texts.has(d.id) || sha256(texts.get(d.id)!) !== d.sha256).map((d) => d.id)
    assert.deepEqual(changed, [], 'these inputs differ from the fixture; rebuild it with node test/interop/make-sentence-dedup-fixture.ts')
  })

  for (const name of Object.keys(FIXTURE_CONFIGS) as FixtureConfig[]) {
    it(`${name}: the same text, or the same drop, for at least 99% of the documents`, async () => {
      const docs: Doc[] = fixture.documents.map((d) => ({ text: texts.get(d.id)! }))
      const reasons = await dedup(docs, FIXTURE_CONFIGS[name])
      const ours = docs.map((doc, i) => (reasons[i] === null ? sha256(doc.text as string) : null))
      const disagreements = fixture.documents.flatMap((d, i) => (ours[i] === d.datatrove[name] ? [] : [`${d.id}: datatrove ${d.datatrove[name] === null ? 'drops' : 'keeps'}, strata ${ours[i] === null ? 'drops' : 'keeps'}${d.datatrove[name] !== null && ours[i] !== null ? ' (texts differ)' : ''}`]))
      const changed = fixture.documents.filter((d) => d.datatrove[name] !== d.sha256).length
      const agreement = 1 - disagreements.length / fixture.documents.length
      console.log(`${name}: agreement ${(agreement * 100).toFixed(2)}% (${fixture.documents.length - disagreements.length}/${fixture.documents.length}; datatrove changes or drops ${changed})`)
      for (const line of disagreements) console.log(`  ${line}`)
      assert.ok(agreement >= MIN_AGREEMENT, `${name}: ${disagreements.length} disagreements`)
    })
  }
})
