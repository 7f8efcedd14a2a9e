import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { planStages } from '../../src/exec/planner.ts'
import { parseRecipe } from '../../src/exec/recipe.ts'
import type { RunDetails } from '../../src/exec/run.ts'
import { datasetStore, initRepository, type Repository } from '../../src/repo/repository.ts'
import type { StructType } from '../../src/table/schema.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
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

const RECIPE = `input: [bronze/docs, bronze/more]
output: silver/dedup
steps:
  - op: filter.length
    min_words: 5
  - op: dedup.exact
  - op: annotate.length
`

// Document i: every ninth is too short; from 100 on, every tenth repeats document i % 100
// in capitals with extra spaces (a duplicate once case and whitespace are normalized);
// every fiftieth repeats document i - 1 with a '!' (not a duplicate: punctuation counts).
function text(i: number): string {
  if (i >= 100 && i % 10 === 7) return text(i % 100).toUpperCase().replace(/ /g, '   ')
  if (i % 50 === 13) return `${text(i - 1)}!`
  const words = i % 9 === 0 ? 2 : 5 + (i % 11)
  return Array.from({ length: words }, (_, w) => `word${(i * 7 + w) % 101}-${i % 3}`).join(' ') + ` doc${i}`
}

const docs = (from: number, to: number, prefix: string) => Array.from({ length: to - from }, (_, j) => ({ id: `${prefix}${String(from + j).padStart(5, '0')}`, text: text(from + j) }))

/** bronze/docs: documents 0-2999 in three files; bronze/more: documents 3000-3199, plus a copy of document 1. */
async function repository(): Promise<Repository> {
  const repo = await initRepository(tempDir())
  const store = datasetStore(repo, 'bronze', 'docs')
  await createTable(store, { schema: SCHEMA })
  for (let f = 0; f < 3; f++) await writeRows(store, docs(f * 1000, f * 1000 + 1000, 'd'))
  const more = datasetStore(repo, 'bronze', 'more')
  await createTable(more, { schema: SCHEMA })
  await writeRows(more, [...docs(3000, 3200, 'm'), { id: 'copy-of-1', text: ` ${text(1)} ` }])
  return repo
}

// What the recipe does to each document, worked out without the engine: inputs in order,
// short documents dropped (in filter mode) before dedup sees them, first occurrence kept.
function model(input: readonly { id: string; text: string }[], mode: 'filter' | 'tag') {
  const first = new Map<string, string>()
  return input.map((d) => {
    const short = d.text.split(/\s+/).filter(Boolean).length < 5
    if (short && mode === 'filter') return { id: d.id, reason: 'too_few_words', dupOf: null }
    const key = d.text.toLowerCase().replace(/\s+/g, ' ').trim()
    const kept = first.get(key)
    if (kept === undefined) first.set(key, d.id)
    return { id: d.id, reason: kept === undefined ? (short ? 'too_few_words' : null) : 'exact_duplicate', dupOf: kept ?? null }
  })
}

const ALL = [...docs(0, 3000, 'd'), ...docs(3000, 3200, 'm'), { id: 'copy-of-1', text: ` ${text(1)} ` }]

