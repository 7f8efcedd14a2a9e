import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { openCatalog } from '../../src/catalog/open-catalog.ts'
import { ingest } from '../../src/ingest/ingest.ts'
import { initRepository } from '../../src/repo/repository.ts'
import type { BenchCase } from '../measure.ts'
import { jsonl, warcGz } from './readers.ts'

type Input = { readonly file: string; readonly bytes: Uint8Array; readonly raw: number }

function ingestCase(name: string, description: string, build: (count: number) => Input): BenchCase {
  return {
    name,
    description: `strata ingest of ${description} into a bronze dataset (MB/s of uncompressed input)`,
    async setup(scale) {
      const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-ingest-'))
      const count = Math.round(50_000 * scale)
      const input = build(count)
      const file = path.join(dir, input.file)
      writeFileSync(file, input.bytes)
      let run = 0
      return {
        bytes: input.raw,
        items: count,
        run: async () => {
          const repo = await initRepository(path.join(dir, `repo-${run++}`))
          const catalog = await openCatalog(repo)
          const result = await ingest({ repo, catalog, sources: [file], cwd: dir, dataset: 'bench', source: 'bench', license: 'CC0-1.0', format: 'auto', maxDocBytes: 10 << 20, onPolicy: 'refuse', actor: 'bench' })
          await catalog.close()
          if (result.record?.documentsWritten !== count) throw new Error(`${name}: wrote ${result.record?.documentsWritten} of ${count} documents`)
        },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      }
    },
  }
}

export const ingestCases: readonly BenchCase[] = [
  ingestCase('ingest-jsonl', 'JSONL (1-3 KB documents)', (n) => {
    const bytes = jsonl(n)
    return { file: 'corpus.jsonl', bytes, raw: bytes.length }
  }),
  ingestCase('ingest-jsonl-gz', 'JSONL .gz', (n) => {
    const bytes = jsonl(n)
    return { file: 'corpus.jsonl.gz', bytes: gzipSync(bytes), raw: bytes.length }
  }),
  ingestCase('ingest-jsonl-zst', 'JSONL .zst', (n) => {
    const bytes = jsonl(n)
    return { file: 'corpus.jsonl.zst', bytes: zstdCompressSync(bytes), raw: bytes.length }
  }),
  ingestCase('ingest-warc-gz', 'WARC .gz (HTML responses, per-record gzip)', (n) => {
    const { bytes, raw } = warcGz(n)
    return { file: 'crawl.warc.gz', bytes, raw }
  }),
]
