import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generateCorpus, jaccard as trueJaccard, shingles, type CorpusDoc, type GroundTruth, type Lang } from '../../bench/corpus.ts'
import type { GlobalOperator, Verdict } from '../../src/ops/operator.ts'
import { minhashDedup, type MinhashDedupConfig } from '../../src/ops/dedup/minhash.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const DEFAULTS: MinhashDedupConfig = { column: 'text', id_column: 'id', ngram: 5, bands: 14, rows: 8, seed: 1, verify: true, keep: 'first', memory_mb: 2048 }

function corpus(seed: number, docs: number): { docs: CorpusDoc[]; truth: GroundTruth } {
  const out: CorpusDoc[] = []
  const gen = generateCorpus({ seed, docs })
  let step = gen.next()
  for (; !step.done; step = gen.next()) out.push(step.value)
  return { docs: out, truth: step.value }
}

async function dedup(docs: readonly object[], config: Partial<MinhashDedupConfig> = {}): Promise<Map<number, Verdict>> {
  const op = minhashDedup.create({ ...DEFAULTS, ...config }) as GlobalOperator
  const keys: Uint8Array[] = []
  for (let i = 0; i < docs.length; i += 1024) keys.push(...op.key(docs.slice(i, i + 1024) as Record<string, unknown>[], 0))
  const context = { keyBytes: keys.reduce((n, k) => n + k.length, 0), scratch: tempDir() }
  return op.decide((async function* () { yield* keys })(), context)
}

describe('dedup.minhash', () => {
  it('finds the planted near duplicates: precision and recall >= 0.95 against true Jaccard >= the default threshold', async () => {
    const { docs, truth } = corpus(7, 3000)
    const verdicts = await dedup(docs)
    const threshold = (1 / 14) ** (1 / 8)
    const at = new Map(docs.map((d, i) => [d.id, i]))
    const clusterOf = (id: string) => (verdicts.get(at.get(id)!)?.values.dup_cluster as string | undefined) ?? `alone-${id}`
    const shingleSet = (id: string) => shingles(docs[at.get(id)!]!.text, docs[at.get(id)!]!.lang as Lang)
    // Recall: planted (original, member) pairs at or above the threshold that share a cluster.
    let planted = 0
    let found = 0
    for (const c of truth.clusters) {
      for (const m of c.members) {
        if ((m.kind === 'exact' ? 1 : m.jaccard) < threshold) continue
        planted++
        if (clusterOf(m.id) === clusterOf(c.original)) found++
      }
    }
    // Precision: pairs put in one cluster whose true Jaccard reaches the threshold.
    const clusters = new Map<string, string[]>()
    for (const [i, v] of verdicts) clusters.set(v.values.dup_cluster as string, [...(clusters.get(v.values.dup_cluster as string) ?? []), docs[i]!.id])
    let pairs = 0
    let right = 0
    for (const ids of clusters.values()) {
      for (let a = 0; a < ids.length; a++) {
        for (let b = a + 1; b < ids.length; b++) {
          pairs++
          if (trueJaccard(shingleSet(ids[a]!), shingleSet(ids[b]!)).jaccard >= threshold) right++
        }
      }
    }
    const recall = found / planted
    const precision = right / pairs
    console.log(`dedup.minhash 14x8, verified at J >= ${threshold.toFixed(3)}: recall ${recall.toFixed(3)} (${found}/${planted} planted pairs), precision ${precision.toFixed(3)} (${right}/${pairs} clustered pairs)`)
    assert.ok(planted > 100, `the corpus plants enough near duplicates (${planted})`)
    assert.ok(recall >= 0.95, `recall ${recall}`)
    assert.ok(precision >= 0.95, `precision ${precision}`)
  })

  it('keeps one document per cluster, by input order, length or a column, and names it in every member', async () => {
    const base = 'the quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat near the door'
    const docs = [
      { id: 'a', text: `${base} today`, score: 1 },
      { id: 'b', text: 'an unrelated sentence about rivers mountains and the sea with nothing in common at all', score: 5 },
      { id: 'c', text: `${base} today and tomorrow too`, score: 9 },
      { id: 'd', text: `${base} today`, score: 3 },
    ]
    const shape = (v: Map<number, Verdict>) => [...v].sort((x, y) => x[0] - y[0]).map(([i, x]) => [docs[i]!.id, x.reason, x.values.dup_cluster, x.values.dup_cluster_size, x.values.dup_of])
    assert.deepEqual(shape(await dedup(docs, { threshold: 0.5 })), [
      ['a', null, 'a', 3, null],
      ['c', 'near_duplicate', 'a', 3, 'a'],
      ['d', 'near_duplicate', 'a', 3, 'a'],
    ])
    assert.deepEqual(shape(await dedup(docs, { threshold: 0.5, keep: 'longest' })).map((r) => r.slice(0, 2)), [['a', 'near_duplicate'], ['c', null], ['d', 'near_duplicate']])
    assert.deepEqual(shape(await dedup(docs, { threshold: 0.5, keep: 'score' })).map((r) => [r[0], r[4]]), [['a', 'c'], ['c', null], ['d', 'c']])
    await assert.rejects(dedup([{ id: 'x', text: base, score: 'high' }], { keep: 'score' }), { message: /keep: column 'score' holds string values; it must be numeric/ })
  })

  it('is deterministic, and a document without text or words is left alone', async () => {
    const { docs } = corpus(3, 600)
    const a = await dedup(docs)
    const b = await dedup(docs)
    assert.deepEqual([...a], [...b])
    assert.ok(a.size > 0)
    assert.equal((await dedup([{ id: 'n', text: null }, { id: 'p', text: '... !!! ...' }, { id: 'q', text: '... !!! ...' }])).size, 0)
  })

  it('clusters from sorted band files on disk, forced by a tiny memory budget, exactly as in memory', async () => {
    const { docs } = corpus(5, 4000)
    const inMemory = await dedup(docs)
    const onDisk = await dedup(docs, { memory_mb: 0.05 })
    assert.ok(inMemory.size > 100, `${inMemory.size} documents in clusters`)
    assert.deepEqual([...onDisk].sort((a, b) => a[0] - b[0]), [...inMemory].sort((a, b) => a[0] - b[0]))
    const unverified = await dedup(docs, { verify: false })
    assert.deepEqual([...(await dedup(docs, { verify: false, memory_mb: 0.05 }))].sort((a, b) => a[0] - b[0]), [...unverified].sort((a, b) => a[0] - b[0]))
  })
})
