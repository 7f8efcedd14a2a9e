import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkRecipe } from '../../src/exec/recipe.ts'
import { datasetStore, initRepository, type Repository } from '../../src/repo/repository.ts'
import type { StructType } from '../../src/table/schema.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { rows, run } from '../helpers/recipe-run.ts'
import { tempDir } from '../helpers/temp-dir.ts'

// Global steps whose verdicts do more than keep or drop, run by the engine: dedup.sentence
// rewrites the documents it keeps; mix sets columns on every document from its input's rate.

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'string', nullable: false, metadata: {} },
    { name: 'text', type: 'string', nullable: false, metadata: {} },
  ],
}

async function repository(inputs: Record<string, { id: string; text: string }[]>): Promise<Repository> {
  const repo = await initRepository(tempDir())
  for (const [name, docs] of Object.entries(inputs)) {
    const store = datasetStore(repo, 'bronze', name)
    await createTable(store, { schema: SCHEMA })
    await writeRows(store, docs)
  }
  return repo
}

const NOUNS = ['river', 'mill', 'orchard', 'harbour', 'bridge', 'market', 'tower', 'meadow', 'forge']
const sentence = (i: number) => `The ${NOUNS[i]} stood where the ${NOUNS[(i + 4) % 9]} meets the old road.`
// Words of letters only: sentence dedup counts every number as 0.
const letter = (i: number) => String.fromCharCode(97 + (i % 26))
const words = (n: number, seed: number) => Array.from({ length: n }, (_, k) => `${letter(seed * 7 + k)}${letter(seed + 3 * k)}${letter(k)}`).join(' ')

describe('global steps that rewrite or annotate', () => {
  it('dedup.sentence cuts spans an earlier document holds from the later one, across inputs', async () => {
    const shared = [1, 2, 3, 4].map(sentence).join(' ')
    const repo = await repository({
      a: [{ id: 'a1', text: `${shared} ${words(60, 1)}.` }],
      b: [{ id: 'b1', text: `Fresh opening words here. ${shared} ${words(60, 2)}. A closing line.` }, { id: 'b2', text: `${[7, 8].map(sentence).join(' ')}` }],
    })
    await run(repo, 'input: [bronze/a, bronze/b]\noutput: silver/s\nsteps:\n  - op: dedup.sentence\n')
    const out = new Map((await rows(repo, 'silver', 's')).map((r) => [r.id, r]))
    assert.equal(out.get('a1')!.text, `${shared} ${words(60, 1)}.`)
    assert.equal(out.get('a1')!.sentences_removed, null)
    assert.equal(out.get('b1')!.text, `Fresh opening words here. ${words(60, 2)}. A closing line.`)
    assert.equal(out.get('b1')!.sentences_removed, 4)
    assert.equal(out.get('b2')!.text, [7, 8].map(sentence).join(' '))
  })

  it('mix samples each input to its weight and sets mix_copies, split and shuffle_key', async () => {
    const docs = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, text: words(5, i) }))
    const repo = await repository({ web: docs('w', 3000), books: docs('b', 500) })
    await run(repo, 'input: [bronze/web, bronze/books]\noutput: gold/mix\nsteps:\n  - op: mix\n    weights: [0.5, 0.5]\n    by: documents\n    budget: 2000\n    seed: 3\n')
    const kept = await rows(repo, 'gold', 'mix')
    const copies = (prefix: string) => kept.filter((r) => (r.id as string).startsWith(prefix)).reduce((n, r) => n + (r.mix_copies as number), 0)
    assert.equal(copies('w'), 1000)
    assert.equal(copies('b'), 1000)
    assert.ok(kept.every((r) => r.split === 'train' && Number.isSafeInteger(Number(r.shuffle_key))))
    assert.equal((await rows(repo, 'gold', 'mix__rejected')).filter((r) => r.reason === 'mix_sampled_out').length, 2000)
  })

  it('a mix needs one weight per input', () => {
    const { issues } = checkRecipe({ input: ['bronze/a', 'bronze/b'], output: 'gold/m', steps: [{ op: 'mix', weights: [1] }] })
    assert.deepEqual(issues.map((i) => [i.field, i.message]), [['steps[0].weights', 'has 1 weights for 2 inputs; give one per input, in the order of input']])
  })
})
