import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generateCorpus, jaccard as trueJaccard, shingles, type CorpusDoc } from '../../bench/corpus.ts'
import { MinHasher, jaccard } from '../../src/ops/dedup/minhash-signature.ts'

const PARAMS = { ngram: 5, bands: 14, rows: 8, seed: 1 }

function corpus(seed: number, docs: number): CorpusDoc[] {
  return [...generateCorpus({ seed, docs })].filter((d) => d.lang !== 'zh')
}

// Pairs of a text and a copy with a random share (0 to 15%) of its words replaced by new
// ones; `words` cuts both to that many words first (short texts leave most bins empty).
function pairs(docs: readonly CorpusDoc[], words: number, seed: number): [string, string][] {
  let state = seed
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32
  return docs.map((d) => {
    const original = d.text.split(/\s+/).slice(0, words)
    const rate = random() * 0.15
    const edited = original.map((w) => (random() < rate ? `new${Math.floor(random() * 1e9)}` : w))
    return [original.join(' '), edited.join(' ')]
  })
}

// Signs both texts of each pair: their exact Jaccard, the share of the 112 values they
// agree on, and whether they share a band (are LSH candidates).
function measure(list: readonly [string, string][]): { j: number; agree: number; candidate: boolean }[] {
  const a = new MinHasher(PARAMS)
  const b = new MinHasher(PARAMS)
  const bandsA = new Uint32Array(2 * PARAMS.bands)
  const bandsB = new Uint32Array(2 * PARAMS.bands)
  return list.map(([x, y]) => {
    const j = jaccard(a.sign(x, bandsA, 0, true)!, b.sign(y, bandsB, 0, true)!)
    let agree = 0
    for (let i = 0; i < a.signature.length; i++) if (a.signature[i] === b.signature[i]) agree++
    let candidate = false
    for (let band = 0; band < PARAMS.bands; band++) candidate ||= bandsA[2 * band] === bandsB[2 * band] && bandsA[2 * band + 1] === bandsB[2 * band + 1]
    return { j, agree: agree / a.signature.length, candidate }
  })
}

describe('MinHasher', () => {
  const docs = corpus(11, 1200)

  for (const [name, words] of [['full documents', Infinity], ['12-word texts, most bins filled by densification', 12]] as const) {
    it(`agrees on each value with probability the Jaccard similarity: ${name}`, () => {
      const results = measure(pairs(docs, words, 5))
      const errors = results.map((r) => r.agree - r.j)
      const bias = errors.reduce((s, e) => s + e, 0) / errors.length
      const rms = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length)
      const meanJ = results.reduce((s, r) => s + r.j, 0) / results.length
      console.log(`${name}: ${results.length} pairs, mean Jaccard ${meanJ.toFixed(3)}, agreement - Jaccard: mean ${bias.toFixed(4)}, RMS ${rms.toFixed(4)}`)
      assert.ok(meanJ > 0.3 && meanJ < 0.95, `the pairs span a useful range of similarity (${meanJ})`)
      assert.ok(Math.abs(bias) < 0.01, `unbiased: mean agreement - Jaccard ${bias}`)
      assert.ok(rms < 0.06, `112 values estimate Jaccard within about sqrt(J(1-J)/112): RMS ${rms}`)
    })
  }

  it('makes candidates at the rate of the 14 x 8 S-curve, 1 - (1 - J^8)^14', () => {
    const results = [...measure(pairs(docs, Infinity, 9)), ...measure(pairs(docs, 40, 10))].filter((r) => r.j >= 0.4 && r.j < 0.95)
    const expected = results.reduce((s, r) => s + 1 - (1 - r.j ** 8) ** 14, 0) / results.length
    const observed = results.filter((r) => r.candidate).length / results.length
    console.log(`S-curve over ${results.length} pairs with 0.4 <= J < 0.95: candidates ${observed.toFixed(3)}, expected ${expected.toFixed(3)}`)
    assert.ok(results.length > 1000, `${results.length} pairs`)
    assert.ok(Math.abs(observed - expected) < 0.03, `candidates ${observed}, expected ${expected}`)
  })

  it('signs the same text alike in every instance with the same seed, differently with another seed', () => {
    const text = docs[0]!.text
    const sign = (seed: number, at: number) => {
      const hasher = new MinHasher({ ...PARAMS, seed })
      const bands = new Uint32Array(at + 2 * PARAMS.bands + 2)
      hasher.sign(docs[1]!.text, bands, at, false)
      hasher.sign(text, bands, at, false)
      return { bands, signature: [...hasher.signature] }
    }
    const first = sign(1, 0)
    const again = sign(1, 3)
    assert.deepEqual([...again.bands.subarray(3, 3 + 2 * PARAMS.bands)], [...first.bands.subarray(0, 2 * PARAMS.bands)])
    assert.deepEqual([again.bands[0], again.bands[1], again.bands[2], again.bands[3 + 2 * PARAMS.bands]], [0, 0, 0, 0])
    assert.deepEqual(again.signature, first.signature)
    const other = sign(2, 0)
    assert.ok(other.signature.filter((v, i) => v === first.signature[i]).length < 10, 'another seed picks other hash functions')
  })

  it('returns the exact shingle set, sorted: its Jaccard is the ground truth', () => {
    const hasher = new MinHasher(PARAMS)
    const bands = new Uint32Array(2 * PARAMS.bands)
    for (const [x, y] of pairs(docs.slice(0, 200), Infinity, 3)) {
      const a = hasher.sign(x, bands, 0, true)!.slice()
      const b = hasher.sign(y, bands, 0, true)!
      for (let i = 1; i < a.length; i++) assert.ok(a[i - 1]! < a[i]!, 'strictly increasing')
      const truthA = shingles(x, 'en')
      assert.equal(a.length, truthA.size)
      assert.equal(jaccard(a, b), trueJaccard(truthA, shingles(y, 'en')).jaccard)
    }
    assert.equal(hasher.sign('... !!! ...', bands, 0, true), null)
    assert.equal(hasher.sign('two words', bands, 0, false)!.length, 0)
    assert.equal(hasher.sign('two words', bands, 0, true)!.length, 1)
  })
})