describe('global steps', () => {
  it('split the steps into stages: shard-local steps fuse, a global step ends one stage and begins the next', () => {
    const steps = (ops: string[]) => parseRecipe(`input: bronze/a\noutput: silver/b\nsteps:\n${ops.map((op) => `  - op: ${op}\n`).join('')}`, 'r.yaml').steps
    const shape = (ops: string[]) => planStages(steps(ops)).map((s) => [s.first?.name ?? '-', s.steps.map((x) => x.name).join('+'), s.last?.name ?? '-'])
    assert.deepEqual(shape(['mapper.normalize', 'annotate.length']), [['-', 'mapper.normalize+annotate.length', '-']])
    assert.deepEqual(shape(['mapper.normalize', 'filter.length', 'dedup.exact', 'annotate.length']), [
      ['-', 'mapper.normalize+filter.length', 'dedup.exact'],
      ['dedup.exact', 'annotate.length', '-'],
    ])
    assert.deepEqual(shape(['dedup.exact', 'dedup.exact']), [['-', '', 'dedup.exact'], ['dedup.exact', '', 'dedup.exact#2'], ['dedup.exact#2', '', '-']])
  })

  it('dedup.exact keeps the first occurrence over all inputs and records the kept id; later steps see only what it kept', async () => {
    const repo = await repository()
    const summary = await run(repo, RECIPE)
    const details = summary.run.details as unknown as RunDetails
    const expected = model(ALL, 'filter')
    const kept = expected.filter((e) => e.reason === null)
    const dups = expected.filter((e) => e.reason === 'exact_duplicate')
    assert.ok(dups.length > 250 && dups.some((d) => d.id === 'copy-of-1'), 'the fixture plants duplicates, one across inputs')

    assert.deepEqual(details.counts!.map((c) => [c.dataset, c.in, c.kept + c.rejected + c.quarantine]), [['bronze/docs', 3000, 3000], ['bronze/more', 201, 201]])
    const out = await rows(repo, 'silver', 'dedup')
    assert.deepEqual(out.map((r) => r.id), kept.map((e) => e.id))
    assert.ok(out.every((r) => r.dup_of === null && typeof r.words === 'number' && r.words >= 5), 'kept documents have no dup_of and were annotated after the barrier')
    const rejected = await rows(repo, 'silver', 'dedup__rejected')
    const byDedup = rejected.filter((r) => r.step === 'dedup.exact')
    assert.deepEqual(byDedup.map((r) => [r.id, r.reason, r.dup_of]), dups.map((e) => [e.id, 'exact_duplicate', e.dupOf]))
    assert.ok(byDedup.every((r) => r.words === null), 'dropped documents never reached the annotator')
    assert.equal(rejected.filter((r) => r.step === 'filter.length').length, expected.filter((e) => e.reason === 'too_few_words').length)

    const steps = Object.fromEntries(details.steps!.map((s) => [s.step, s]))
    assert.deepEqual(details.steps!.map((s) => s.step), ['filter.length', 'dedup.exact', 'annotate.length'])
    assert.equal(steps['dedup.exact']!.in, kept.length + dups.length)
    assert.equal(steps['dedup.exact']!.out, kept.length)
    assert.deepEqual(steps['dedup.exact']!.dropped, { exact_duplicate: dups.length })
    assert.equal(steps['annotate.length']!.in, kept.length)
    assert.ok(!existsSync(path.join(repo.root, '.staging', summary.run.runId)), 'the staging area is removed once the run commits')
  })

  it('in tag mode marks duplicates and drops nothing', async () => {
    const repo = await repository()
    await run(repo, RECIPE.replace('steps:', 'mode: tag\nsteps:'))
    const out = await rows(repo, 'silver', 'dedup')
    const expected = model(ALL, 'tag')
    assert.equal(out.length, ALL.length)
    assert.deepEqual(
      out.map((r) => [r.id, r.tag_dedup_exact, r.dup_of]),
      expected.map((e) => [e.id, e.reason === 'exact_duplicate' ? 'exact_duplicate' : null, e.dupOf]),
    )
  })

  it('is deterministic: one worker or two, the same files', async () => {
    const files = async (workers: number, maxTaskBytes: number) => {
      const repo = await repository()
      await run(repo, RECIPE, { workers, maxTaskBytes })
      // File names carry the plan's hash, which the input tables' ids enter: compare contents in order.
      const out: string[] = []
      for (const table of ['dedup', 'dedup__rejected']) {
        const snapshot = await loadSnapshot(datasetStore(repo, 'silver', table))
        for (const f of snapshot.files) out.push(`${table}: ${createHash('sha256').update(readFileSync(path.join(repo.root, 'silver', table, f.path))).digest('hex')}`)
      }
      return { out, staging: readdirSync(path.join(repo.root, '.staging')) }
    }
    const a = await files(1, 64 << 20)
    const b = await files(2, 64 << 20)
    assert.deepEqual(b.out, a.out)
    assert.deepEqual(a.staging, [])
  })
})
