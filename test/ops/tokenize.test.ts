import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { isStrataError } from '../../src/core/errors.ts'
import type { AnnotatorOperator, Doc } from '../../src/ops/operator.ts'
import { serdeF64 } from '../../src/ops/tokenize/serde-float.ts'
import { tokenize, type TokenizeConfig } from '../../src/ops/tokenize/tokenize.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { FIXTURE_ENCODINGS, FIXTURE_PATH, FIXTURE_TOKENIZERS, type TokenizerFixture } from '../interop/make-tokenizer-fixture.ts'

const fixture: TokenizerFixture = JSON.parse(readFileSync(FIXTURE_PATH, 'utf8'))
const tokenizerFile = (name: string) => path.join(path.dirname(FIXTURE_PATH), `${name}.tokenizer.json`)

async function operator(config: Partial<TokenizeConfig>): Promise<AnnotatorOperator> {
  const full: TokenizeConfig = { column: 'text', bos: null, eos: null, keep_tokens: true, ...config }
  await tokenize.load!(full)
  return tokenize.create(full) as AnnotatorOperator
}

/** The texts whose ids differ from the reference's, and how many were compared. */
function compare(op: AnnotatorOperator, reference: (entry: TokenizerFixture['texts'][number]) => readonly number[] | null) {
  const entries = fixture.texts.filter((entry) => reference(entry) !== null)
  const out = op.annotate(entries.map((entry) => ({ text: entry.text })))
  const differ = entries.filter((entry, i) => JSON.stringify(out[i]!.tokens) !== JSON.stringify(reference(entry))).map((entry) => entry.id)
  const tokens = out.reduce((sum, row) => sum + (row.token_count as number), 0)
  return { compared: entries.length, tokens, differ }
}

async function rejection(config: Partial<TokenizeConfig>, create = false): Promise<{ code: string; message: string }> {
  const full: TokenizeConfig = { column: 'text', bos: null, eos: null, keep_tokens: true, ...config }
  try {
    if (create) tokenize.create(full)
    else await tokenize.load!(full)
  } catch (e) {
    if (!isStrataError(e)) throw e
    return { code: e.code, message: e.message }
  }
  assert.fail('the config was accepted')
}

