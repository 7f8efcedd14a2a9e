// Shard writing: `exportVersion` writing a tokenized table (the bench corpus after a
// tokenize step, cl100k_base) as Megatron-LM files and as Hugging Face Parquet shards. MB
// are bytes of the files written: token ids for Megatron, compressed Parquet for hf.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runRecipe } from '../../src/exec/run.ts'
import { exportVersion, type ExportFormat } from '../../src/gold/export.ts'
import { datasetStore } from '../../src/repo/repository.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import type { BenchCase } from '../measure.ts'
import { bronzeRepository } from './engine-bronze.ts'
import { CURATION_BYTES } from './engine.ts'

function exportCase(format: ExportFormat, description: string): BenchCase {
  return {
    name: `export-${format}`,
    description: `exportVersion --format ${format}: ${description}, from the bench corpus tokenized with cl100k_base (25 MB of text), table order (MB/s of files written)`,
    async setup(scale) {
      const bronze = await bronzeRepository({ bytes: Math.round(CURATION_BYTES * scale) }, 1)
      const recipe = 'input: bronze/bench\noutput: gold/tokens\nsteps:\n  - op: tokenize\n    encoding: cl100k_base\n    eos: "<|endoftext|>"\n'
      await runRecipe({ repo: bronze.repo, catalog: bronze.catalog, recipe: { text: recipe, file: 'tokens.yaml' }, workers: 2, retries: 0, maxTaskBytes: 64 << 20, actor: 'bench' })
      const snapshot = await loadSnapshot(datasetStore(bronze.repo, 'gold', 'tokens'))
      const out = mkdtempSync(path.join(tmpdir(), 'strata-bench-export-'))
      const write = () => exportVersion({ snapshot, label: 'gold/tokens', dataset: 'gold/tokens', format, dir: out, force: true, vocabSize: 100_277, provenance: null })
      const first = await write()
      const fileBytes = first.splits.reduce((n, s) => n + s.files.reduce((m, f) => m + f.bytes, 0), 0)
      return {
        bytes: fileBytes,
        items: bronze.docs,
        run: async () => {
          const result = await write()
          return { detail: { documents: result.splits.reduce((n, s) => n + s.documents, 0), tokens: result.splits.reduce((n, s) => n + (s.tokens ?? 0), 0), fileBytes } }
        },
        cleanup: async () => {
          rmSync(out, { recursive: true, force: true })
          await bronze.close()
        },
      }
    },
  }
}

/** Shard writing, token files and Parquet. */
export const exportCases: readonly BenchCase[] = [exportCase('megatron', 'train.bin/.idx, uint16 impossible at 100k tokens so int32'), exportCase('hf', 'zstd Parquet shards and the dataset card')]
