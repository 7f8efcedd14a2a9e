import assert from 'node:assert/strict'
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import type { RunDetails, RunSummary } from '../../src/exec/run.ts'
import { datasetStore, initRepository, type Repository } from '../../src/repo/repository.ts'
import type { StructType } from '../../src/table/schema.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { rows, run, withCatalog } from '../helpers/recipe-run.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'string', nullable: false, metadata: {} },
    { name: 'text', type: 'string', nullable: false, metadata: {} },
    { name: 'lang', type: 'string', nullable: true, metadata: {} },
  ],
}

// Every fifth document is too short, every seventh is long enough that the expression
// below throws on it (`or text`: a string where a boolean belongs), the rest pass.
function doc(i: number): Record<string, unknown> {
  const words = i % 5 === 0 ? 2 : i % 7 === 0 ? 60 : 8 + (i % 9)
  const text = Array.from({ length: words }, (_, w) => `word${(i * 31 + w) % 97}`).join(i % 3 === 0 ? '  \t' : ' ')
  return { id: `doc-${String(i).padStart(5, '0')}`, text: `Cafe\u0301 ${text}`, lang: i % 4 === 0 ? 'de' : 'en' }
}

// What RECIPE does to document i, worked out from how doc() builds it.
function fate(i: number): 'too_few_words' | 'quarantine' | 'not_english' | 'kept' {
  if (i % 5 === 0) return 'too_few_words'
  if (i % 7 === 0) return 'quarantine'
  return i % 4 === 0 ? 'not_english' : 'kept'
}

function tally(n: number): Record<ReturnType<typeof fate>, number> {
  const t = { too_few_words: 0, quarantine: 0, not_english: 0, kept: 0 }
  for (let i = 0; i < n; i++) t[fate(i)]++
  return t
}

const RECIPE = `name: clean
input: bronze/docs
output: silver/clean
steps:
  - op: mapper.normalize
  - op: filter.length
    min_words: 5
  - op: filter.expr
    expr: "words(text) < 50 or text"
  - op: filter.expr
    expr: "lang == 'en'"
    reason: not_english
`

/** A repository whose bronze/docs holds `n` documents in files of `fileRows` rows. */
async function repository(n: number, fileRows: number): Promise<Repository> {
  const repo = await initRepository(tempDir())
  const store = datasetStore(repo, 'bronze', 'docs')
  await createTable(store, { schema: SCHEMA })
  const rows = Array.from({ length: n }, (_, i) => doc(i))
  for (let i = 0; i < n; i += fileRows) await writeRows(store, rows.slice(i, i + fileRows))
  return repo
}

// in = kept + rejected + quarantined, from the run's counts and from the tables themselves.
async function assertAccounted(repo: Repository, summary: RunSummary, inputRows: number): Promise<void> {
  const counts = (summary.run.details as unknown as RunDetails).counts!
  const [c] = counts
  assert.equal(c!.in, inputRows)
  assert.equal(c!.in, c!.kept + c!.rejected + c!.quarantine)
  assert.equal((await rows(repo, 'silver', 'clean')).length, c!.kept)
  if (c!.rejected > 0) assert.equal((await rows(repo, 'silver', 'clean__rejected')).length, c!.rejected)
  if (c!.quarantine > 0) assert.equal((await rows(repo, 'silver', 'clean__quarantine')).length, c!.quarantine)
}

