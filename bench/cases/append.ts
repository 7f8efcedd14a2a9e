import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { LocalStore } from '../../src/io/local-store.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import type { StructType } from '../../src/table/schema.ts'
import type { BenchCase } from '../measure.ts'

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'string', nullable: false, metadata: {} },
    { name: 'text', type: 'string', nullable: true, metadata: {} },
    { name: 'source', type: 'string', nullable: true, metadata: {} },
    { name: 'url', type: 'string', nullable: true, metadata: {} },
  ],
}

// English-like text: a 5,000-word vocabulary of syllable words drawn with a Zipf law from a
// seeded generator (mulberry32), 1-3 KB per document; zstd compresses it about as real text.
function documents(count: number): Record<string, unknown>[] {
  let seed = 42
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  const syllables = 'ka lo mi ne ta ri so ve du pa le mo ar en is on ul th st re in ou an er'.split(' ')
  const vocabulary = Array.from({ length: 5000 }, () => {
    let w = ''
    for (let n = 1 + Math.floor(next() * 3); n > 0; n--) w += syllables[Math.floor(next() * syllables.length)]
    return w
  })
  const zipf = () => vocabulary[Math.min(vocabulary.length - 1, Math.floor(Math.exp(next() * Math.log(vocabulary.length))) - 1)]
  return Array.from({ length: count }, (_, i) => {
    const target = 1024 + Math.floor(next() * 2048)
    let text = ''
    while (text.length < target) text += `${zipf()}${next() < 0.08 ? '. ' : ' '}`
    return { id: `doc-${i}`, text, source: 'bench', url: `https://example.org/${i}` }
  })
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
