// The main job for now: a repository, the bundled public-domain corpus ingested into a
// bronze dataset with its provenance, then the CLI reading it back — history, rows, SQL,
// the ingestion record, the audit log, time travel and restore. Starts from a fresh
// repository in .tmp/demo each time.
import { rmSync } from 'node:fs'
import path from 'node:path'
import { main } from '../src/cli/main.ts'

const root = path.resolve(import.meta.dirname, '..')
const repo = path.join(root, '.tmp', 'demo')
const corpus = path.join(root, 'demo', 'corpus')

async function strata(...args: string[]): Promise<void> {
  console.log(`\n$ strata ${args.map((a) => (/[\s"*]/.test(a) ? `'${a}'` : a)).join(' ')}`)
  const code = await main(['--repo', repo, ...args])
  if (code !== 0) throw new Error(`strata ${args.join(' ')} exited ${code}`)
}

rmSync(repo, { recursive: true, force: true })
await strata('init', repo)
await strata('dataset', 'bronze/speeches', '--description', 'public-domain demo corpus', '--allowed-licenses', 'LicenseRef-public-domain,CC0-1.0')
const ingest = ['ingest', path.join(corpus, '*.txt'), '--into', 'bronze/speeches', '--source', 'demo-corpus', '--license', 'LicenseRef-public-domain', '--split', 'paragraphs']
await strata(...ingest)
await strata(...ingest)
await strata('ls')
await strata('log', 'bronze/speeches')
await strata('head', 'bronze/speeches', '-n', '3')
await strata('sql', 'select source, count(*) as docs, sum(length(text)) as chars from bronze.speeches group by source')
await strata('ingestions')
await strata('audit', '--verify')
await strata('sql', 'select count(*) as docs_at_v0 from "bronze/speeches@0"')
