import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { LocalStore } from '../../src/io/local-store.ts'
import { serializeCommit, type Action } from '../../src/table/actions.ts'
import { writeCheckpoint } from '../../src/table/checkpoint-write.ts'
import { commitKey } from '../../src/table/commit-file.ts'
import { schemaString } from '../../src/table/schema.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import type { BenchCase } from '../measure.ts'

const FILES_PER_COMMIT = 10

// A synthetic log: `commits` JSON commits of ten adds each, written directly (no data files:
// loading a snapshot reads only the log).
async function buildLog(store: LocalStore, commits: number): Promise<void> {
  const schema = { type: 'struct' as const, fields: [{ name: 'id', type: 'string' as const, nullable: false, metadata: {} }] }
  const head: Action[] = [
    { kind: 'protocol', minReaderVersion: 1, minWriterVersion: 2 },
    { kind: 'metaData', id: 'bench', format: { provider: 'parquet', options: {} }, schemaString: schemaString(schema), partitionColumns: [], configuration: {} },
  ]
  const stats = JSON.stringify({ numRecords: 1000, minValues: { id: 'a' }, maxValues: { id: 'z' }, nullCount: { id: 0 } })
  for (let v = 0; v < commits; v++) {
    const adds: Action[] = Array.from({ length: FILES_PER_COMMIT }, (_, i) => ({
      kind: 'add', path: `part-${v}-${i}.parquet`, partitionValues: {}, size: 1_000_000, modificationTime: 1_700_000_000_000 + v, dataChange: true, stats,
    }))
    const info: Action = { kind: 'commitInfo', info: { timestamp: 1_700_000_000_000 + v, operation: 'WRITE' } }
    await store.put(commitKey(v), new TextEncoder().encode(serializeCommit([info, ...(v === 0 ? head : []), ...adds])))
  }
}

function snapshotCase(checkpoint: boolean): BenchCase {
  return {
    name: checkpoint ? 'snapshot-load-checkpoint' : 'snapshot-load-json',
    description: `snapshot load, 10k commits x 10 files per scale unit, ${checkpoint ? 'from a checkpoint at the last multiple of 10' : 'JSON commits only'}`,
    async setup(scale) {
      const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-log-'))
      const store = new LocalStore(dir)
      const commits = Math.round(10_000 * scale)
      await buildLog(store, commits)
      if (checkpoint) await writeCheckpoint(store, Math.floor((commits - 1) / 10) * 10)
      const bytes = (await store.list('_delta_log/')).reduce((n, b) => n + b.size, 0)
      return {
        bytes,
        items: commits * FILES_PER_COMMIT,
        run: async () => {
          const s = await loadSnapshot(store)
          if (s.files.length !== commits * FILES_PER_COMMIT) throw new Error(`expected ${commits * FILES_PER_COMMIT} files, got ${s.files.length}`)
        },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      }
    },
  }
}

export const snapshotLoadJson = snapshotCase(false)
export const snapshotLoadCheckpoint = snapshotCase(true)
