import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { openCatalog } from '../../src/catalog/open-catalog.ts'
import { ingest } from '../../src/ingest/ingest.ts'
import { initRepository } from '../../src/repo/repository.ts'
import type { BenchCase } from '../measure.ts'
import { documents } from '../synthetic-text.ts'

type Compression = 'none' | 'gz' | 'zst'

function ingestCase(compression: Compression): BenchCase {
  const suffix = compression === 'none' ? '' : `.${compression}`
  return {
    name: `ingest-jsonl${suffix}`,
    description: `strata ingest of JSONL${suffix} (1-3 KB documents) into a bronze dataset, MB/s of uncompressed JSONL`,
    async setup(scale) {
      const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-ingest-'))
      const jsonl = Buffer.from(documents(Math.round(50_000 * scale)).map((d) => JSON.stringify(d)).join('\n') + '\n')
      const file = path.join(dir, `corpus.jsonl${suffix}`)
      writeFileSync(file, compression === 'gz' ? gzipSync(jsonl) : compression === 'zst' ? zstdCompressSync(jsonl) : jsonl)
      let run = 0
      return {
        bytes: jsonl.length,
        items: jsonl.toString().split('\n').length - 1,
        run: async () => {
          const repo = await initRepository(path.join(dir, `repo-${run++}`))
          const catalog = await openCatalog(repo)
          await ingest({ repo, catalog, sources: [file], cwd: dir, dataset: 'bench', source: 'bench', license: 'CC0-1.0', format: 'auto', maxDocBytes: 10 << 20, onPolicy: 'refuse', actor: 'bench' })
          await catalog.close()
        },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      }
    },
  }
}

export const ingestJsonl = ingestCase('none')
export const ingestJsonlGz = ingestCase('gz')
export const ingestJsonlZst = ingestCase('zst')