describe('runRecipe', () => {
  it('accounts for every document: kept, rejected with reason and step, quarantined with step and error', async () => {
    const repo = await repository(700, 700)
    const summary = await run(repo, RECIPE)
    assert.equal(summary.status, 'succeeded')
    await assertAccounted(repo, summary, 700)
    const details = summary.run.details as unknown as RunDetails
    const t = tally(700)
    assert.deepEqual(details.counts, [{ dataset: 'bronze/docs', version: 1, in: 700, kept: t.kept, rejected: t.too_few_words + t.not_english, quarantine: t.quarantine }])
    const afterLength = 700 - t.too_few_words
    assert.deepEqual(
      details.steps!.map((s) => [s.step, s.in, s.out, s.dropped, s.quarantined]),
      [
        ['mapper.normalize', 700, 700, {}, 0],
        ['filter.length', 700, afterLength, { too_few_words: t.too_few_words }, 0],
        ['filter.expr', afterLength, afterLength - t.quarantine, {}, t.quarantine],
        ['filter.expr#2', afterLength - t.quarantine, t.kept, { not_english: t.not_english }, 0],
      ],
    )
    const rejected = await rows(repo, 'silver', 'clean__rejected')
    // As the step that dropped it saw it: normalized.
    assert.deepEqual(rejected.find((r) => r.id === 'doc-00000'), { ...doc(0), text: 'Caf\u00e9 word0 word1', reason: 'too_few_words', step: 'filter.length' })
    const quarantined = await rows(repo, 'silver', 'clean__quarantine')
    assert.deepEqual(quarantined.map((r) => r.id), Array.from({ length: 700 }, (_, i) => i).filter((i) => fate(i) === 'quarantine').map((i) => doc(i).id))
    assert.equal(quarantined[0]!.step, 'filter.expr')
    assert.match(String(quarantined[0]!.error), /operator 'or' at column 18 expects booleans, got string/)
    const kept = await rows(repo, 'silver', 'clean')
    assert.ok(kept.every((r) => !/\s{2}|\t/.test(String(r.text)) && String(r.text).startsWith('Caf\u00e9 ')))
  })

  it('writes the same rows in the same order with one worker or two, over many tasks', async () => {
    const one = await repository(3000, 250)
    const two = await repository(3000, 250)
    const a = await run(one, RECIPE, { workers: 1, maxTaskBytes: 1 })
    const b = await run(two, RECIPE, { workers: 2, maxTaskBytes: 1 })
    assert.equal((a.run.details as unknown as RunDetails).tasks, 12)
    await assertAccounted(one, a, 3000)
    await assertAccounted(two, b, 3000)
    assert.deepEqual(await rows(one, 'silver', 'clean'), await rows(two, 'silver', 'clean'))
  })

  it('is deterministic: the same recipe on the same inputs writes identical files', async () => {
    const repo = await repository(1500, 500)
    const copy = tempDir()
    cpSync(repo.root, copy, { recursive: true })
    await run(repo, RECIPE, { maxTaskBytes: 1 })
    await run({ ...repo, root: copy }, RECIPE, { maxTaskBytes: 1 })
    for (const table of ['clean', 'clean__rejected', 'clean__quarantine']) {
      const files = (root: string) => readdirSync(path.join(root, 'silver', table)).filter((f) => f.endsWith('.parquet')).sort()
      assert.equal(files(repo.root).length, 3)
      assert.deepEqual(files(copy), files(repo.root))
      for (const f of files(repo.root)) assert.ok(readFileSync(path.join(repo.root, 'silver', table, f)).equals(readFileSync(path.join(copy, 'silver', table, f))), `${table}/${f} differs`)
    }
  })

  it('does nothing when the recipe already ran on the same input versions, and reruns on new ones', async () => {
    const repo = await repository(100, 100)
    const first = await run(repo, RECIPE)
    const again = await run(repo, RECIPE)
    assert.equal(again.status, 'noop')
    assert.equal(again.run.runId, first.run.runId)
    await writeRows(datasetStore(repo, 'bronze', 'docs'), [doc(100), doc(101)])
    const next = await run(repo, RECIPE)
    assert.equal(next.status, 'succeeded')
    assert.notEqual(next.run.runId, first.run.runId)
    assert.deepEqual((next.run.details as unknown as RunDetails).inputs, [{ dataset: 'bronze/docs', version: 2 }])
    await assertAccounted(repo, next, 102)
    assert.deepEqual((next.run.details as unknown as RunDetails).outputs, { kept: 2, rejected: 2, quarantine: 2 })
  })

  it('runs a recipe again when another recipe replaced its output since', async () => {
    const repo = await repository(100, 100)
    const a = await run(repo, RECIPE)
    const b = await run(repo, RECIPE.replace('min_words: 5', 'min_words: 12'))
    assert.equal(b.status, 'succeeded')
    const again = await run(repo, RECIPE)
    assert.equal(again.status, 'succeeded')
    assert.notEqual(again.run.runId, a.run.runId)
    assert.deepEqual((again.run.details as unknown as RunDetails).outputs, { kept: 3, rejected: 3, quarantine: 3 })
    await assertAccounted(repo, again, 100)
    assert.equal((await run(repo, RECIPE)).status, 'noop')
  })

  it('adds annotator columns that later steps filter on', async () => {
    const repo = await repository(70, 70)
    const recipe = RECIPE.replace('  - op: filter.length\n    min_words: 5\n', '  - op: annotate.length\n  - op: filter.expr\n    expr: "words >= 5"\n    reason: too_few_words\n')
    const summary = await run(repo, recipe)
    await assertAccounted(repo, summary, 70)
    const kept = await rows(repo, 'silver', 'clean')
    assert.deepEqual(kept.map((r) => r.id), Array.from({ length: 70 }, (_, i) => i).filter((i) => fate(i) === 'kept').map((i) => doc(i).id))
    assert.deepEqual(Object.keys(kept[0]!), ['id', 'text', 'lang', 'chars', 'words', 'lines'])
    assert.ok(kept.every((r) => r.words === String(r.text).split(' ').length && r.lines === 1 && r.chars === [...String(r.text)].length))
  })

  it('in tag mode writes each filter verdict as a column and drops nothing', async () => {
    const repo = await repository(70, 70)
    const summary = await run(repo, RECIPE.replace('steps:', 'mode: tag\nsteps:'))
    await assertAccounted(repo, summary, 70)
    const kept = await rows(repo, 'silver', 'clean')
    // Nothing is dropped, so short documents reach the expression too: only long ones throw.
    const ids = Array.from({ length: 70 }, (_, i) => i).filter((i) => fate(i) !== 'quarantine')
    assert.deepEqual(kept.map((r) => r.id), ids.map((i) => doc(i).id))
    assert.deepEqual(Object.keys(kept[0]!), ['id', 'text', 'lang', 'tag_filter_length', 'tag_filter_expr', 'tag_filter_expr_2'])
    assert.deepEqual(kept.map((r) => r.tag_filter_length), ids.map((i) => (i % 5 === 0 ? 'too_few_words' : null)))
    assert.deepEqual(kept.map((r) => r.tag_filter_expr), ids.map(() => null))
    assert.deepEqual(kept.map((r) => r.tag_filter_expr_2), ids.map((i) => (i % 4 === 0 ? 'not_english' : null)))
  })

  it('fails a run whose task keeps failing, commits nothing, and resumes only the tasks not done', async () => {
    const repo = await repository(900, 300)
    const bronze = path.join(repo.root, 'bronze', 'docs')
    const [, second] = (await loadSnapshot(datasetStore(repo, 'bronze', 'docs'))).files
    const damaged = path.join(bronze, second!.path)
    const good = readFileSync(damaged)
    // Pages damaged, footer intact: planning reads the footer, the task fails reading the pages.
    writeFileSync(damaged, Buffer.concat([good.subarray(0, 64), Buffer.alloc(400, 0xa5), good.subarray(464)]))
    await assert.rejects(run(repo, RECIPE, { workers: 1 }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'task_failed')
      assert.match(e.message, /^task 000001 \(part-00000-[0-9a-f-]+-c000\.zstd\.parquet, rows 0-300\) failed 3 times: .*not a valid Parquet file/)
      return true
    })
    assert.throws(() => readdirSync(path.join(repo.root, 'silver', 'clean', '_delta_log')), { code: 'ENOENT' })
    const failed = await withCatalog(repo, async (c) => ({ runs: await c.listRuns(), tasks: await c.listTasks((await c.listRuns())[0]!.runId) }))
    assert.equal(failed.runs[0]!.status, 'failed')
    // One worker stops at the failure: the task after it never ran.
    assert.deepEqual(failed.tasks.map((t) => [t.taskId, t.status, t.attempts]), [['000000', 'done', 1], ['000001', 'failed', 3]])

    writeFileSync(damaged, good)
    const resumed = await run(repo, RECIPE, { workers: 1 })
    assert.equal(resumed.status, 'succeeded')
    assert.equal(resumed.run.runId, failed.runs[0]!.runId)
    assert.equal(resumed.tasksReused, 1)
    await assertAccounted(repo, resumed, 900)
  })
})
