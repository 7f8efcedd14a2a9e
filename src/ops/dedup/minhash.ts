import { statSync } from 'node:fs'
import path from 'node:path'
import { StrataError } from '../../core/errors.ts'
import type { StructField } from '../../table/schema.ts'
import type { Doc, OperatorSpec, Verdict } from '../operator.ts'
import { IndexWriter, checkSettings, readRecords, readRoots } from './dedup-index.ts'
import { DocTable } from './doc-table.ts'
import { BandSpill, memoryBuckets } from './lsh-buckets.ts'
import { LshClusters } from './lsh-clusters.ts'
import { MinHasher, jaccard } from './minhash-signature.ts'

export interface MinhashDedupConfig {
  readonly column: string
  readonly id_column: string
  readonly ngram: number
  readonly bands: number
  readonly rows: number
  readonly seed: number
  /** Candidate pairs below this exact Jaccard are not merged; defaults to the bands x rows S-curve's threshold, (1/bands)^(1/rows). */
  readonly threshold?: number
  readonly verify: boolean
  readonly keep: string
  readonly memory_mb: number
  /** A dataset ref whose index the engine hands `decide` (see `DecideContext.against`). */
  readonly against?: string
}

const string = (name: string): StructField => ({ name, type: 'string', nullable: true, metadata: {} })
const COLUMNS: readonly StructField[] = [string('dup_cluster'), { name: 'dup_cluster_size', type: 'integer', nullable: true, metadata: {} }, string('dup_of')]

/**
 * `dedup.minhash`: near-duplicate removal with MinHash and LSH. Each document's word
 * n-gram shingles are signed with bands x rows min-hashes (14 x 8 by default, as
 * datatrove); documents that agree on every row of some band are candidates; with
 * `verify`, a candidate pair is merged only if the exact Jaccard of the shingle sets
 * reaches the threshold. Connected components are the clusters; one document of each is
 * kept (`keep`: `first` in input order, `longest` text, or the highest value of a numeric
 * column, ties to the first), the others are dropped as `near_duplicate` with `dup_of`
 * naming it; every member of a cluster carries `dup_cluster` (the kept id) and its size.
 * With `against`, the documents of that dataset version's index come first, in their
 * clusters: a new document joining one is dropped, since the dataset already holds the
 * cluster's kept document. The step's index holds every document it saw (its key) and
 * the kept document of its cluster.
 */
