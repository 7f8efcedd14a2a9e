import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { LocalStore } from '../../src/io/local-store.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import type { StructType } from '../../src/table/schema.ts'
import type { BenchCase } from '../measure.ts'
import { documents } from '../synthetic-text.ts'

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'string', nullable: false, metadata: {} },
    { name: 'text', type: 'string', nullable: true, metadata: {} },
    { name: 'source', type: 'string', nullable: true, metadata: {} },
    { name: 'url', type: 'string', nullable: true, metadata: {} },
  ],
}

export const append: BenchCase = {
  name: 'append',
  description: 'append 1-3 KB text documents as one zstd Parquet commit (MB/s of document text)',
  async setup(scale) {
    const rows = documents(Math.round(50_000 * scale))
    const bytes = rows.reduce((n, r) => n + Buffer.byteLength(r.text as string) + Buffer.byteLength(r.url as string) + 20, 0)
    const dirs: string[] = []
    return {
      bytes,
      items: rows.length,
      run: async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-append-'))
        dirs.push(dir)
        const store = new LocalStore(dir)
        await createTable(store, { schema: SCHEMA })
        await writeRows(store, rows)
      },
      cleanup: async () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })),
    }
  },
}
