import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { getLIDModel } from 'fasttext.wasm.js'
import { generateCorpus } from '../../bench/corpus.ts'
import { readFastTextFile } from '../../src/ops/language/fasttext-file.ts'
import { FastTextModel, loadFastTextModel, LID_176_MODEL, type FastTextPrediction } from '../../src/ops/language/fasttext-model.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { SAMPLES } from './fixtures/language-samples.ts'


type WasmModel = Awaited<ReturnType<Awaited<ReturnType<typeof getLIDModel>>['load']>>

/** fastText's own answer, from the WebAssembly build of its C++ that fasttext.wasm.js ships. */
function wasmPredict(model: WasmModel, text: string, k: number, threshold: number): FastTextPrediction[] {
  const found = model.predict(text, k, threshold)
  try {
    const out: FastTextPrediction[] = []
    for (let i = 0; i < found.size(); i++) {
      const [score, label] = found.get(i)
      out.push({ label: label.replace(/^__label__/, ''), score })
    }
    return out
  } finally {
    found.delete()
  }
}

/** A seeded generator (mulberry32), so the random texts are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

// Code point ranges for random words: ASCII, Latin-1, Cyrillic, Greek, Arabic, Devanagari,
// Thai, CJK, Hangul, combining marks, emoji and other 4-byte UTF-8 (sign-extended bytes in the hash).
const BLOCKS: readonly [number, number][] = [
  [0x21, 0x7e], [0x61, 0x7a], [0xc0, 0xff], [0x400, 0x44f], [0x391, 0x3c9], [0x621, 0x64a], [0x905, 0x939],
  [0xe01, 0xe2e], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0x300, 0x36f], [0x1f300, 0x1f64f], [0x20000, 0x2a6df],
]

function randomText(next: () => number): string {
  const words: string[] = []
  for (let w = 0, n = 1 + Math.floor(next() * 12); w < n; w++) {
    const [lo, hi] = BLOCKS[Math.floor(next() * BLOCKS.length)]!
    let word = ''
    for (let c = 0, len = 1 + Math.floor(next() * 9); c < len; c++) word += String.fromCodePoint(lo + Math.floor(next() * (hi - lo + 1)))
    words.push(word)
  }
  return words.join(next() < 0.2 ? '\t' : ' ')
}

const EDGE_CASES = [
  '', ' ', '\t', '\n', '\r\n', '\0', ' \v\f\r ', 'x', 'I', '!', '!!!', '...', '?!?', '—', '«»', '()', '#', '1', '2024', '3.14159',
  '+1 (555) 010-9999', 'https://example.com/a?b=c', 'user@example.com', '<html>', '<>', '< >', '>', '<', '<<>>',
  '😀', '😀😀😀', '👍🏽 great', '🇫🇷🇩🇪', '👩‍👩‍👧‍👦', '🎉 party 🎉', 'ok 👌', '❤️', '☃', '∑∫√', '→ ← ↑',
  'Hello Мир 世界', 'Tokyo 東京 とうきょう', 'Berlin Берлин Βερολίνο', 'coffee café kaffee кофе', 'שלום hello سلام',
  'Ω', 'é', 'e\u0301', 'ß', 'ǅ', '\u200b', '\u00a0', 'a\u00a0b', '\ufeffhello', 'tab\tseparated\twords',
  '__label__en', '__label__en hello world', 'hello __label__fr', '__label__', '__label__xx', '__labe', '</s>', '</s> after',
  'before </s> after', 'a </s>', '</s></s>', '<s>', 'line one\nline two', '\nstarts with a newline', 'ends with newline\n',
  'Hello world', 'hello', 'HELLO', 'the', 'der', 'le', 'и', '的', 'de', 'la', 'in', 'and', 'of the', 'Thanks for reading.',
]

/** More than 2,000 texts: the samples and their variants, bench documents, short, odd, mixed-script and very long texts. */
function varietyTexts(): string[] {
  const texts: string[] = []
  const samples = Object.values(SAMPLES)
  samples.forEach((sample, i) => {
    const words = sample.split(' ')
    for (const n of [1, 2, 3, 5, 8]) texts.push(words.slice(0, n).join(' '))
    texts.push(sample, sample.toLowerCase(), sample.toUpperCase(), `${sample} ${samples[(i + 1) % samples.length]}`, sample.replaceAll('. ', '.\n'))
  })
  const docs = [...generateCorpus({ seed: 5, docs: 1200 })].map((d) => d.text)
  for (const doc of docs) texts.push(doc.replaceAll('\n', ' '))
  for (const doc of docs.slice(0, 200)) {
    texts.push(doc)
    const words = doc.split(/\s+/)
    for (const n of [1, 2, 4]) texts.push(words.slice(0, n).join(' '))
  }
  texts.push(...EDGE_CASES)
  const next = random(42)
  for (let i = 0; i < 300; i++) texts.push(randomText(next))
  const long = docs.slice(0, 60).join(' ').replaceAll('\n', ' ')
  texts.push(long, long.toUpperCase(), `${SAMPLES.zh!.repeat(3000)}`, 'a'.repeat(200_000), 'word '.repeat(40_000), '😀'.repeat(30_000))
  let noSpaces = ''
  for (let i = 0; i < 50_000; i++) noSpaces += String.fromCodePoint(0x4e00 + Math.floor(next() * 0x5000))
  texts.push(noSpaces)
  return texts
}

