import assert from 'node:assert/strict'
import { readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { jsonLines, strata } from '../helpers/cli.ts'
import { REPO_ROOT, tempDir } from '../helpers/temp-dir.ts'

const CORPUS = path.join(REPO_ROOT, 'examples/corpus')



const lines = (text: string) => text.split('\n').slice(0, -1)
// A rendered table row as its cells (cells are separated by two or more spaces).
const cells = (line: string) => line.trim().split(/\s{2,}/)

const CLEAN = `name: clean-texts
input: bronze/texts
output: silver/texts
steps:
  - op: mapper.normalize
  - op: filter.length
    min_words: 8
  - op: filter.expr
    expr: "words(text) <= 400"
    reason: too_long
`

// The same operator twice: its second use is step 'filter.length#2'.
const SHORT = `input: bronze/texts
output: silver/texts-short
steps:
  - op: filter.length
    min_words: 8
  - op: filter.length
    max_words: 100
`

const TYPO = `name: typo
input: bronze/texts
output: silver/typo
steps:
  - op: mapper.normalize
  - op: filter.lenght
    min_words: 8
`

describe('strata run, runs and lineage on the example corpus', () => {
  // Made here, not in before(): tempDir's cleanup then runs after the suite, not after the hook.
  const dir = tempDir()
  const repo = path.join(dir, 'repo')
  let ingestionId: string
  let cleanRun: string
  let shortRun: string

  before(() => {
    assert.equal(strata(dir, 'init', 'repo').code, 0)
    writeFileSync(path.join(repo, 'clean.yaml'), CLEAN)
    writeFileSync(path.join(repo, 'short.yaml'), SHORT)
    writeFileSync(path.join(repo, 'typo.yaml'), TYPO)
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => path.join(CORPUS, f))
    const [ingest] = jsonLines(repo, 'ingest', ...files, '--into', 'bronze/texts', '--source', 'examples', '--license', 'LicenseRef-public-domain', '--split', 'paragraphs')
    const ingestion = ingest!.ingestion as { ingestionId: string; documentsWritten: number; tableVersion: number }
    assert.deepEqual([ingestion.documentsWritten, ingestion.tableVersion], [455, 1])
    ingestionId = ingestion.ingestionId
  })

  it('runs a recipe and reports where each of the 455 documents went, with the versions written', () => {
    const r = strata(repo, 'run', 'clean.yaml')
    assert.equal(r.code, 0, r.stderr)
    const out = lines(r.stdout)
    const head = /^run (run-\d{8}T\d{6}Z-[0-9a-f]{8}) succeeded \(recipe clean-texts\): bronze\/texts@1 -> silver\/texts, 1 tasks$/.exec(out[0]!)
    assert.ok(head, out[0])
    cleanRun = head[1]!
    assert.match(out[1]!, /^ {2}started \d{4}-\d\d-\d\dT[\d:.]+Z, finished \d{4}-\d\d-\d\dT[\d:.]+Z, mode filter$/)
    assert.deepEqual(out.slice(2, 6), [
      '  documents in 455',
      '    kept               371  -> silver/texts@1',
      '    rejected            84  -> silver/texts__rejected@1',
      '    quarantined          0',
    ])
    const [kept, rejected, quarantined] = out.slice(3, 6).map((l) => Number(cells(l)[1]))
    assert.equal(kept! + rejected! + quarantined!, 455)
    assert.deepEqual(cells(out[6]!), ['STEP', 'IN', 'OUT', 'DROPPED BY REASON', 'QUARANTINED', 'BYTES IN', 'TIME'])
    assert.deepEqual(out.slice(7, 10).map((l) => cells(l).slice(0, 5)), [
      ['mapper.normalize', '455', '455', '-', '0'],
      ['filter.length', '455', '372', 'too_few_words 83', '0'],
      ['filter.expr', '372', '371', 'too_long 1', '0'],
    ])
    assert.deepEqual(out.slice(10), [
      'look further:',
      '  strata log silver/texts',
      '  strata head silver/texts__rejected',
      `  strata sql 'select step, reason, count(*) as docs from "silver/texts__rejected" group by all order by docs desc'`,
      '  strata lineage silver/texts',
    ])
  })

  it('does nothing when the same recipe already ran on the same input versions', () => {
    const r = strata(repo, 'run', 'clean.yaml')
    assert.equal(r.code, 0, r.stderr)
    const out = lines(r.stdout)
    assert.equal(out[0], `nothing to do: this recipe already ran on these input versions as ${cleanRun}`)
    assert.equal(out[1], `run ${cleanRun} succeeded (recipe clean-texts): bronze/texts@1 -> silver/texts, 1 tasks`)
    assert.deepEqual(jsonLines(repo, 'log', 'silver/texts').map((v) => v.version), [1, 0])
  })

  it('does nothing when asked to resume a run that finished', () => {
    const r = strata(repo, 'run', '--resume', cleanRun)
    assert.equal(r.code, 0, r.stderr)
    assert.equal(lines(r.stdout)[0], `nothing to do: this recipe already ran on these input versions as ${cleanRun}`)
    const missing = strata(repo, 'run', '--resume', 'nope')
    assert.equal(missing.code, 1)
    assert.equal(lines(missing.stderr)[0], "strata: run 'nope' is not in the catalog; 'strata runs' lists the runs")
  })

  it('prints the run as JSON, and the rerun as a noop of the same run', () => {
    const [first, ...rest] = jsonLines(repo, 'run', 'short.yaml')
    assert.deepEqual(rest, [])
    const run = first!.run as { runId: string; status: string; output: string; details: { counts: { in: number; kept: number; rejected: number; quarantine: number }[]; outputs: unknown } }
    assert.equal(first!.status, 'succeeded')
    assert.equal(first!.tasksReused, 0)
    assert.equal(run.status, 'succeeded')
    assert.equal(run.output, 'silver/texts-short')
    assert.deepEqual(run.details.counts, [{ dataset: 'bronze/texts', version: 1, in: 455, kept: 304, rejected: 151, quarantine: 0 }])
    assert.deepEqual(run.details.outputs, { kept: 1, rejected: 1, quarantine: null })
    shortRun = run.runId
    const [again] = jsonLines(repo, 'run', 'short.yaml')
    assert.equal(again!.status, 'noop')
    assert.equal((again!.run as { runId: string }).runId, shortRun)
  })

  it('writes every rejected document with its reason and the step that dropped it', () => {
    const byStep = `select step, reason, count(*) as docs from "silver/texts__rejected" group by all order by docs desc`
    assert.deepEqual(jsonLines(repo, 'sql', byStep), [
      { step: 'filter.length', reason: 'too_few_words', docs: 83 },
      { step: 'filter.expr', reason: 'too_long', docs: 1 },
    ])
    assert.deepEqual(jsonLines(repo, 'sql', `select step, reason, count(*) as docs from "silver/texts-short__rejected" group by all order by step`), [
      { step: 'filter.length', reason: 'too_few_words', docs: 83 },
      { step: 'filter.length#2', reason: 'too_many_words', docs: 68 },
    ])
    // Kept and rejected are a partition of the input: no document lost, none written twice.
    const accounted = `select count(*) as n, count(distinct id) as ids from (select id from silver.texts union all select id from "silver/texts__rejected")`
    assert.deepEqual(jsonLines(repo, 'sql', accounted), [{ n: 455, ids: 455 }])
    assert.deepEqual(jsonLines(repo, 'sql', `select count(*) as n from bronze.texts where id not in (select id from silver.texts union all select id from "silver/texts__rejected")`), [{ n: 0 }])
  })

  it('lists the runs newest first, as a table and as JSON Lines', () => {
    const r = strata(repo, 'runs')
    assert.equal(r.code, 0, r.stderr)
    const out = lines(r.stdout)
    assert.deepEqual(cells(out[0]!), ['RUN', 'STATUS', 'RECIPE', 'INPUTS', 'OUTPUT', 'IN', 'KEPT', 'REJECTED', 'QUARANTINED', 'STARTED'])
    assert.deepEqual(out.slice(1).map((l) => cells(l).slice(0, 9)), [
      [shortRun, 'succeeded', '-', 'bronze/texts@1', 'silver/texts-short@1', '455', '304', '151', '0'],
      [cleanRun, 'succeeded', 'clean-texts', 'bronze/texts@1', 'silver/texts@1', '455', '371', '84', '0'],
    ])
    const json = jsonLines(repo, 'runs')
    assert.deepEqual(json.map((j) => [j.runId, j.status, j.output]), [
      [shortRun, 'succeeded', 'silver/texts-short'],
      [cleanRun, 'succeeded', 'silver/texts'],
    ])
    assert.deepEqual(jsonLines(repo, 'runs', '--output', 'silver/texts').map((j) => j.runId), [cleanRun])
  })

  it('shows a run with its tasks done', () => {
    const r = strata(repo, 'run', 'show', cleanRun)
    assert.equal(r.code, 0, r.stderr)
    const out = lines(r.stdout)
    assert.equal(out[0], `run ${cleanRun} succeeded (recipe clean-texts): bronze/texts@1 -> silver/texts, 1 tasks`)
    assert.equal(out[2], '  tasks: 1 done, 0 failed, 0 not run')
    assert.equal(out[3], '  documents in 455')
    const [shown] = jsonLines(repo, 'run', 'show', cleanRun)
    assert.deepEqual(shown!.tasks, [{ taskId: '000000', status: 'done', attempts: 1, counts: { in: 455, kept: 371, rejected: 84, quarantine: 0 } }])
  })

  it('exits 1 naming a run that is not in the catalog', () => {
    const r = strata(repo, 'run', 'show', 'nope')
    assert.equal(r.code, 1)
    assert.equal(r.stdout, '')
    assert.equal(lines(r.stderr)[0], "strata: run 'nope' is not in the catalog; 'strata runs' lists the runs")
  })

  it('exits 2 when show is given no run id', () => {
    const r = strata(repo, 'run', 'show')
    assert.equal(r.code, 2)
    assert.equal(lines(r.stderr)[0], 'strata: missing argument <run-id>: the run to show (strata runs lists them)')
  })

  it('traces the output back through the run and the bronze version to the ingestion', () => {
    const r = strata(repo, 'lineage', 'silver/texts')
    assert.equal(r.code, 0, r.stderr)
    const out = lines(r.stdout)
    assert.equal(out.length, 4)
    assert.equal(out[0], 'silver/texts@1')
    assert.match(out[1]!, new RegExp(`^└─ run ${cleanRun} \\(recipe clean-texts\\): succeeded, started \\S+Z$`))
    assert.equal(out[2], '   └─ bronze/texts@1')
    assert.match(
      out[3]!,
      new RegExp(`^ {6}└─ ingestion ${ingestionId}: source examples, license LicenseRef-public-domain, 9 text files, 455 documents, 0 quarantined, at \\S+Z by .+ -> version 1$`),
    )
  })

  it('prints the lineage graph as JSON nodes and edges', () => {
    const [graph] = jsonLines(repo, 'lineage', 'silver/texts')
    const g = graph as { root: string; nodes: { id: string; kind: string }[]; edges: { from: string; to: string }[] }
    assert.equal(g.root, 'silver/texts@1')
    assert.deepEqual(g.nodes.map((n) => [n.id, n.kind]), [
      ['silver/texts@1', 'dataset'],
      [cleanRun, 'run'],
      ['bronze/texts@1', 'dataset'],
      [ingestionId, 'ingestion'],
    ])
    assert.deepEqual(g.edges, [
      { from: cleanRun, to: 'silver/texts@1' },
      { from: 'bronze/texts@1', to: cleanRun },
      { from: ingestionId, to: 'bronze/texts@1' },
    ])
  })

  it('prints the lineage graph as Graphviz dot', () => {
    const r = strata(repo, 'lineage', 'silver/texts__rejected', '--format', 'dot')
    assert.equal(r.code, 0, r.stderr)
    const out = lines(r.stdout)
    assert.equal(out[0], 'digraph lineage {')
    assert.equal(out.at(-1), '}')
    assert.ok(out.includes('  "silver/texts__rejected@1" [shape=box, label="silver/texts__rejected@1"];'), r.stdout)
    assert.deepEqual(out.filter((l) => /^ {2}"[^"]+" -> "[^"]+";$/.test(l)), [
      `  "${cleanRun}" -> "silver/texts__rejected@1";`,
      `  "bronze/texts@1" -> "${cleanRun}";`,
      `  "${ingestionId}" -> "bronze/texts@1";`,
    ])
  })

  it('exits 1 on an unknown operator, naming line, column and the closest operator, and runs nothing', () => {
    const r = strata(repo, 'run', 'typo.yaml')
    assert.equal(r.code, 1)
    assert.equal(r.stdout, '')
    assert.equal(lines(r.stderr)[0], "strata: typo.yaml:6:5: steps[1].op: unknown operator 'filter.lenght'; did you mean 'filter.length'?")
    assert.deepEqual(jsonLines(repo, 'runs', '--output', 'silver/typo'), [])
  })

  it('exits 1 naming a recipe file that does not exist', () => {
    const r = strata(repo, 'run', 'missing.yaml')
    assert.equal(r.code, 1)
    assert.equal(lines(r.stderr)[0], "strata: recipe file 'missing.yaml' does not exist")
  })

  it('exits 2 given neither a recipe file nor --resume, or both', () => {
    const neither = strata(repo, 'run')
    assert.equal(neither.code, 2)
    assert.equal(neither.stdout, '')
    assert.equal(lines(neither.stderr)[0], 'strata: give a recipe file to run, or --resume <run-id> to finish a run')
    const both = strata(repo, 'run', 'clean.yaml', '--resume', cleanRun)
    assert.equal(both.code, 2)
    assert.equal(lines(both.stderr)[0], 'strata: give a recipe file or --resume <run-id>, not both')
  })

  it('shows examples in its help', () => {
    const r = strata(repo, 'run', '--help')
    assert.equal(r.code, 0)
    assert.match(r.stdout, /^Usage: strata run /)
    assert.ok(r.stdout.includes('Examples:\n  strata run recipes/clean-web.yaml\n'), r.stdout)
  })
})
