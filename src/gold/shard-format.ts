import type { Doc } from '../ops/operator.ts'

/** One file an export wrote. */
export interface WrittenFile {
  /** Relative to the export folder, with `/` separators: `data/train-00000-of-00002.parquet`. */
  readonly path: string
  /** Documents in the file (copies of a document counted each); 0 for a file that holds none (an index). */
  readonly documents: number
  /** The file's size. */
  readonly bytes: number
}

/** What a split's writer wrote: its files and the token ids it stored (token formats; null for the others). */
export interface WrittenSplit {
  readonly files: readonly WrittenFile[]
  readonly tokens: number | null
}

/**
 * The files of one split: records go in, in the order the export decided, and `finish`
 * closes the files and says what they hold. Await each call before the next.
 */
export interface SplitWriter<R> {
  add(record: R): Promise<void>
  finish(): Promise<WrittenSplit>
}

/**
 * A file format an export writes. A document becomes a record `R` (what the format's
 * writer takes: a JSON line, column values, token ids) by `record`, in table order; the
 * export hands records to the writer of their split, in export order, spilling them to
 * the shuffle's buckets as bytes (`toBytes`, `fromBytes`) when the order is a shuffle.
 * `columns` are the table columns `record` reads.
 */
export interface ShardFormat<R> {
  readonly columns: readonly string[]
  /** The record of a document, or null to leave it out (a token format, for a document without tokens). */
  record(row: Doc): R | null
  toBytes(record: R): Uint8Array
  /** A record from the bytes `toBytes` made; they may be a view into a larger buffer, not aligned. */
  fromBytes(bytes: Uint8Array): R
  /** Starts the files of split `split` (a plain name), in the export folder. */
  open(split: string): Promise<SplitWriter<R>>
}

/** The name of shard `index` of `count` of a split, as Hugging Face names shards: `train-00000-of-00003.parquet`. */
export function shardName(split: string, index: number, count: number, extension: string): string {
  return `${split}-${String(index).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.${extension}`
}

/** The name a shard has while its split is written, before the count of shards is known. */
export function partialShardName(split: string, index: number, extension: string): string {
  return `${split}-${String(index).padStart(5, '0')}.${extension}.partial`
}
