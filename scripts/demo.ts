// The main job: a fresh repository in .tmp/demo, the bundled public-domain corpus
// (examples/corpus) ingested into bronze with its provenance, the cleaning recipe
// (examples/clean.yaml) run into silver, the gold recipe (examples/gold.yaml) tokenizing
// it with a validation split, exported as Megatron-LM files and as a Hugging Face dataset
// with its card, then a summary: where every document went and why, the versions
// created, and the commands to look further.
import { rmSync } from 'node:fs'
import path from 'node:path'
import { main } from '../src/cli/main.ts'
import { openCatalog } from '../src/catalog/open-catalog.ts'
import { OUTPUT_KINDS, companion } from '../src/exec/output-kinds.ts'
import type { RunDetails } from '../src/exec/run.ts'
import { datasetStore, findRepository } from '../src/repo/repository.ts'
import { scan } from '../src/table/scan.ts'
import { loadSnapshot } from '../src/table/snapshot.ts'

const root = path.resolve(import.meta.dirname, '..')
const repo = path.join(root, '.tmp', 'demo')
const examples = path.join(root, 'examples')
const shown = (a: string) => (/[\s"*'$]/.test(a) ? `'${a}'` : a)

async function strata(...args: string[]): Promise<void> {
  console.log(`\n$ strata ${args.map(shown).join(' ')}`)
  const code = await main(['--repo', repo, ...args])
  if (code !== 0) throw new Error(`strata ${args.join(' ')} exited ${code}`)
}

console.log(`Strata demo: a repository in ${repo}`)
rmSync(repo, { recursive: true, force: true })
await strata('init', repo)
await strata('dataset', 'bronze/texts', '--description', 'public-domain example corpus, one document per paragraph', '--allowed-licenses', 'LicenseRef-public-domain,CC0-1.0')
await strata('ingest', path.join(examples, 'corpus', '*.txt'), '--into', 'bronze/texts', '--source', 'examples', '--license', 'LicenseRef-public-domain', '--split', 'paragraphs')
await strata('run', path.join(examples, 'clean.yaml'))
await strata('run', path.join(examples, 'gold.yaml'))
const exported = path.join(root, '.tmp', 'demo-export')
rmSync(exported, { recursive: true, force: true })
await strata('export', 'gold/texts-tokens', '--format', 'megatron', '--to', path.join(exported, 'megatron'))
await strata('export', 'gold/texts-tokens', '--format', 'hf', '--to', path.join(exported, 'hf'))

const catalog = await openCatalog(await findRepository(repo), process.env)
const [run] = await catalog.listRuns({ output: 'silver/texts-clean', limit: 1 })
const [gold] = await catalog.listRuns({ output: 'gold/texts-tokens', limit: 1 })
const [ingestion] = await catalog.listIngestions({ dataset: 'bronze/texts' })
await catalog.close()
const d = run!.details as unknown as RunDetails
const g = gold!.details as unknown as RunDetails
const splits = new Map<string, { docs: number; tokens: number }>()
for await (const batch of scan(await loadSnapshot(datasetStore(await findRepository(repo), 'gold', 'texts-tokens')))) {
  for (const doc of batch) {
    const split = splits.get(doc.split as string) ?? { docs: 0, tokens: 0 }
    splits.set(doc.split as string, { docs: split.docs + 1, tokens: split.tokens + Number(doc.token_count) })
  }
}
const tokens = (name: string) => `${splits.get(name)?.docs ?? 0} ${name} documents (${splits.get(name)?.tokens ?? 0} tokens)`
const c = d.counts![0]!
const reasons = d.steps!.flatMap((s) => Object.entries(s.dropped).map(([reason, n]) => `${reason} ${n} (${s.step})`))
const versions = OUTPUT_KINDS.flatMap((kind) => (d.outputs![kind] === null ? [] : [`silver/${companion('texts-clean', kind)}@${d.outputs![kind]}`]))
// This Node came from scripts/with-node.sh when the machine's own is too old: so must the reader's.
const node = process.execPath.includes('strata-node24') ? 'scripts/with-node.sh node' : 'node'
const cli = `${node} ${path.relative(process.cwd(), path.join(root, 'bin', 'strata.js'))} --repo ${path.relative(process.cwd(), repo)}`
console.log(`
Summary
  ingested      ${ingestion!.documentsWritten} documents from ${ingestion!.rawFileCount} files into bronze/texts@${ingestion!.tableVersion} (ingestion ${ingestion!.ingestionId})
  run           ${run!.runId}: ${c.in} in = ${c.kept} kept + ${c.rejected} rejected + ${c.quarantine} quarantined
  dropped       ${reasons.join(', ') || 'none'}
  gold          ${gold!.runId}: ${tokens('train')} + ${tokens('validation')}, cl100k_base
  versions      bronze/texts@${ingestion!.tableVersion}, ${versions.join(', ')}, gold/texts-tokens@${g.outputs!.kept}
  exported      ${path.relative(process.cwd(), exported)}/megatron (train and validation .bin/.idx), ${path.relative(process.cwd(), exported)}/hf (Parquet shards and README.md)

Look further (the repository stays in ${repo}):
  ${cli} log silver/texts-clean
  ${cli} sql 'select step, reason, count(*) as docs from "silver/texts-clean__rejected" group by all'
  ${cli} head silver/texts-clean__rejected -n 5
  ${cli} lineage gold/texts-tokens
  ${cli} card gold/texts-tokens
  ${cli} sql 'select split, count(*) as docs, sum(token_count) as tokens from "gold/texts-tokens" group by all'
  ${cli} run show ${run!.runId}`)