describe('tokenize', () => {
  for (const encoding of FIXTURE_ENCODINGS) {
    it(`encodes every fixture text as tiktoken ${fixture.tiktoken}'s ${encoding} encode_ordinary does`, async () => {
      const result = compare(await operator({ encoding }), (entry) => entry[encoding])
      console.log(`tokenize ${encoding}: ${result.compared - result.differ.length}/${result.compared} texts (${result.tokens} tokens) equal tiktoken's ids`)
      assert.equal(result.compared, fixture.texts.length)
      assert.deepEqual(result.differ, [])
    })
  }

  // The JavaScript port alone would differ on 'whitespace-u0085' with bpe.tokenizer.json: its
  // ByteLevel splits on JavaScript's \s. (Its Unigram and Metaspace differ on the crafted texts below.)
  for (const name of FIXTURE_TOKENIZERS) {
    it(`encodes every fixture text as tokenizers ${fixture.tokenizers} does with the ${name} tokenizer.json`, async () => {
      const result = compare(await operator({ tokenizer: tokenizerFile(name) }), (entry) => entry[name])
      console.log(`tokenize ${name}.tokenizer.json: ${result.compared - result.differ.length}/${result.compared} texts (${result.tokens} tokens) equal tokenizers' ids`)
      // The Rust library cannot take the one text with lone surrogates.
      assert.equal(result.compared, fixture.texts.length - 1)
      assert.deepEqual(result.differ, [])
    })
  }

  it('breaks ties between Unigram segmentations as the Rust library does', async () => {
    const op = await operator({ tokenizer: tokenizerFile('unigram-crafted') })
    const cases = fixture.crafted_unigram
    const rows = op.annotate(cases.map((c) => ({ text: c.text })))
    const differ = cases.filter((c, i) => JSON.stringify(rows[i]!.tokens) !== JSON.stringify(c.ids)).map((c) => c.text)
    console.log(`tokenize unigram-crafted.tokenizer.json: ${cases.length - differ.length}/${cases.length} texts equal tokenizers' ids`)
    assert.deepEqual(differ, [])
  })

  it("reads a Unigram tokenizer.json's scores as the Rust library does, not as JSON.parse does", () => {
    const sources: string[] = []
    const json = JSON.parse(readFileSync(tokenizerFile('unigram'), 'utf8'), (key, value: unknown, context?: { source?: string }) => {
      if (typeof value === 'number' && key === '1' && context?.source !== undefined) sources.push(context.source)
      return value
    }) as { model: { vocab: [string, number][] } }
    assert.equal(sources.length, fixture.unigram_scores.length)
    const nearest = json.model.vocab.filter(([, score], i) => score !== fixture.unigram_scores[i]).length
    const differ = sources.filter((source, i) => serdeF64(source) !== fixture.unigram_scores[i])
    console.log(`tokenize unigram scores: ${sources.length - differ.length}/${sources.length} read as Rust reads them; JSON.parse rounds ${nearest} otherwise`)
    assert.deepEqual(differ, [])
    assert.ok(nearest > 0)
    assert.equal(serdeF64('-3.7762166600840867'), -3.7762166600840863)
    assert.equal(serdeF64('1.5e-7'), 1.5e-7)
    assert.equal(serdeF64('-0'), -0)
  })

  it('resolves every special token to the id the reference gives it', async () => {
    for (const [name, specials] of Object.entries(fixture.special_tokens)) {
      const source = (FIXTURE_ENCODINGS as readonly string[]).includes(name) ? { encoding: name as TokenizeConfig['encoding'] } : { tokenizer: tokenizerFile(name) }
      for (const [token, id] of Object.entries(specials)) {
        const [row] = (await operator({ ...source, bos: token })).annotate([{ text: '' }])
        assert.deepEqual(row, { tokens: [id], token_count: 1 }, `${name} ${token}`)
      }
    }
  })

  it('puts the BOS before and the EOS after every document, and nowhere else', async () => {
    const plain = (await operator({ encoding: 'cl100k_base' })).annotate([{ text: 'Hello world' }, { text: '' }])
    assert.deepEqual(plain, [{ tokens: [9906, 1917], token_count: 2 }, { tokens: [], token_count: 0 }])
    const both = await operator({ encoding: 'cl100k_base', bos: '<|endoftext|>', eos: '<|endofprompt|>' })
    assert.deepEqual(both.annotate([{ text: 'Hello world' }, { text: '' }]), [
      { tokens: [100257, 9906, 1917, 100276], token_count: 4 },
      { tokens: [100257, 100276], token_count: 2 },
    ])
    const eos = await operator({ tokenizer: tokenizerFile('bpe'), eos: '</s>' })
    const bpe = fixture.texts.find((entry) => entry.id === 'english-short')!
    assert.deepEqual(eos.annotate([{ text: bpe.text }]), [{ tokens: [...bpe.bpe!, 1], token_count: bpe.bpe!.length + 1 }])
    // An ordinary vocabulary entry may serve too, spelled as the vocabulary spells it.
    const [row] = (await operator({ encoding: 'o200k_base', bos: 'Hello' })).annotate([{ text: ' world' }])
    assert.deepEqual(row, { tokens: [13225, 2375], token_count: 2 })
  })

  it('encodes special-token spellings inside a document as ordinary text', async () => {
    const text = 'end<|endoftext|>start <s>x</s>'
    const [cl] = (await operator({ encoding: 'cl100k_base' })).annotate([{ text }])
    const [o2] = (await operator({ encoding: 'o200k_base' })).annotate([{ text }])
    const [bpe] = (await operator({ tokenizer: tokenizerFile('bpe') })).annotate([{ text }])
    assert.ok(!(cl!.tokens as number[]).includes(100257))
    assert.ok(!(o2!.tokens as number[]).includes(199999))
    assert.ok(!(bpe!.tokens as number[]).some((id) => id === 0 || id === 1))
    assert.ok((cl!.tokens as number[]).length > 8)
  })

  it('writes only token_count without keep_tokens, equal to the number of ids', async () => {
    const docs = fixture.texts.map((entry) => ({ text: entry.text }))
    for (const source of [{ encoding: 'o200k_base' as const }, { tokenizer: tokenizerFile('unigram') }]) {
      const kept = await operator({ ...source, bos: null, eos: null })
      const counted = await operator({ ...source, keep_tokens: false })
      assert.deepEqual(kept.columns.map((c) => c.name), ['tokens', 'token_count'])
      assert.deepEqual(counted.columns.map((c) => c.name), ['token_count'])
      const rows = kept.annotate(docs)
      for (const row of rows) assert.equal(row.token_count, (row.tokens as number[]).length)
      assert.deepEqual(counted.annotate(docs), rows.map((row) => ({ token_count: row.token_count })))
    }
  })

  it('declares tokens as an array of integers and token_count as a long', async () => {
    const op = await operator({ encoding: 'cl100k_base' })
    assert.deepEqual(op.columns, [
      { name: 'tokens', type: { type: 'array', elementType: 'integer', containsNull: false }, nullable: true, metadata: {} },
      { name: 'token_count', type: 'long', nullable: true, metadata: {} },
    ])
  })

  it('gives null for a document whose column is not a string, and reads the configured column', async () => {
    const docs: Doc[] = [{ body: 42 }, { body: null }, {}, { body: ['a'] }, { body: 'ok', text: 'ignored' }]
    assert.deepEqual((await operator({ encoding: 'cl100k_base', column: 'body', eos: '<|endoftext|>' })).annotate(docs), [
      { tokens: null, token_count: null },
      { tokens: null, token_count: null },
      { tokens: null, token_count: null },
      { tokens: null, token_count: null },
      { tokens: [564, 100257], token_count: 2 },
    ])
    assert.deepEqual((await operator({ tokenizer: tokenizerFile('wordpiece'), column: 'body', keep_tokens: false })).annotate(docs.slice(0, 2)), [
      { token_count: null },
      { token_count: null },
    ])
  })

  it('stays exact after its piece cache fills and is emptied', async () => {
    const op = await operator({ encoding: 'cl100k_base' })
    // 300,000 distinct words: more pieces than the cache holds.
    const letters = 'abcdefghijklmnopqrstuvwxyz'
    const words = Array.from({ length: 300_000 }, (_, i) => letters[i % 26]! + letters[Math.floor(i / 26) % 26]! + letters[Math.floor(i / 676) % 26]! + letters[Math.floor(i / 17576) % 26]!)
    op.annotate([{ text: words.join(' ') }])
    const result = compare(op, (entry) => entry.cl100k_base)
    assert.deepEqual(result.differ, [])
  })

  it('refuses a config with neither or both of encoding and tokenizer, or an unknown encoding', async () => {
    const neither = { code: 'invalid_argument', message: 'tokenize: set encoding (cl100k_base or o200k_base) or tokenizer (the path of a tokenizer.json)' }
    assert.deepEqual(await rejection({}), neither)
    assert.deepEqual(await rejection({}, true), neither)
    assert.deepEqual(await rejection({ encoding: 'cl100k_base', tokenizer: 'tok.json' }, true), {
      code: 'invalid_argument',
      message: "tokenize: both encoding 'cl100k_base' and tokenizer 'tok.json' are set; set only one",
    })
    assert.deepEqual(await rejection({ encoding: 'p50k_base' as TokenizeConfig['encoding'] }), {
      code: 'invalid_argument',
      message: "tokenize: encoding 'p50k_base' is not one of cl100k_base, o200k_base",
    })
  })

  it('refuses a BOS or EOS that is not a token of the vocabulary', async () => {
    // gpt-tokenizer knows <|im_start|> for cl100k_base; tiktoken's cl100k_base does not.
    assert.deepEqual(await rejection({ encoding: 'cl100k_base', bos: '<|im_start|>' }), {
      code: 'invalid_argument',
      message: "tokenize: bos '<|im_start|>' is not a token of cl100k_base",
    })
    const file = tokenizerFile('bpe')
    assert.deepEqual(await rejection({ tokenizer: file, eos: '<|endoftext|>' }), {
      code: 'invalid_argument',
      message: `tokenize: eos '<|endoftext|>' is not a token of ${file}`,
    })
  })

  it('refuses a tokenizer file that is missing or not a tokenizer.json, naming it', async () => {
    const dir = tempDir()
    const missing = path.join(dir, 'missing.json')
    assert.deepEqual(await rejection({ tokenizer: missing }), { code: 'not_found', message: `tokenize: tokenizer file ${missing} does not exist` })
    const cases: [string, string, string][] = [
      ['text.json', 'hello, not json', 'invalid JSON (Unexpected token \'h\', "hello, not json" is not valid JSON)'],
      ['array.json', '[1, 2]', 'not a JSON object'],
      ['config.json', '{"vocab_size": 32000}', 'no "model" object'],
      ['strange.json', '{"model": {"type": "Strange"}}', 'Unknown TokenizerModel type: Strange'],
    ]
    for (const [name, content, why] of cases) {
      const file = path.join(dir, name)
      writeFileSync(file, content)
      assert.deepEqual(await rejection({ tokenizer: file }), { code: 'invalid_argument', message: `tokenize: ${file} is not a Hugging Face tokenizer.json: ${why}` })
    }
    // A relative path is read from the working directory.
    const relative = path.relative(process.cwd(), missing)
    assert.deepEqual(await rejection({ tokenizer: relative }), { code: 'not_found', message: `tokenize: tokenizer file ${missing} does not exist` })
  })

  it('refuses a Unigram tokenizer.json with byte fallback, which the port cannot run', async () => {
    const file = path.join(tempDir(), 'byte-fallback.json')
    const json = JSON.parse(readFileSync(tokenizerFile('unigram-crafted'), 'utf8'))
    writeFileSync(file, JSON.stringify({ ...json, model: { ...json.model, byte_fallback: true } }))
    assert.deepEqual(await rejection({ tokenizer: file }), {
      code: 'unsupported_feature',
      message: `tokenize: ${file}: a Unigram model with byte_fallback is not supported`,
    })
  })

  it('creates without loading, so that checking a recipe costs nothing', () => {
    const op = tokenize.create({ column: 'text', tokenizer: '/nowhere/tokenizer.json', bos: null, eos: null, keep_tokens: true }) as AnnotatorOperator
    assert.throws(() => op.annotate([{ text: 'x' }]), /the encoder is not loaded/)
  })
})
