import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { generateCorpus, type CorpusDoc } from '../../bench/corpus.ts'
import { isStrataError } from '../../src/core/errors.ts'
import type { RunDetails } from '../../src/exec/run.ts'
import { datasetStore, initRepository, type Repository } from '../../src/repo/repository.ts'
import type { StructType } from '../../src/table/schema.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { rows, run } from '../helpers/recipe-run.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'string', nullable: false, metadata: {} },
    { name: 'text', type: 'string', nullable: false, metadata: {} },
  ],
}

const steps = (against: string | undefined, memory = 2048) => `steps:
  - op: dedup.exact${against ? `\n    against: ${against}` : ''}
  - op: dedup.minhash
    memory_mb: ${memory}${against ? `\n    against: ${against}` : ''}
`

// The bench corpus generator's documents with planted exact and near duplicates, dealt
// into two batches (even and odd positions), so a cluster's members land in both.
function corpus(): CorpusDoc[] {
  const out: CorpusDoc[] = []
  const gen = generateCorpus({ seed: 11, docs: 1600 })
  for (let step = gen.next(); !step.done; step = gen.next()) out.push(step.value)
  return out
}

const batch = (docs: readonly CorpusDoc[], parity: number) => docs.filter((_, i) => i % 2 === parity)

async function repository(root: string, docs: readonly CorpusDoc[]): Promise<Repository> {
  const repo = await initRepository(root)
  for (const [name, part] of [['b1', batch(docs, 0)], ['b2', batch(docs, 1)]] as const) {
    const store = datasetStore(repo, 'bronze', name)
    await createTable(store, { schema: SCHEMA })
    await writeRows(store, part.map((d) => ({ id: d.id, text: d.text })))
  }
  return repo
}

// What a run decided for each batch-2 document: kept, or dropped by which step naming which kept document.
const outcome = async (repo: Repository, name: string) => {
  const out = new Map<string, string>()
  for (const r of await rows(repo, 'silver', name)) out.set(r.id as string, `kept ${r.dup_cluster ?? ''}`)
  for (const r of await rows(repo, 'silver', `${name}__rejected`)) out.set(r.id as string, `${r.reason} ${r.dup_of}`)
  return out
}

describe('incremental dedup against a dataset', () => {
  const root = tempDir()
  let repo: Repository
  let together: Map<string, string>
  let d1: number
  let batch1: ReadonlySet<string>
  let batch2: readonly string[]

  before(async () => {
    const docs = corpus()
    batch1 = new Set(batch(docs, 0).map((d) => d.id))
    batch2 = batch(docs, 1).map((d) => d.id)
    repo = await repository(root, docs)
    await run(repo, `input: [bronze/b1, bronze/b2]\noutput: silver/together\n${steps(undefined)}`)
    const made = await run(repo, `input: bronze/b1\noutput: silver/d1\n${steps(undefined)}`)
    d1 = (made.run.details as unknown as RunDetails).outputs!.kept!
    together = await outcome(repo, 'together')
  })

  it('keeps the index of each dedup step beside the output version', () => {
    for (const step of ['dedup.exact', 'dedup.minhash']) {
      assert.ok(existsSync(path.join(repo.root, '.indexes', 'silver', 'd1', `v${d1}`, step, 'records.bin')), step)
    }
  })

  it('batch 2 against batch 1 keeps and drops what deduplicating both together does', async () => {
    await run(repo, `input: bronze/b2\noutput: silver/d2\n${steps('silver/d1')}`)
    const alone = await outcome(repo, 'd2')
    const dropped = batch2.filter((id) => !together.get(id)!.startsWith('kept'))
    const ofBatch1 = dropped.filter((id) => batch1.has(together.get(id)!.split(' ')[1]!)).length
    console.log(`incremental dedup: ${dropped.length} of ${batch2.length} batch-2 documents dropped together, ${ofBatch1} of them as copies of batch-1 documents; alone against batch 1's index: the same ${batch2.length} outcomes`)
    assert.ok(ofBatch1 > 30, `the batches share enough duplicates (${ofBatch1})`)
    assert.deepEqual(batch2.map((id) => [id, alone.get(id)]), batch2.map((id) => [id, together.get(id)]))
  })

  it('gives the same result from the external path, and from a version named explicitly', async () => {
    await run(repo, `input: bronze/b2\noutput: silver/d2-external\n${steps(`silver/d1@${d1}`, 0.001)}`)
    assert.deepEqual(await outcome(repo, 'd2-external'), await outcome(repo, 'd2'))
  })

  it('chains: the index of batch 2 holds batch 1 too', async () => {
    // Batch 2 again, against the index made with d2 (batches 1 and 2): nothing new survives.
    await run(repo, `input: bronze/b2\noutput: silver/d3\n${steps('silver/d2')}`)
    assert.equal((await rows(repo, 'silver', 'd3')).length, 0)
  })

  it('refuses a dataset version without an index, and an index made with other settings', async () => {
    await assert.rejects(run(repo, `input: bronze/b2\noutput: silver/x\nsteps:\n  - op: dedup.exact\n    against: bronze/b1\n`), (e) => isStrataError(e, 'not_found') && /no index of a 'dedup.exact' step/.test(e.message))
    await assert.rejects(
      run(repo, `input: bronze/b2\noutput: silver/x\nsteps:\n  - op: dedup.minhash\n    ngram: 3\n    against: silver/d1\n`),
      (e) => isStrataError(e, 'invalid_argument') && /against silver\/d1@\d+: its index was made with \{"version":2,"ngram":5/.test(e.message),
    )
  })
})