interface Agreement {
  readonly texts: number
  readonly maxTopDiff: number
  readonly maxDiff: number
  /** Ranks where the labels differ, every one a tie: both scores within 1e-6. */
  readonly ties: number
}

/** Asserts that the two models give the same labels and scores (within 1e-4) for every text, at k and threshold. */
function compare(mine: FastTextModel, wasm: WasmModel, texts: readonly string[], k: number, threshold: number): Agreement {
  let maxTopDiff = 0
  let maxDiff = 0
  let ties = 0
  for (const text of texts) {
    const got = mine.predict(text, k, threshold)
    const want = wasmPredict(wasm, text, k, threshold)
    const where = `text ${JSON.stringify(text.slice(0, 80))} (${text.length} chars), k ${k}, threshold ${threshold}`
    assert.equal(got.length, want.length, where)
    if (want.length === 0) continue
    assert.equal(got[0]!.label, want[0]!.label, where)
    maxTopDiff = Math.max(maxTopDiff, Math.abs(got[0]!.score - want[0]!.score))
    for (let i = 0; i < want.length; i++) {
      const diff = Math.abs(got[i]!.score - want[i]!.score)
      maxDiff = Math.max(maxDiff, diff)
      if (got[i]!.label !== want[i]!.label) {
        assert.ok(diff <= 1e-6, `${where}: rank ${i} is ${got[i]!.label} ${got[i]!.score}, fastText says ${want[i]!.label} ${want[i]!.score}`)
        ties++
      }
    }
  }
  assert.ok(maxTopDiff <= 1e-4 && maxDiff <= 1e-4, `scores differ by up to ${maxDiff}`)
  return { texts: texts.length, maxTopDiff, maxDiff, ties }
}

const mine = await loadFastTextModel(LID_176_MODEL)
const wasm = await (await getLIDModel()).load()
const texts = varietyTexts()

describe('FastTextModel on lid.176.ftz, against the fastText WebAssembly build', () => {
  it(`agrees on the top language and its score for ${texts.length} varied texts`, () => {
    assert.ok(texts.length >= 2000)
    const top = compare(mine, wasm, texts, 1, 0)
    console.log(`k=1: ${top.texts} texts, max score difference ${top.maxTopDiff}`)
  })

  it('agrees on the three most likely languages, in order, except between tied scores', () => {
    const three = compare(mine, wasm, texts, 3, 0)
    console.log(`k=3: ${three.texts} texts, max score difference ${three.maxDiff}, ${three.ties} tied ranks with other labels`)
  })

  it('agrees on every language above a threshold (k = -1)', () => {
    for (const threshold of [0.01, 0.2, 0.5]) {
      const above = compare(mine, wasm, texts.filter((_, i) => i % 4 === 0), -1, threshold)
      console.log(`k=-1, threshold ${threshold}: ${above.texts} texts, max score difference ${above.maxDiff}, ${above.ties} ties`)
    }
  })

  it('still agrees after meeting more unknown words than it remembers (65,536), and on a 600 KB word', () => {
    const next = random(7)
    const many: string[] = []
    const distinct = new Set<string>()
    for (let i = 0; i < 1800; i++) {
      const words: string[] = []
      for (let w = 0; w < 40; w++) {
        let word = ''
        for (let c = 0, len = 6 + Math.floor(next() * 12); c < len; c++) word += String.fromCharCode(0x61 + Math.floor(next() * 26))
        words.push(word)
        distinct.add(word)
      }
      many.push(words.join(' '))
    }
    assert.ok(distinct.size > 70_000)
    // Known texts again after the memory was emptied, then a word longer than any buffer so far.
    const result = compare(mine, wasm, [...many, ...texts.slice(0, 300), 'xyz'.repeat(200_000)], 1, 0)
    console.log(`${distinct.size} distinct unknown words: ${result.texts} texts, max score difference ${result.maxTopDiff}`)
  })

  it('reads only the first line, and treats a literal </s> as its end, as fastText does', () => {
    const first = mine.predict(SAMPLES.de!, 1)
    assert.deepEqual(mine.predict(`${SAMPLES.de}\n${SAMPLES.en}`, 1), first)
    assert.deepEqual(mine.predict(`${SAMPLES.de} </s> ${SAMPLES.en}`, 1), mine.predict(`${SAMPLES.de} </s>`, 1))
    assert.equal(mine.predict(SAMPLES.en!, 1)[0]!.label, 'en')
  })

  it('labels every text, even one without words (from </s> alone), like fastText', () => {
    assert.deepEqual(mine.predict('', 2), mine.predict(' \t ', 2))
    assert.equal(mine.predict('', 1).length, 1)
    assert.equal(mine.labels.length, 176)
  })

  it('refuses a k that is neither -1 nor a positive integer', () => {
    for (const k of [0, -2, 1.5]) {
      assert.throws(() => mine.predict('hello', k), { name: 'StrataError', code: 'invalid_argument', message: `fastText predict: k is ${k}, not -1 or a positive integer` })
    }
  })
})

