// The main job for now: a repository, a versioned bronze dataset built from the bundled
// public-domain corpus over several commits, then the CLI reading it back — history, rows,
// SQL, time travel and restore. Re-running starts from a fresh repository in .tmp/demo.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { main } from '../src/cli/main.ts'
import { initRepository, datasetStore } from '../src/repo/repository.ts'
import type { StructType } from '../src/table/schema.ts'
import { createTable, writeRows } from '../src/table/write.ts'

const root = path.resolve(import.meta.dirname, '..')
const repoDir = path.join(root, '.tmp', 'demo')
const corpus = path.join(root, 'demo', 'corpus')

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'string', nullable: false, metadata: {} },
    { name: 'text', type: 'string', nullable: false, metadata: {} },
    { name: 'source', type: 'string', nullable: false, metadata: {} },
    { name: 'url', type: 'string', nullable: true, metadata: {} },
    { name: 'license', type: 'string', nullable: false, metadata: {} },
    { name: 'ingestion_id', type: 'string', nullable: false, metadata: {} },
    { name: 'created_at', type: 'timestamp', nullable: true, metadata: {} },
    { name: 'fetched_at', type: 'timestamp', nullable: true, metadata: {} },
    { name: 'meta', type: 'string', nullable: true, metadata: {} },
  ],
}

function documents(file: string, ingestionId: string): Record<string, unknown>[] {
  const paragraphs = readFileSync(path.join(corpus, file), 'utf8').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
  return paragraphs.map((text, i) => ({
    id: createHash('sha256').update(`demo\0${file}\0${i}`).digest('hex').slice(0, 32),
    text,
    source: 'demo-corpus',
    url: null,
    license: 'public-domain',
    ingestion_id: ingestionId,
    created_at: null,
    fetched_at: new Date(),
    meta: JSON.stringify({ file, paragraph: i }),
  }))
}

async function strata(...args: string[]): Promise<void> {
  console.log(`\n$ strata ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`)
  const code = await main(['--repo', repoDir, ...args])
  if (code !== 0) throw new Error(`strata ${args.join(' ')} exited ${code}`)
}

rmSync(repoDir, { recursive: true, force: true })
const repo = await initRepository(repoDir)
console.log(`repository: ${repoDir}`)
const store = datasetStore(repo, 'bronze', 'speeches')
await createTable(store, { schema: SCHEMA, name: 'speeches', description: 'public-domain demo corpus' })
const files = readdirSync(corpus).filter((f) => f.endsWith('.txt')).sort()
for (const [i, file] of files.entries()) await writeRows(store, documents(file, `demo-${i + 1}`))
// A mistaken overwrite, to undo with time travel and restore.
await writeRows(store, documents(files[0]!, 'demo-mistake').slice(0, 1), { mode: 'overwrite' })

await strata('ls')
await strata('log', 'bronze/speeches')
await strata('head', 'bronze/speeches', '-n', '3')
await strata('sql', 'select source, count(*) as docs, sum(length(text)) as chars from bronze.speeches group by source')
await strata('sql', 'select count(*) as docs_at_v2 from "bronze/speeches@2"')
await strata('restore', 'bronze/speeches@2')
await strata('sql', 'select ingestion_id, count(*) as docs from bronze.speeches group by 1 order by 1')
