import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generateCorpus } from '../../bench/corpus.ts'
import { shingleTokens } from '../../bench/corpus/shingles.ts'
import { hashShingles, tokenize } from '../../src/ops/dedup/shingles.ts'

// The hashes of the tokens of `text` (shingles of one token), in order.
function tokenHashes(text: string): number[] {
  const count = tokenize(text)
  return [...hashShingles(1, new Uint32Array(0)).hashes.subarray(0, count)]
}

describe('shingles', () => {
  it('finds the tokens the ground truth defines, in every language but zh', () => {
    const docs = [...generateCorpus({ seed: 4, docs: 300 })].filter((d) => d.lang !== 'zh')
    assert.ok(docs.length > 200)
    for (const d of docs) assert.equal(tokenize(d.text), shingleTokens(d.text, d.lang).length, d.id)
  })

  it('lower-cases as toLowerCase does, İ, final sigma and astral letters included', () => {
    const texts = ['The Quick BROWN fox', 'ÉCOLE Straße ǅemal', 'İstanbul İİ', 'ΟΔΟΣ ΣΑΣ Σ', 'ΔΕΣΕΡΕΤ 𐐀𐐁 ADLAM 𞤀𞤁', 'smile 😀 a😀b']
    for (const text of texts) assert.deepEqual(tokenHashes(text), tokenHashes(text.toLowerCase()), text)
    assert.deepEqual(tokenHashes('ΟΔΟΣ'), tokenHashes('οδος'))
    assert.notDeepEqual(tokenHashes('ΟΔΟΣ'), tokenHashes('οδοσ'))
    assert.equal(tokenize('İstanbul'), 2, 'İ lower-cases to i and a combining dot, which separates')
    assert.equal(tokenize('a😀b'), 1, 'surrogates count as letters')
    assert.deepEqual(tokenHashes('𐐀'), tokenHashes('𐐨'))
  })

  it('makes every character of an unspaced script a token of its own', () => {
    assert.equal(tokenize('中文abc, ひらがな'), 7)
    assert.deepEqual(tokenHashes('中文'), tokenHashes('中 文'))
  })

  it('hashes one shingle per position, one of all tokens when fewer than its size, none without tokens', () => {
    tokenize('one two three four five six seven')
    assert.equal(hashShingles(5, new Uint32Array(0)).count, 3)
    tokenize('one two three')
    const short = hashShingles(5, new Uint32Array(0))
    assert.equal(short.count, 1)
    assert.notEqual(hashShingles(5, new Uint32Array(0), 7).hashes[0], short.hashes[0], 'another seed, another hash')
    tokenize('... !!! ...')
    assert.equal(hashShingles(5, new Uint32Array(0)).count, 0)
  })
})
