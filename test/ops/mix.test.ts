import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StrataError } from '../../src/core/errors.ts'
import { mix, type MixConfig } from '../../src/ops/mix/mix.ts'
import type { Doc, GlobalOperator, Verdict } from '../../src/ops/operator.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const DEFAULTS: MixConfig = { weights: [0.6, 0.3, 0.1], by: 'tokens', max_repeats: 4, seed: 42, validation: 0, id_column: 'id', token_column: 'token_count' }
const NAMES = ['web', 'books', 'code'] as const

// A seeded uniform generator over [0, 1), so the corpora are the same on every run.
function uniform(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

function logNormal(random: () => number, mu: number, sigma: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  return Math.max(1, Math.round(Math.exp(mu + sigma * z)))
}

// Three inputs with different sizes and shapes: 40k web pages (~1.1k tokens, log-normal),
// 20k books (~11k tokens), 60k code files (Pareto tail: a few files of 10^5 tokens and more).
const random = uniform(7)
const CORPUS: readonly (readonly Doc[])[] = [
  Array.from({ length: 40_000 }, (_, i) => ({ id: `web-${i}`, token_count: logNormal(random, 6.5, 1) })),
  Array.from({ length: 20_000 }, (_, i) => ({ id: `books-${i}`, token_count: logNormal(random, 9, 0.8) })),
  Array.from({ length: 60_000 }, (_, i) => ({ id: `code-${i}`, token_count: Math.min(2_000_000, Math.round(100 / (1 - random()) ** (1 / 1.5))) })),
]
const SMALL = CORPUS.map((docs) => docs.slice(0, 100))
const tokensOf = (docs: readonly Doc[]) => docs.reduce((n, d) => n + (d.token_count as number), 0)
const TOTALS = CORPUS.map(tokensOf)

/** The keys of the inputs' documents as the engine makes them: by input, in batches of 1000. */
function keysOf(op: GlobalOperator, inputs: readonly (readonly Doc[])[]): Uint8Array[] {
  const keys: Uint8Array[] = []
  for (const [input, docs] of inputs.entries()) {
    for (let i = 0; i < docs.length; i += 1000) keys.push(...op.key(docs.slice(i, i + 1000), input))
  }
  return keys
}

// The corpus's keys depend only on the config's seed, by and columns: made once for each;
// and the corpus's verdicts, once for each config.
const corpusKeys = new Map<string, Uint8Array[]>()
const corpusVerdicts = new Map<string, Promise<Map<number, Verdict>>>()

/** Decides over the inputs' keys with a fresh operator, as the engine does after the key phase. */
function decide(config: Partial<MixConfig>, inputs: readonly (readonly Doc[])[] = CORPUS, fresh = false): Promise<Map<number, Verdict>> {
  const c = { ...DEFAULTS, ...config }
  if (inputs !== CORPUS || fresh) return decideOnce(c, inputs, fresh)
  const known = JSON.stringify(c)
  let verdicts = corpusVerdicts.get(known)
  if (!verdicts) corpusVerdicts.set(known, (verdicts = decideOnce(c, inputs, fresh)))
  return verdicts
}

async function decideOnce(c: MixConfig, inputs: readonly (readonly Doc[])[], fresh: boolean): Promise<Map<number, Verdict>> {
  const op = mix.create(c) as GlobalOperator
  const cached = inputs === CORPUS && !fresh ? JSON.stringify([c.seed, c.by, c.id_column, c.token_column]) : undefined
  let keys = cached === undefined ? undefined : corpusKeys.get(cached)
  if (!keys) {
    keys = keysOf(op, inputs)
    if (cached !== undefined) corpusKeys.set(cached, keys)
  }
  const context = { keyBytes: keys.reduce((n, k) => n + k.length, 0), scratch: tempDir() }
  return op.decide((async function* () { yield* keys })(), context)
}

interface Outcome {
  /** Per input, train tokens and documents with copies, validation documents, documents kept and dropped. */
  readonly tokens: number[]
  readonly documents: number[]
  readonly validation: number[]
  readonly kept: number[]
  readonly dropped: number[]
  /** Copies of each train document, by input. */
  readonly copies: number[][]
}

function outcome(verdicts: Map<number, Verdict>, inputs: readonly (readonly Doc[])[] = CORPUS): Outcome {
  const o: Outcome = { tokens: [], documents: [], validation: [], kept: [], dropped: [], copies: [] }
  let position = 0
  for (const docs of inputs) {
    let tokens = 0, documents = 0, validation = 0, kept = 0, dropped = 0
    const copies: number[] = []
    for (const doc of docs) {
      const v = verdicts.get(position++)
      if (!v) assert.fail(`document ${position - 1} has no verdict`)
      if (v.reason !== null) {
        if (v.reason !== 'mix_sampled_out') assert.fail(`document ${position - 1} is dropped as ${v.reason}`)
        dropped++
        continue
      }
      kept++
      const n = v.values.mix_copies as number
      if (!Number.isInteger(n) || n < 1) assert.fail(`document ${position - 1} is kept with ${n} copies`)
      if (v.values.split === 'validation') {
        if (n !== 1) assert.fail(`validation document ${position - 1} has ${n} copies`)
        validation++
        continue
      }
      if (v.values.split !== 'train') assert.fail(`document ${position - 1} is in split ${String(v.values.split)}`)
      tokens += n * (doc.token_count as number)
      documents += n
      copies.push(n)
    }
    o.tokens.push(tokens)
    o.documents.push(documents)
    o.validation.push(validation)
    o.kept.push(kept)
    o.dropped.push(dropped)
    o.copies.push(copies)
  }
  assert.equal(position, verdicts.size, 'no verdict beyond the documents')
  return o
}

const shares = (xs: readonly number[]) => xs.map((x) => x / xs.reduce((a, b) => a + b, 0))
const show = (xs: readonly number[]) => xs.map((x, i) => `${NAMES[i]} ${x.toFixed(4)}`).join(', ')
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)

