// The engine cases' input: the seeded benchmark corpus (bench/corpus.ts) ingested into
// bronze/bench of a fresh repository. The corpus is generated once per size into
// .tmp/bench/ and reused, since generating it takes longer than any engine run (delete that
// folder after changing the generator).
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { openCatalog } from '../../src/catalog/open-catalog.ts'
import type { Catalog } from '../../src/catalog/catalog.ts'
import { ingest } from '../../src/ingest/ingest.ts'
import { initRepository, type Repository } from '../../src/repo/repository.ts'
import { writeCorpus } from '../corpus.ts'

const CACHE = fileURLToPath(new URL('../../.tmp/bench/', import.meta.url))
const SEED = 1

/** A repository holding bronze/bench, and its catalog, open. */
export interface Bronze {
  readonly repo: Repository
  readonly catalog: Catalog
  readonly docs: number
  /** UTF-8 bytes of the documents' text: the engine cases' MB basis. */
  readonly textBytes: number
  /** Closes the catalog and deletes the repository. */
  close(): Promise<void>
}

/** How much of the corpus: bytes of text, or a number of documents. */
export type CorpusSize = { readonly bytes: number } | { readonly docs: number }

/**
 * A fresh repository whose bronze/bench holds the corpus of `size` (bytes of text or documents), ingested
 * in `shards` consecutive slices, one ingestion (so one commit and at least one data file)
 * each: one slice gives the layout of a single large drop, many give the many files a
 * dataset fed by daily drops has.
 */
export async function bronzeRepository(size: CorpusSize, shards: number): Promise<Bronze> {
  const corpus = benchCorpus(size)
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-engine-'))
  const repo = await initRepository(path.join(dir, 'repo'))
  // The repository's own SQLite catalog, whatever STRATA_CATALOG_URL says.
  const catalog = await openCatalog(repo, {})
  const load = (file: string) =>
    ingest({ repo, catalog, sources: [file], cwd: dir, dataset: 'bench', source: 'bench', license: 'CC0-1.0', format: 'jsonl', maxDocBytes: 10 << 20, onPolicy: 'refuse', actor: 'bench' })
  if (shards === 1) await load(corpus.file)
  else {
    // Line by line: a large corpus does not fit in one string.
    let lines: string[] = []
    let shard = 0
    let read = 0
    for await (const line of createInterface({ input: createReadStream(corpus.file), crlfDelay: Infinity })) {
      lines.push(line)
      if (++read < Math.floor(((shard + 1) * corpus.docs) / shards)) continue
      const file = path.join(dir, `shard-${String(shard++).padStart(3, '0')}.jsonl`)
      writeFileSync(file, `${lines.join('\n')}\n`)
      lines = []
      await load(file)
      rmSync(file)
    }
  }
  return {
    repo,
    catalog,
    docs: corpus.docs,
    textBytes: corpus.textBytes,
    close: async () => {
      await catalog.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The seeded corpus of `size` as JSONL, generated into .tmp/bench/ the first time. */
export function benchCorpus(size: CorpusSize): { file: string; docs: number; textBytes: number } {
  const dir = path.join(CACHE, `engine-corpus-seed${SEED}-${'bytes' in size ? size.bytes : `${size.docs}-docs`}`)
  if (!existsSync(dir)) {
    mkdirSync(CACHE, { recursive: true })
    const partial = mkdtempSync(`${dir}.partial-`)
    writeCorpus({ out: partial, format: 'jsonl', seed: SEED, ...size })
    renameSync(partial, dir)
  }
  const truth = JSON.parse(readFileSync(path.join(dir, 'corpus.truth.json'), 'utf8')) as { docs: number; text_bytes: number }
  return { file: path.join(dir, 'corpus.jsonl'), docs: truth.docs, textBytes: truth.text_bytes }
}
