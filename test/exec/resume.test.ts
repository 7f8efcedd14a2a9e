// Kills `strata run` with SIGKILL at seeded random moments and checks that finishing the
// run (by --resume or by running the recipe again) gives exactly the uninterrupted output.
// The recipe has a global step, so kills land in either stage and at the barrier.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { LocalStore } from '../../src/io/local-store.ts'
import { openCatalog } from '../../src/catalog/open-catalog.ts'
import { datasetStore, findRepository, initRepository } from '../../src/repo/repository.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import type { StructType } from '../../src/table/schema.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { REPO_ROOT, tempDir } from '../helpers/temp-dir.ts'

const TRIALS = 12
const CLI = path.join(REPO_ROOT, 'bin/strata.js')
const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'string', nullable: false, metadata: {} },
    { name: 'text', type: 'string', nullable: false, metadata: {} },
  ],
}
const RECIPE = `input: bronze/docs
output: silver/clean
steps:
  - op: mapper.normalize
  - op: filter.length
    min_words: 6
  - op: filter.expr
    expr: "words(text) < 40 or text"
  - op: dedup.exact
  - op: annotate.length
`
const TABLES = ['clean', 'clean__rejected', 'clean__quarantine']

// mulberry32: a small seeded generator, so a failing trial can be replayed.
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function strata(repo: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, '--repo', repo, ...args], { encoding: 'utf8', env: { ...process.env, STRATA_CATALOG_URL: '' } })
}

// Every data file the latest version of each of the three tables references, with its
// bytes, and the rows in order.
async function output(repo: string): Promise<{ files: Record<string, string>; rows: string }> {
  const files: Record<string, string> = {}
  const rows: unknown[] = []
  for (const table of TABLES) {
    const dir = path.join(repo, 'silver', table)
    const snapshot = await loadSnapshot(new LocalStore(dir))
    for (const f of snapshot.files) files[`${table}/${f.path}`] = readFileSync(path.join(dir, f.path)).toString('base64')
    for await (const batch of scan(snapshot)) rows.push(...batch)
  }
  return { files, rows: JSON.stringify(rows) }
}

describe('resume after kill -9', () => {
  it(`finishes ${TRIALS} runs killed at random moments with output identical to an uninterrupted run`, async () => {
    const base = tempDir()
    const repo = await initRepository(base)
    const store = datasetStore(repo, 'bronze', 'docs')
    await createTable(store, { schema: SCHEMA })
    for (let f = 0; f < 16; f++) {
      await writeRows(store, Array.from({ length: 2000 }, (_, j) => {
        const i = f * 2000 + j
        // Every seventh document from the second file on repeats one of the first 1,000.
        const k = i % 7 === 3 && i >= 2000 ? i % 1000 : i
        const words = k % 6 === 0 ? 3 : k % 11 === 0 ? 50 : 10 + (k % 13)
        return { id: `d${i}`, text: Array.from({ length: words }, (_, w) => `w${(k + w) % 50}`).join(i % 2 ? ' ' : '   ') + ` n${k}` }
      }))
    }
    writeFileSync(path.join(base, 'recipe.yaml'), RECIPE)

    const reference = tempDir()
    cpSync(base, reference, { recursive: true })
    const started = Date.now()
    const clean = strata(reference, 'run', path.join(reference, 'recipe.yaml'), '--workers', '2', '--task-mb', '1', '--json')
    const duration = Date.now() - started
    assert.equal(clean.status, 0, clean.stderr)
    const dedup = (JSON.parse(clean.stdout) as { run: { details: { steps: { op: string; dropped: Record<string, number> }[] } } }).run.details.steps.find((s) => s.op === 'dedup.exact')
    assert.ok(dedup && dedup.dropped.exact_duplicate! > 1000, 'the recipe drops duplicates')
    const expected = await output(reference)
    assert.equal(Object.keys(expected.files).filter((f) => f.startsWith('clean/')).length, 16)

    const next = random(20261121)
    const outcomes: string[] = []
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = tempDir()
      cpSync(base, dir, { recursive: true })
      // Most kills land after start-up, where the run has state to lose.
      const delay = Math.floor((trial < 3 ? next() * 0.4 : 0.4 + next() * 0.7) * duration)
      const child = spawn(process.execPath, [CLI, '--repo', dir, 'run', path.join(dir, 'recipe.yaml'), '--workers', '2', '--task-mb', '1'], { stdio: 'ignore', env: { ...process.env, STRATA_CATALOG_URL: '' } })
      const exited = new Promise((resolve) => child.once('exit', resolve))
      await new Promise((resolve) => setTimeout(resolve, delay))
      child.kill('SIGKILL')
      await exited

      const catalog = await openCatalog(await findRepository(dir), {})
      const runs = await catalog.listRuns()
      const doneBefore = runs.length === 1 ? (await catalog.listTasks(runs[0]!.runId)).filter((t) => t.status === 'done') : []
      await catalog.close()
      const byId = trial % 2 === 0 && runs.length === 1
      const finish = byId ? strata(dir, 'run', '--resume', runs[0]!.runId, '--json') : strata(dir, 'run', path.join(dir, 'recipe.yaml'), '--json')
      assert.equal(finish.status, 0, `trial ${trial} (killed after ${delay} ms): ${finish.stderr}`)
      const result = JSON.parse(finish.stdout) as { status: string; tasksReused: number; run: { runId: string; status: string; details: { counts: { in: number; kept: number; rejected: number; quarantine: number }[] } } }
      assert.equal(result.run.status, 'succeeded')
      if (runs.length === 1) assert.equal(result.run.runId, runs[0]!.runId, `trial ${trial}: a new run was started instead of resuming`)
      if (result.status === 'succeeded') assert.equal(result.tasksReused, doneBefore.length, `trial ${trial}: tasks done before the kill were not all reused`)
      for (const c of result.run.details.counts) assert.equal(c.in, c.kept + c.rejected + c.quarantine)
      const actual = await output(dir)
      assert.deepEqual(Object.keys(actual.files).sort(), Object.keys(expected.files).sort(), `trial ${trial}: different files`)
      assert.ok(Object.keys(expected.files).every((f) => actual.files[f] === expected.files[f]), `trial ${trial}: file contents differ`)
      assert.equal(actual.rows, expected.rows, `trial ${trial}: different rows`)
      outcomes.push(`${delay}ms:${runs[0]?.status ?? 'none'}/${byId ? 'resume' : 'rerun'}/${result.status}/reused ${result.tasksReused}${doneBefore.some((t) => t.taskId.startsWith('s1-')) ? ' (in stage 2)' : ''}`)
    }
    // The kills must land in different phases for the test to mean something.
    assert.ok(outcomes.some((o) => o.includes(':none/')), `no kill before the run was recorded: ${outcomes.join(', ')}`)
    assert.ok(outcomes.some((o) => /reused [1-9]/.test(o)), `no kill after a task was done: ${outcomes.join(', ')}`)
    assert.ok(outcomes.some((o) => o.includes('(in stage 2)')), `no kill after the barrier: ${outcomes.join(', ')}`)
    console.log(`trials: ${outcomes.join(', ')}`)
  })
})
