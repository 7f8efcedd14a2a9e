// `npm run bench [-- --only <name>] [--large] [--scale <n>] [--runs <n>] [--compare <old.json>] [--report <results.json>]`
// Runs each case after a warm-up, each in a process of its own (so peak RSS and JIT state
// are the case's alone), prints a Markdown table, writes bench/results/<date>-<commit>.json.
// `--report` prints the tables of an earlier results file instead of running anything.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { append } from './cases/append.ts'
import { engineCases, engineReport } from './cases/engine.ts'
import { exportCases } from './cases/export.ts'
import { ingestCases } from './cases/ingest.ts'
import { minhashSignatures, operatorCases } from './cases/operators.ts'
import { datatroveCases, PEER_COUNTERPARTS } from './cases/peers.ts'
import { readerCases } from './cases/readers.ts'
import { snapshotLoadCheckpoint, snapshotLoadJson } from './cases/snapshot-load.ts'
import { measure, type BenchCase, type BenchResult } from './measure.ts'

const CASES: readonly BenchCase[] = [snapshotLoadJson, snapshotLoadCheckpoint, append, ...ingestCases, ...readerCases, minhashSignatures, ...operatorCases, ...engineCases, ...exportCases, ...datatroveCases()]

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    scale: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    compare: { type: 'string' },
    report: { type: 'string' },
    large: { type: 'boolean' },
    case: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help) {
  console.log(`usage: npm run bench -- [--only <name>] [--large] [--scale <n>] [--runs <n>] [--compare <old.json>] [--report <results.json>]
cases: ${CASES.filter((c) => !c.large).map((c) => c.name).join(', ')}
large cases (minutes each; only with --large): ${CASES.filter((c) => c.large).map((c) => c.name).join(', ')}
example: npm run bench -- --only append --scale 0.5`)
  process.exit(0)
}

// A child process runs exactly one case and prints its result as JSON.
if (values.case) {
  const c = CASES.find((x) => x.name === values.case)!
  console.log(JSON.stringify(await measure(c, Number(values.scale), Number(values.runs))))
  process.exit(0)
}

const results: BenchResult[] = values.report ? (JSON.parse(readFileSync(values.report, 'utf8')) as { results: BenchResult[] }).results : runCases()

function runCases(): BenchResult[] {
  const selected = CASES.filter((c) => Boolean(c.large) === Boolean(values.large) && (!values.only || c.name.includes(values.only)))
  if (selected.length === 0) {
    console.error(`bench: no case matches '${values.only}'; cases: ${CASES.map((c) => c.name).join(', ')}`)
    process.exit(2)
  }
  return selected.map((c) => {
    process.stderr.write(`bench: ${c.name} …\n`)
    const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--case', c.name, '--scale', values.scale!, '--runs', values.runs!], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    })
    return JSON.parse(out.trim().split('\n').at(-1)!) as BenchResult
  })
}

const old: Record<string, BenchResult> = values.compare
  ? Object.fromEntries((JSON.parse(readFileSync(values.compare, 'utf8')).results as BenchResult[]).map((r) => [r.name, r]))
  : {}
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
console.log(`| case | median s | spread | MB/s | MB/s per core | items/s | items/s per core | peak RSS MB |${values.compare ? ' MB/s vs old |' : ''}`)
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|${values.compare ? '---:|' : ''}`)
for (const r of results) {
  const ratio = old[r.name] ? ` ${fmt(r.mbPerSecond / old[r.name]!.mbPerSecond, 2)}x |` : values.compare ? ' – |' : ''
  console.log(`| ${r.name} | ${fmt(r.medianSeconds, 3)} | ${fmt(r.spread * 100)}% | ${fmt(r.mbPerSecond)} | ${fmt(r.mbPerCpuSecond)} | ${fmt(r.itemsPerSecond, 0)} | ${fmt((r.itemsPerSecond * r.medianSeconds) / r.cpuSeconds, 0)} | ${fmt(r.peakRssMb, 0)} |${ratio}`)
}

const engine = engineReport(results)
if (engine) console.log(`\n${engine}`)

// Peers: Strata MB/s per core over the peer's on the same kind of work.
const peers = results.filter((r) => r.name in PEER_COUNTERPARTS)
if (peers.length > 0) {
  console.log('\n| peer case | input | docs out | peer MB/s per core | Strata case | Strata MB/s per core | Strata ÷ peer |')
  console.log('|---|---|---:|---:|---|---:|---:|')
  for (const p of peers) {
    const counterpart = PEER_COUNTERPARTS[p.name]
    const strata = counterpart ? results.find((r) => r.name === counterpart) : undefined
    const subset = String(p.detail?.subset ?? '')
    const [name, rate, ratio] = !counterpart
      ? ['strata: not yet implemented', '–', '–']
      : strata
        ? [counterpart, fmt(strata.mbPerCpuSecond), `${fmt(strata.mbPerCpuSecond / p.mbPerCpuSecond, 2)}x`]
        : [`${counterpart} (not run: --only)`, '–', '–']
    console.log(`| ${p.name} | ${subset} | ${String(p.detail?.docsOut ?? '')} | ${fmt(p.mbPerCpuSecond, 2)} | ${name} | ${rate} | ${ratio} |`)
  }
}


if (!values.report) {
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    } catch {
      return 'nocommit'
    }
  })()
  // A partial run (--only) is named after its filter, so it never replaces a full run's file.
  const only = `${values.large ? '-large' : ''}${values.only ? `-only-${values.only.replace(/[^A-Za-z0-9.-]+/g, '_')}` : ''}`
  const file = new URL(`./results/${new Date().toISOString().slice(0, 10)}-${commit}${only}.json`, import.meta.url)
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
  writeFileSync(file, JSON.stringify({ commit, node: process.version, cpus: cpus().length, scale: Number(values.scale), results }, null, 2))
  console.log(`\nwritten ${file.pathname}`)
}