export const minhashDedup: OperatorSpec<MinhashDedupConfig> = {
  name: 'dedup.minhash',
  kind: 'global',
  version: 2,
  summary: 'drop near-duplicates found by MinHash LSH (word shingles, bands x rows), one kept per cluster',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      id_column: { type: 'string', default: 'id', description: 'the column dup_cluster and dup_of record' },
      ngram: { type: 'integer', minimum: 1, default: 5, description: 'words per shingle' },
      bands: { type: 'integer', minimum: 1, default: 14, description: 'LSH bands' },
      rows: { type: 'integer', minimum: 1, default: 8, description: 'min-hashes per band' },
      seed: { type: 'integer', default: 1, description: 'picks the hash functions' },
      threshold: { type: 'number', minimum: 0, maximum: 1, description: 'Jaccard a verified pair must reach; default (1/bands)^(1/rows)' },
      verify: { type: 'boolean', default: true, description: 'check candidate pairs by exact Jaccard of their shingles (removes LSH false positives)' },
      keep: { type: 'string', default: 'first', description: "which document of a cluster stays: first, longest, or a numeric column (highest wins)" },
      memory_mb: { type: 'number', exclusiveMinimum: 0, default: 2048, description: 'memory for deciding; a larger corpus is clustered from sorted band files on disk, with the same result' },
      against: { type: 'string', description: 'a dataset (zone/name or zone/name@version) made by a run with this step: drop near-duplicates of what it already saw, from the index that run kept' },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const hasher = new MinHasher({ ngram: c.ngram, bands: c.bands, rows: c.rows, seed: c.seed })
    const threshold = c.threshold ?? (1 / c.bands) ** (1 / c.rows)
    const rank = keepRank(c)
    const bandWords = 2 * c.bands
    const bandScratch = new Uint32Array(bandWords)
    return {
      kind: 'global',
      columns: COLUMNS,
      // Key: keep rank (f64), band hashes (u32 x 2 x bands), shingle count and shingles (u32, when verifying), id (UTF-8).
      key: (batch) =>
        batch.map((doc) => {
          const text = doc[c.column]
          if (typeof text !== 'string') return new Uint8Array(0)
          const kept = hasher.sign(text, bandScratch, 0, c.verify)
          if (!kept) return new Uint8Array(0)
          const id = Buffer.from(String(doc[c.id_column] ?? ''))
          const key = Buffer.allocUnsafe(8 + 4 * bandWords + 4 + 4 * kept.length + id.length)
          key.writeDoubleLE(rank(doc, text), 0)
          let at = 8
          for (let i = 0; i < bandWords; i++, at += 4) key.writeUInt32LE(bandScratch[i]!, at)
          key.writeUInt32LE(kept.length, at)
          at += 4
          // Shingle hashes as they lie in memory: little-endian on every platform Node supports here.
          Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).copy(key, at)
          at += kept.byteLength
          id.copy(key, at)
          return key
        }),
      decide: async (keys, context) => {
        // The spec's version names the signature scheme: an index signed another way cannot be compared.
        const settings = { version: minhashDedup.version, ngram: c.ngram, bands: c.bands, rows: c.rows, seed: c.seed, verify: c.verify }
        const against = context.against
        if (against) checkSettings(minhashDedup.name, against, settings)
        const budget = c.memory_mb * 2 ** 20
        // Keys are about a third of what deciding in memory holds (strings, arrays, sort buffers).
        const external = (context.keyBytes + (against ? statSync(path.join(against.dir, 'records.bin')).size : 0)) * 3 > budget
        const docs = new DocTable(external ? path.join(context.scratch, 'docs') : undefined)
        const spill = external ? new BandSpill(path.join(context.scratch, 'bands'), c.bands, Math.max(1024, Math.floor(budget / 4 / (c.bands * 12)))) : undefined
        const index = context.index === undefined ? undefined : new IndexWriter(context.index, settings)
        let bands = new Uint32Array(external ? bandWords : 1024 * bandWords)
        const add = (key: Buffer, rank: number, position: number) => {
          const n = docs.size
          const at = spill ? 0 : n * bandWords
          if (at + bandWords > bands.length) {
            const grown = new Uint32Array(bands.length * 2)
            grown.set(bands)
            bands = grown
          }
          for (let i = 0; i < bandWords; i++) bands[at + i] = key.readUInt32LE(8 + 4 * i)
          spill?.add(n, bands, 0)
          const count = key.readUInt32LE(8 + 4 * bandWords)
          const shingles = 12 + 4 * bandWords
          docs.add(rank, position, key.subarray(shingles + 4 * count), key.subarray(shingles, shingles + 4 * count))
          index?.add(key)
        }
        // The index's documents: the kept one of each cluster outranks every new document; the others never win.
        const oldRoots = against ? readRoots(against) : new Uint32Array(0)
        if (against) for (const key of readRecords(against)) add(key, oldRoots[docs.size] === docs.size ? Infinity : -Infinity, -1)
        const old = docs.size
        let position = 0
        for await (const raw of keys) {
          if (raw.length > 0) {
            const key = Buffer.from(raw.buffer, raw.byteOffset, raw.length)
            add(key, key.readDoubleLE(0), position)
          }
          position++
        }
        spill?.finish()
        const clusters = new LshClusters(docs.size, c.verify ? (a, b) => jaccard(docs.shingles(a), docs.shingles(b)) >= threshold : () => true)
        for (let i = 0; i < old; i++) clusters.join(i, oldRoots[i]!)
        for (let band = 0; band < c.bands; band++) {
          for (const [members, h2] of spill ? spill.buckets(band) : memoryBuckets(bands.subarray(0, docs.size * bandWords), c.bands, band)) {
            // Members ascend: a bucket of the index's documents alone was seen when the index was made.
            if (members.at(-1)! >= old) clusters.addBucket(members, h2)
          }
        }
        try {
          const kept = keptOf(clusters.roots(), docs)
          index?.close(kept)
          return verdicts(kept, docs)
        } finally {
          docs.close()
        }
      },
    }
  },
}

// The number a document competes on for staying in its cluster: higher wins, ties go to the first.
function keepRank(c: MinhashDedupConfig): (doc: Doc, text: string) => number {
  if (c.keep === 'first') return () => 0
  if (c.keep === 'longest') return (_doc, text) => text.length
  return (doc) => {
    const v = doc[c.keep]
    if (typeof v === 'number') return Number.isNaN(v) ? -Infinity : v
    if (typeof v === 'bigint') return Number(v)
    if (v === null || v === undefined) return -Infinity
    throw new StrataError('invalid_argument', `dedup.minhash: keep: column '${c.keep}' holds ${typeof v} values; it must be numeric (or keep: first | longest)`)
  }
}

// Each document's cluster's kept document: the highest rank, ties to the first.
function keptOf(root: Int32Array, docs: DocTable): Uint32Array {
  const best = new Int32Array(root.length).fill(-1)
  for (let i = 0; i < root.length; i++) {
    const r = root[i]!
    if (best[r] === -1 || docs.rank(i) > docs.rank(best[r]!)) best[r] = i
  }
  const kept = new Uint32Array(root.length)
  for (let i = 0; i < root.length; i++) kept[i] = best[root[i]!]!
  return kept
}

// Every new document of a cluster of two or more gets a verdict: the kept one its cluster
// and size, the others also `near_duplicate` and `dup_of`.
function verdicts(kept: Uint32Array, docs: DocTable): Map<number, Verdict> {
  const size = new Int32Array(kept.length)
  for (let i = 0; i < kept.length; i++) size[kept[i]!]!++
  const out = new Map<number, Verdict>()
  const keptIds = new Map<number, string>()
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i]!
    if (size[k]! < 2 || docs.position(i) < 0) continue
    let id = keptIds.get(k)
    if (id === undefined) keptIds.set(k, (id = docs.id(k)))
    const values = { dup_cluster: id, dup_cluster_size: size[k]!, dup_of: null }
    out.set(docs.position(i), k === i ? { reason: null, values } : { reason: 'near_duplicate', values: { ...values, dup_of: id } })
  }
  return out
}