describe('FastTextModel on variants of lid.176.ftz (both builds load the same patched file)', () => {
  const bytes = readFileSync(LID_176_MODEL)
  const dir = tempDir('strata-fasttext-')
  const patched = (name: string, offset: number, value: number): string => {
    const copy = Uint8Array.from(bytes)
    new DataView(copy.buffer).setInt32(offset, value, true)
    const file = path.join(dir, name)
    writeFileSync(file, copy)
    return file
  }
  // The header: magic, version, then the int32 args dim, ws, epoch, minCount, neg, wordNgrams, loss...
  const VERSION = 4
  const WORD_NGRAMS = 28
  const LOSS = 32

  it('adds word bigram rows (wordNgrams 2, hashed in 64 bits) as fastText does', async () => {
    const file = patched('bigrams.ftz', WORD_NGRAMS, 2)
    const ours = await loadFastTextModel(file)
    const theirs = await (await getLIDModel({ modelPath: pathToFileURL(file).href })).load()
    const sample = texts.filter((_, i) => i % 5 === 0)
    const result = compare(ours, theirs, sample, 3, 0)
    // Few bigram buckets survived pruning (the model was trained without them), but some texts meet one.
    const changed = sample.filter((text) => ours.predict(text, 1)[0]?.score !== mine.predict(text, 1)[0]?.score).length
    console.log(`wordNgrams 2: ${result.texts} texts, ${changed} changed by bigrams, max score difference ${result.maxDiff}, ${result.ties} ties`)
    assert.ok(changed > 0)
  })

  it('uses no char n-grams in a supervised model of format version 11, as fastText does', async () => {
    const file = patched('v11.ftz', VERSION, 11)
    const ours = await loadFastTextModel(file)
    const theirs = await (await getLIDModel({ modelPath: pathToFileURL(file).href })).load()
    const result = compare(ours, theirs, texts.filter((_, i) => i % 5 === 0), 3, 0)
    console.log(`version 11: ${result.texts} texts, max score difference ${result.maxDiff}, ${result.ties} ties`)
    assert.notDeepEqual(ours.predict(SAMPLES.en!, 3), mine.predict(SAMPLES.en!, 3))
  })

  it('refuses a model whose loss is not hierarchical softmax', async () => {
    const file = patched('softmax.ftz', LOSS, 3)
    await assert.rejects(loadFastTextModel(file), {
      name: 'StrataError',
      code: 'unsupported_feature',
      message: 'fastText model of type sup with loss softmax: only supervised models with loss hs (as lid.176) can predict here',
    })
  })

  it('says what is wrong with a file that is not a fastText model or is cut short', () => {
    assert.throws(() => readFastTextFile(new TextEncoder().encode('not a model at all'), 'x.ftz'), {
      code: 'corrupt_file',
      message: 'x.ftz is not a fastText model (magic 544501614, version 1869422689; expected 793712314, version <= 12)',
    })
    assert.throws(() => readFastTextFile(bytes.subarray(0, 1000), 'cut.ftz'), { code: 'corrupt_file', message: /^cut\.ftz is truncated: / })
    assert.throws(() => new FastTextModel(readFastTextFile(Buffer.concat([bytes, Buffer.from([0])]), 'long.ftz')), {
      code: 'corrupt_file',
      message: 'long.ftz has 1 bytes after the output matrix',
    })
  })
})