function assertShares(realised: readonly number[], weights: readonly number[], what: string): void {
  const w = shares(weights)
  for (const [i, s] of shares(realised).entries()) {
    assert.ok(Math.abs(s - w[i]!) <= 0.01 * w[i]!, `${what}: ${NAMES[i]}'s share ${s} is within 1% of ${w[i]}`)
  }
}

async function rejection(promise: Promise<unknown>): Promise<StrataError> {
  try {
    await promise
  } catch (e) {
    assert.ok(e instanceof StrataError, `a StrataError, not ${String(e)}`)
    return e
  }
  assert.fail('expected the promise to reject')
}

describe('mix', () => {
  it('mixes by tokens to the weights, taking the largest mixture that repeats no input', async () => {
    const o = outcome(await decide({}))
    console.log(`mix by tokens, no budget: shares ${show(shares(o.tokens))} (weights 0.6/0.3/0.1); budget ${sum(o.tokens)} = web's ${TOTALS[0]} / 0.6 = ${Math.round(TOTALS[0]! / 0.6)}`)
    assertShares(o.tokens, [0.6, 0.3, 0.1], 'tokens')
    // Web is the scarcest input for its weight: it is taken whole, the others down-sampled.
    assert.deepEqual([o.kept[0], o.dropped[0]], [40_000, 0])
    assert.ok(o.dropped[1]! > 10_000 && o.dropped[2]! > 30_000, `books and code are down-sampled (${o.dropped})`)
    assert.ok(o.copies.every((cs) => cs.every((n) => n === 1)), 'no document is repeated')
    assert.ok(Math.abs(sum(o.tokens) - TOTALS[0]! / 0.6) <= 0.01 * (TOTALS[0]! / 0.6))
  })

  it('mixes by documents to the weights', async () => {
    const o = outcome(await decide({ by: 'documents', weights: [2, 5, 3] }))
    console.log(`mix by documents, weights 2:5:3, no budget: shares ${show(shares(o.documents))}, ${sum(o.documents)} documents`)
    assertShares(o.documents, [2, 5, 3], 'documents')
    // Books (20k for 0.5) bound the mixture at 40k documents.
    assert.deepEqual(o.documents, [8000, 20_000, 12_000])
  })

  it('keeps docs without a token column when mixing by documents', async () => {
    const verdicts = await decide({ by: 'documents', weights: [1] }, [[{ id: 'a' }, { id: 'b', token_count: 'many' }]])
    assert.deepEqual([...verdicts.values()].map((v) => [v.reason, v.values.mix_copies]), [[null, 1], [null, 1]])
  })

  it('meets a token budget, up-sampling an input with copies and down-sampling the others', async () => {
    // Code gets 0.6 of the budget at rate 2.5: every code file at least 2 copies.
    const budget = Math.round((2.5 * TOTALS[2]!) / 0.6)
    const o = outcome(await decide({ weights: [0.2, 0.2, 0.6], budget }))
    const rates = o.tokens.map((t, i) => t / TOTALS[i]!)
    console.log(`mix to a budget of ${budget} tokens (weights 0.2/0.2/0.6): realised ${sum(o.tokens)} (${((sum(o.tokens) / budget - 1) * 100).toFixed(4)}%), shares ${show(shares(o.tokens))}, rates ${show(rates)}`)
    assert.ok(Math.abs(sum(o.tokens) - budget) <= 0.01 * budget, `the budget ${budget} is met within 1% (${sum(o.tokens)})`)
    // Closer still: each input's tokens are its target to half its largest document.
    for (const [i, w] of [0.2, 0.2, 0.6].entries()) {
      const half = Math.max(...CORPUS[i]!.map((d) => d.token_count as number)) / 2
      assert.ok(Math.abs(o.tokens[i]! - w * budget) <= half, `${NAMES[i]}: ${o.tokens[i]} tokens for a target of ${w * budget}, within ${half}`)
    }
    assertShares(o.tokens, [0.2, 0.2, 0.6], 'tokens')
    assert.equal(o.dropped[2], 0, 'no code file is sampled out')
    assert.ok(o.copies[2]!.every((n) => n === 2 || n === 3), 'code files get 2 or 3 copies')
    assert.ok(Math.abs(sum(o.copies[2]!) / o.copies[2]!.length - 2.5) < 0.05, 'about half of the code files get a third copy')
    assert.ok(o.dropped[0]! > 0 && o.dropped[1]! > 0, 'web and books are down-sampled, dropped as mix_sampled_out')
    assert.ok(o.copies[0]!.every((n) => n === 1) && o.copies[1]!.every((n) => n === 1))
  })

  it('caps an input at max_repeats copies, which leaves it short of its share', async () => {
    const budget = Math.round((6 * TOTALS[2]!) / 0.6)
    const o = outcome(await decide({ weights: [0.2, 0.2, 0.6], budget, max_repeats: 4 }))
    console.log(`mix with code at rate 6 capped at 4: shares ${show(shares(o.tokens))}, realised ${sum(o.tokens)} of ${budget}`)
    assert.ok(o.copies[2]!.every((n) => n === 4), 'every code file gets exactly 4 copies')
    assert.equal(o.tokens[2], 4 * TOTALS[2]!)
    for (const i of [0, 1]) assert.ok(Math.abs(o.tokens[i]! - 0.2 * budget) <= 0.01 * 0.2 * budget, `${NAMES[i]} still gets its 0.2 of the budget`)
    const fractional = outcome(await decide({ weights: [0.2, 0.2, 0.6], budget, max_repeats: 2.5 }))
    assert.ok(fractional.copies[2]!.every((n) => n === 2 || n === 3), 'a cap of 2.5 gives 2 or 3 copies')
    assert.ok(Math.abs(fractional.tokens[2]! - 2.5 * TOTALS[2]!) <= 0.01 * 2.5 * TOTALS[2]!)
  })

  it('drops every document of an input weighted 0', async () => {
    const o = outcome(await decide({ weights: [0.5, 0, 0.5], validation: 0.01 }))
    assert.deepEqual([o.kept[1], o.dropped[1]], [0, 20_000])
    assertShares([o.tokens[0]!, o.tokens[2]!], [0.5, 0.5], 'tokens')
  })

  it('puts the validation fraction of ids in the validation split, once each, outside the shares', async () => {
    const verdicts = await decide({ validation: 0.01 })
    const o = outcome(verdicts)
    const fraction = sum(o.validation) / 120_000
    console.log(`mix with validation 0.01: ${sum(o.validation)} of 120000 documents (${fraction.toFixed(5)}), per input ${o.validation.map((v, i) => (v / CORPUS[i]!.length).toFixed(4)).join('/')}; train shares ${show(shares(o.tokens))}`)
    // The binomial standard deviation is 0.00029: four of them.
    assert.ok(Math.abs(fraction - 0.01) < 0.0012, `the validation fraction ${fraction} is 0.01 within 0.0012`)
    assertShares(o.tokens, [0.6, 0.3, 0.1], 'train tokens')
    // The budget is the train split's: web is taken whole except for its validation documents.
    assert.equal(o.tokens[0]! + sum(validationTokens(verdicts, 0)), TOTALS[0])
  })

  it("decides a document's split from its id and the seed alone", async () => {
    const validationIds = async (config: Partial<MixConfig>, inputs: readonly (readonly Doc[])[]) => {
      const verdicts = await decide(config, inputs)
      const ids = new Set<string>()
      let position = 0
      for (const docs of inputs) for (const doc of docs) if (verdicts.get(position++)!.values.split === 'validation') ids.add(doc.id as string)
      return ids
    }
    const all = await validationIds({ validation: 0.05 }, CORPUS)
    // Books alone, in reverse order, mixed by documents to a budget: the same books are held out.
    const books = [...CORPUS[1]!].reverse()
    const alone = await validationIds({ validation: 0.05, weights: [1], by: 'documents', budget: 5000 }, [books])
    assert.deepEqual(alone, new Set([...all].filter((id) => id.startsWith('books-'))))
    const reseeded = await validationIds({ validation: 0.05, seed: 43 }, CORPUS)
    const common = [...reseeded].filter((id) => all.has(id)).length
    console.log(`validation 0.05: ${all.size} ids with seed 42, ${reseeded.size} with seed 43, ${common} in both`)
    assert.ok(common < 0.1 * all.size, `another seed holds out other ids (${common} of ${all.size} in common)`)
  })

  it('gives the same verdicts for the same seed, and other samples and keys for another', async () => {
    const config = { weights: [0.3, 0.3, 0.4], budget: 40_000_000, validation: 0.002 }
    const first = await decide(config, CORPUS, true)
    assert.deepEqual(await decide(config, CORPUS, true), first)
    const other = await decide({ ...config, seed: 7 }, CORPUS, true)
    let differ = 0
    let keysEqual = 0
    let both = 0
    for (const [position, v] of first) {
      const w = other.get(position)!
      if (v.reason !== w.reason) differ++
      if (v.reason === null && w.reason === null) {
        both++
        if (v.values.shuffle_key === w.values.shuffle_key) keysEqual++
      }
    }
    console.log(`seed 42 vs 7: ${differ} of ${first.size} documents sampled differently; ${keysEqual} equal shuffle keys among ${both} kept by both`)
    assert.ok(differ > 0.2 * first.size, `another seed samples other documents (${differ})`)
    assert.ok(both > 1000)
    assert.equal(keysEqual, 0)
    assertShares(outcome(other).tokens, [0.3, 0.3, 0.4], 'tokens with seed 7')
  })

  it('gives shuffle keys that are distinct integers in [0, 2^53)', async () => {
    const keys = [...(await decide({ validation: 0.01 })).values()].filter((v) => v.reason === null).map((v) => v.values.shuffle_key as number)
    assert.ok(keys.every((k) => Number.isSafeInteger(k) && k >= 0))
    assert.equal(new Set(keys).size, keys.length)
    // Uniform over the range: the top half holds about half of them.
    const high = keys.filter((k) => k >= 2 ** 52).length / keys.length
    assert.ok(Math.abs(high - 0.5) < 0.01, `${high} of the keys are in the top half`)
  })

  it('takes bigint token counts as numbers', async () => {
    const docs = [{ id: 'a', token_count: 10n }, { id: 'b', token_count: 30 }]
    const asBigint = await decide({ weights: [1] }, [docs])
    const asNumber = await decide({ weights: [1] }, [docs.map((d) => ({ ...d, token_count: Number(d.token_count) }))])
    assert.deepEqual(asBigint, asNumber)
    assert.equal(asBigint.get(0)!.values.mix_copies, 1)
  })

  it('refuses a document without a numeric token count, naming its id and the column', () => {
    const op = mix.create(DEFAULTS) as GlobalOperator
    assert.throws(() => op.key([{ id: 'w1', token_count: 3 }, { id: 'w2', text: 'hi' }], 0), {
      name: 'StrataError',
      message: "mix: document 'w2' has no token count in column 'token_count' (the column is missing); by: tokens needs a tokenize step before mix in the recipe",
    })
    assert.throws(() => op.key([{ id: 7, token_count: null }], 0), {
      message: "mix: document '7' has no token count in column 'token_count' (null); by: tokens needs a tokenize step before mix in the recipe",
    })
    const custom = mix.create({ ...DEFAULTS, token_column: 'n_tokens' }) as GlobalOperator
    assert.throws(() => custom.key([{ id: 'x', n_tokens: '12' }], 1), {
      message: "mix: document 'x' has no token count in column 'n_tokens' (found a value of type string); by: tokens needs a tokenize step before mix in the recipe",
    })
    assert.throws(() => custom.key([{ id: 'y', n_tokens: -1 }], 1), { message: /document 'y' has no token count in column 'n_tokens' \(found -1\)/ })
  })

  it('refuses a document without an id', () => {
    const op = mix.create({ ...DEFAULTS, by: 'documents' }) as GlobalOperator
    assert.throws(() => op.key([{ text: 'a' }], 1), {
      name: 'StrataError',
      message: "mix: a document of the recipe's input number 2 has no id in column 'id' (the column is missing); mix draws splits and samples from ids",
    })
  })

  it('refuses documents from an input past the weights', async () => {
    const e = await rejection(decide({ weights: [0.5, 0.5] }, SMALL))
    assert.equal(e.message, "mix: weights has 2 entries, but documents come from the recipe's input number 3; give one weight per recipe input, in order")
  })

  it('refuses an input without documents', async () => {
    const e = await rejection(decide({ weights: [0.5, 0.3, 0.2] }, [SMALL[0]!, [], SMALL[2]!]))
    assert.equal(e.message, "mix: weights has 3 entries, but the recipe's input number 2 has no documents at this step; give one weight per recipe input, each with documents left by the steps before mix")
    const past = await rejection(decide({ weights: [0.5, 0.3, 0.2, 0.1] }, SMALL))
    assert.match(past.message, /^mix: weights has 4 entries, but the recipe's input number 4 has no documents at this step/)
  })

  it('refuses an input with nothing left to train on', async () => {
    const e = await rejection(decide({ weights: [1, 1], validation: 1 }, [[{ id: 'a', token_count: 5 }], [{ id: 'b', token_count: 0 }]]))
    assert.equal(e.message, "mix: the recipe's input number 1 has 1 documents but no tokens in the train split (validation: 1); give it weight 0 or keep more of it for training")
    const empty = await rejection(decide({ weights: [1, 1] }, [[{ id: 'a', token_count: 5 }], [{ id: 'b', token_count: 0 }]]))
    assert.match(empty.message, /input number 2 has 1 documents but no tokens in the train split/)
  })

  it('refuses weights that are all 0', () => {
    assert.throws(() => mix.create({ ...DEFAULTS, weights: [0, 0] }), {
      name: 'StrataError',
      message: 'mix: weights [0, 0] are all 0; give at least one input a positive weight',
    })
  })
})

// Tokens of the validation documents of `input`.
function validationTokens(verdicts: Map<number, Verdict>, input: number): number[] {
  let position = CORPUS.slice(0, input).reduce((n, docs) => n + docs.length, 0)
  const out: number[] = []
  for (const doc of CORPUS[input]!) if (verdicts.get(position++)!.values.split === 'validation') out.push(doc.token_count as number)
  return out
}
